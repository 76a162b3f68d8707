/**
 * The one CometBFT release this node speaks ABCI with. The Makefile installs the same version
 * (`go install …/cmd/cometbft@v$(COMETBFT_VERSION)`), and the ABCI .proto files are read from
 * that module in the Go module cache, so the wire schema always matches the binary.
 */
export const COMETBFT_VERSION = '0.38.26';
export const COMETBFT_MODULE = 'github.com/cometbft/cometbft';
