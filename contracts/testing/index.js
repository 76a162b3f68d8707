// Compiled by the repository's `make build` (tsc) into dist/; this package is used through a
// file: dependency on this checkout, so its imports resolve inside the repository.
export * from '../../dist/contracts/testing/src/index.js';
