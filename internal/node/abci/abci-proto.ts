/**
 * Loads CometBFT's ABCI protobuf schema (tendermint/abci/types.proto and what it imports) from
 * the pinned cometbft module in the Go module cache — nothing of CometBFT's is copied into this
 * repository. `go env GOMODCACHE` finds the cache (or $GOMODCACHE / $WES_COMETBFT_PROTO_DIR
 * when set, so a node can run where Go is not on PATH).
 *
 * gogoproto/gogo.proto is skipped: it only declares Go code-generation options, which the
 * parser keeps as opaque option strings. google/protobuf/* come bundled with protobufjs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { ChainError } from '../../../pkg/errors.js';
import { COMETBFT_MODULE, COMETBFT_VERSION } from './cometbft-version.js';

/** Where the module's proto/ directory is, or a typed error saying how to get it. */
export function cometbftProtoDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['WES_COMETBFT_PROTO_DIR'];
  if (explicit) return explicit;
  let modCache = env['GOMODCACHE'];
  // Go from PATH, else its standard install location (a CI environment may not put it on PATH).
  for (const go of ['go', '/usr/local/go/bin/go']) {
    if (modCache) break;
    try {
      modCache = execFileSync(go, ['env', 'GOMODCACHE'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      // try the next one
    }
  }
  if (!modCache) {
    throw new ChainError('COMETBFT_PROTO_MISSING', 'Go is not installed (or not on PATH), so the CometBFT .proto files cannot be found; install Go and run `make cometbft`, or set WES_COMETBFT_PROTO_DIR');
  }
  const dir = join(modCache, `${COMETBFT_MODULE}@v${COMETBFT_VERSION}`, 'proto');
  if (!existsSync(join(dir, 'tendermint', 'abci', 'types.proto'))) {
    throw new ChainError('COMETBFT_PROTO_MISSING', `CometBFT v${COMETBFT_VERSION} is not in the Go module cache (${dir}); run \`make cometbft\``);
  }
  return dir;
}

let cached: { dir: string; root: protobuf.Root } | undefined;

/** The resolved ABCI schema (loaded once per process). */
export function abciRoot(dir: string = cometbftProtoDir()): protobuf.Root {
  if (cached?.dir === dir) return cached.root;
  const root = new protobuf.Root();
  root.resolvePath = (_origin: string, target: string): string | null => {
    if (target.startsWith('gogoproto/')) return null;
    return join(dir, target);
  };
  root.loadSync('tendermint/abci/types.proto');
  root.resolveAll();
  cached = { dir, root };
  return root;
}
