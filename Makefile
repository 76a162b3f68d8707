# wes-engine — every target does its own set-up, so each works on a fresh clone.
NPM ?= npm
NODE ?= node
STAMP := node_modules/.install-stamp

.PHONY: all install build typecheck contracts docs browser test run bench loadtest fuzz check clean cometbft testnet

# CometBFT, pinned (internal/node/abci/cometbft-version.ts says the same version): installed
# from the Go module proxy into .tools/bin; its .proto files are read from the Go module cache.
COMETBFT_VERSION := 0.38.26
COMETBFT := .tools/bin/cometbft
# Go from PATH, else the standard install location.
GO ?= $(shell command -v go 2>/dev/null || { [ -x /usr/local/go/bin/go ] && echo /usr/local/go/bin/go; } || echo go)

all: build

install: $(STAMP)
$(STAMP): package.json package-lock.json
	@echo "install: npm ci (dependencies changed or first run; about a minute) …"
	$(NPM) ci --no-audit --no-fund
	@touch $@

# A second `make build` (and `make run`) does nothing when no source changed: a stamp newer than
# every TypeScript source; when one did change, tsc is incremental (dist/.tsbuildinfo).
TS_SOURCES := $(shell find pkg internal bench contracts/testing/src test/fuzz -name '*.ts' 2>/dev/null) tsconfig.json
BUILD_STAMP := dist/.build-stamp
build: $(BUILD_STAMP)
$(BUILD_STAMP): $(STAMP) $(TS_SOURCES)
	@echo "build: compiling TypeScript (tsc, incremental) …"
	@$(NODE) node_modules/typescript/bin/tsc -p tsconfig.json
	@touch $@

typecheck: install
	@echo "typecheck: tsc on sources and tests …"
	@$(NODE) node_modules/typescript/bin/tsc -p tsconfig.test.json

# AssemblyScript SDK templates -> contracts/build/*.wasm (build.mjs itself skips what is current;
# the stamp saves even loading the compiler when nothing under contracts/ changed).
CONTRACT_SOURCES := $(shell find contracts/templates contracts/sdk -name '*.ts' 2>/dev/null) contracts/build.mjs contracts/feature-gate.mjs
CONTRACTS_STAMP := contracts/build/.stamp
contracts: $(CONTRACTS_STAMP)
$(CONTRACTS_STAMP): $(STAMP) $(CONTRACT_SOURCES)
	@echo "contracts: compiling AssemblyScript templates (asc) …"
	@$(NODE) contracts/build.mjs
	@touch $@

# Generated docs: the SDK reference from its doc comments, the error table from the registry
# (tests fail when either is stale).
docs: build
	$(NODE) scripts/sdk-reference.mjs
	$(NODE) scripts/gen-error-docs.mjs

# Headless Chromium for the explorer's browser test: Debian's package (CI runs as root).
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { echo "installing chromium (apt) for the browser test…"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The 4-validator network (9 processes) runs after the rest, alone: on a 2-core machine it would
# otherwise starve the suite's own process tests.
MULTINODE_TESTS := test/node/cometbft/testnet.test.ts
test: build contracts typecheck browser cometbft
	$(NODE) node_modules/vitest/vitest.mjs run --exclude $(MULTINODE_TESTS)
	$(NODE) node_modules/vitest/vitest.mjs run $(MULTINODE_TESTS)

# Installs CometBFT if it is missing or another version; without Go it says so and fails.
cometbft:
	@if [ -x $(COMETBFT) ] && [ "$$($(COMETBFT) version 2>/dev/null)" = "$(COMETBFT_VERSION)" ]; then exit 0; fi; \
	if ! command -v $(GO) >/dev/null 2>&1; then \
	  echo "Go is not installed: CometBFT v$(COMETBFT_VERSION) (multi-node tests, make testnet) needs it. Install Go >= 1.22 and run make again." >&2; exit 1; fi; \
	echo "installing CometBFT v$(COMETBFT_VERSION) into $(COMETBFT) (go install)…"; \
	GOBIN=$(CURDIR)/.tools/bin $(GO) install github.com/cometbft/cometbft/cmd/cometbft@v$(COMETBFT_VERSION)

# A 4-validator CometBFT network on loopback; prints each node's API address; Ctrl-C stops it.
testnet: build contracts cometbft
	$(NODE) dist/internal/node/testnet/main.js $(ARGS)

# A node allocates short-lived objects per transaction (decoded values, receipts, keys): a 32 MiB
# young generation cut main-thread CPU per token call ~8% in make loadtest (bench/RESULTS.md).
NODE_SERVE_FLAGS ?= --max-semi-space-size=32

run: build contracts
	@echo "run: starting the devnet node …"
	$(NODE) $(NODE_SERVE_FLAGS) dist/internal/cli/main.js node --devnet $(ARGS)

# GC helper threads compete with worker threads on a 2-core machine: single-threaded GC and a
# larger young generation took 2-worker scaling from 1.3-1.7x to 1.75x (bench/RESULTS.md).
BENCH_FLAGS ?= --expose-gc --single-threaded-gc --max-semi-space-size=16
# SUITES="calibration" (names in bench/run.ts) reruns only those suites and replaces their sections.
bench: build contracts
	$(NODE) $(BENCH_FLAGS) dist/bench/run.js $(SUITES)

# The load generator alone: a devnet node in its own process, pre-signed transfers and token calls over HTTP.
# LOADGEN_KINDS (native,token), LOADGEN_TRANSFERS, LOADGEN_CALLS, LOADGEN_CONCURRENCY, LOADGEN_BATCH,
# LOADGEN_RATE (paced transfers/s), LOADGEN_CALL_RATE (paced calls/s), LOADGEN_BLOCK_MS, LOADGEN_NODE_FLAGS tune it.
loadtest: build contracts
	$(NODE) dist/bench/loadgen/main.js

# Long mutation fuzz of the loader/engine and the protobuf decoders (the short run is part of make test).
# FUZZ_MUTANTS (engine, default 100000), FUZZ_DECODER_MUTANTS (default 200000), FUZZ_SEED, FUZZ_HANG_MS.
fuzz: build contracts
	$(NODE) dist/test/fuzz/run-fuzz.js

clean:
	rm -rf dist contracts/build node_modules/.install-stamp
