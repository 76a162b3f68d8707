# wes-engine — every target does its own set-up, so each works on a fresh clone.
NPM ?= npm
NODE ?= node
STAMP := node_modules/.install-stamp

.PHONY: all install build typecheck contracts test run bench check clean

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

test: build contracts typecheck
	$(NODE) node_modules/vitest/vitest.mjs run

run: build contracts
	$(NODE) dist/internal/cli/main.js node --devnet $(ARGS)

bench: build contracts
	$(NODE) --expose-gc dist/bench/run.js

clean:
	rm -rf dist contracts/build node_modules/.install-stamp
