/** Where the pinned CometBFT binary is: $COMETBFT, else .tools/bin/cometbft in the checkout (`make cometbft` puts it there). */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChainError } from '../../../pkg/errors.js';
import { COMETBFT_VERSION } from '../abci/cometbft-version.js';

export function cometbftBinary(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const bin = env['COMETBFT'] ?? join(root, '.tools', 'bin', 'cometbft');
  if (!existsSync(bin)) {
    throw new ChainError('COMETBFT_MISSING', `CometBFT is not installed at ${bin}: run \`make cometbft\` (needs Go; it runs go install github.com/cometbft/cometbft/cmd/cometbft@v${COMETBFT_VERSION})`);
  }
  const version = execFileSync(bin, ['version'], { encoding: 'utf8' }).trim();
  if (version !== COMETBFT_VERSION) throw new ChainError('COMETBFT_MISSING', `${bin} is CometBFT ${version}, this node speaks ${COMETBFT_VERSION}: run \`make cometbft\``);
  return bin;
}
