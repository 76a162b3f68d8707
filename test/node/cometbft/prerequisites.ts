/**
 * The CometBFT tests need Go's module cache (the ABCI .proto files) and the pinned cometbft
 * binary (`make cometbft`, which `make test` runs). Without them these tests FAIL with this
 * message — they never pass silently.
 */
import { fileURLToPath } from 'node:url';
import { cometbftBinary } from '../../../internal/node/testnet/cometbft-binary.js';
import { cometbftProtoDir } from '../../../internal/node/abci/abci-proto.js';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export function cometbftPrerequisites(): { readonly bin: string; readonly protoDir: string } {
  try {
    return { bin: cometbftBinary(ROOT), protoDir: cometbftProtoDir() };
  } catch (e) {
    throw new Error(`CometBFT multi-node tests cannot run: ${(e as Error).message}. They need Go (the Go module proxy) — run \`make cometbft\` or \`make test\`.`);
  }
}
