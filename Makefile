# wes-engine — every target does its own set-up, so each works on a fresh clone.
NPM ?= npm
NODE ?= node
STAMP := node_modules/.install-stamp

.PHONY: all install build typecheck contracts browser test run bench loadtest check clean

all: build

install: $(STAMP)
$(STAMP): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

build: install
	$(NODE) node_modules/typescript/bin/tsc -p tsconfig.json

typecheck: install
	$(NODE) node_modules/typescript/bin/tsc -p tsconfig.test.json

# AssemblyScript SDK templates -> contracts/build/*.wasm
contracts: install
	$(NODE) contracts/build.mjs

# Headless Chromium for the explorer's browser test: Debian's package (CI runs as root).
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { echo "installing chromium (apt) for the browser test…"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: build contracts typecheck browser
	$(NODE) node_modules/vitest/vitest.mjs run

run: build contracts
	$(NODE) dist/internal/cli/main.js node --devnet $(ARGS)

# GC helper threads compete with worker threads on a 2-core machine: single-threaded GC and a
# larger young generation took 2-worker scaling from 1.3-1.7x to 1.75x (bench/RESULTS.md).
BENCH_FLAGS ?= --expose-gc --single-threaded-gc --max-semi-space-size=16
# SUITES="calibration" (names in bench/run.ts) reruns only those suites and replaces their sections.
bench: build contracts
	$(NODE) $(BENCH_FLAGS) dist/bench/run.js $(SUITES)

# The load generator alone: a devnet node in its own process, pre-signed transfers over HTTP.
# LOADGEN_TRANSFERS, LOADGEN_CONCURRENCY, LOADGEN_RATE, LOADGEN_BLOCK_MS tune it.
loadtest: build contracts
	$(NODE) dist/bench/loadgen/main.js

clean:
	rm -rf dist contracts/build node_modules/.install-stamp
