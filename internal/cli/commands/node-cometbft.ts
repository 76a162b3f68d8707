/**
 * `wes node --cometbft --home DIR`: this process is one validator's ABCI application. CometBFT
 * (started separately with the same --home, or by `make testnet`) connects to --abci; the HTTP
 * API serves this node's copy of the chain and forwards submissions to CometBFT's RPC (--rpc).
 * Chain id and genesis allocations come from DIR/config/genesis.json (`chain_id`, `app_state`).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ChainError, InvalidRequestError } from '../../../pkg/errors.js';
import { parseAbciAddress } from '../../node/abci/abci-server.js';
import { encodeAppState, parseAppGenesis } from '../../node/abci/app-genesis.js';
import { parseRpcUrl } from '../../node/cometbft/cometbft-rpc.js';
import { WesNode } from '../../node/wes-node.js';
import { EXIT, type CliIO } from '../command.js';

export const COMETBFT_USAGE = `usage: wes node --cometbft --home DIR [--abci ADDR] [--rpc URL] [--data DIR] [--port N] [--memory]

Runs the chain as CometBFT's ABCI application (one validator's app process).
  --home DIR     the validator's CometBFT home (reads config/genesis.json: chain_id, app_state)
  --abci ADDR    where CometBFT connects (its proxy_app): unix:///path/app.sock or
                 tcp://127.0.0.1:PORT (default tcp://127.0.0.1:26658)
  --rpc URL      the validator's CometBFT RPC, for submissions (default http://127.0.0.1:26657)
  --data DIR     chain data (default DIR/wes); restarting on it replays from CometBFT
  --port N       HTTP API port on 127.0.0.1 (default 8645; 0 picks a free one)
  --memory       keep the chain in memory (CometBFT replays it from its own block store)
Stop with Ctrl-C or SIGTERM.`;

interface CometGenesis {
  readonly chainId: string;
  readonly appState: Uint8Array;
}

function readGenesis(home: string): CometGenesis {
  const path = join(home, 'config', 'genesis.json');
  let json: { chain_id?: unknown; app_state?: unknown };
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as typeof json;
  } catch (e) {
    throw new ChainError('BAD_GENESIS', `cannot read CometBFT's genesis ${path}: ${(e as Error).message}`);
  }
  if (typeof json.chain_id !== 'string' || json.chain_id === '') throw new ChainError('BAD_GENESIS', `${path} has no chain_id`);
  return { chainId: json.chain_id, appState: json.app_state === undefined ? new Uint8Array(0) : encodeAppState(json.app_state as Record<string, unknown>) };
}

/** Resolves on the first SIGINT/SIGTERM, after `stop` has run. */
export function untilSignal(io: CliIO, stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((done) => {
    const onSignal = (signal: string): void => {
      io.err(`\n${signal}: stopping the node…`);
      stop().then(
        () => {
          io.err('stopped cleanly');
          done();
        },
        (e: unknown) => {
          io.err(`error while stopping: ${String(e)}`);
          done();
        },
      );
    };
    process.once('SIGINT', () => onSignal('SIGINT'));
    process.once('SIGTERM', () => onSignal('SIGTERM'));
  });
}

export async function runCometBftNode(args: readonly string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      cometbft: { type: 'boolean', default: false },
      home: { type: 'string' },
      abci: { type: 'string', default: 'tcp://127.0.0.1:26658' },
      rpc: { type: 'string', default: 'http://127.0.0.1:26657' },
      data: { type: 'string' },
      port: { type: 'string', default: '8645' },
      memory: { type: 'boolean', default: false },
    },
  });
  if (values.home === undefined) {
    io.err(`--cometbft needs --home\n\n${COMETBFT_USAGE}`);
    return EXIT.usage;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidRequestError('BAD_PORT', `--port ${values.port} is not a port number`);
  const home = resolve(values.home);
  const genesis = readGenesis(home);
  const dataDir = resolve(values.data ?? join(home, 'wes'));
  const node = await WesNode.start(
    {
      chainId: genesis.chainId,
      store: values.memory ? { kind: 'memory' } : { kind: 'leveldb', dir: dataDir },
      compileCacheDir: join(dataDir, 'compile-cache'),
      blocks: { kind: 'cometbft', abci: parseAbciAddress(values.abci), rpc: parseRpcUrl(values.rpc), genesis: parseAppGenesis(genesis.appState) },
      log: (line) => io.err(line),
    },
    { host: '127.0.0.1', port },
  );
  const status = await node.service.status();
  io.out(
    [
      `wes validator app running — chain ${status.chainId}, height ${status.height}`,
      `  API         ${node.url}`,
      `  ABCI        ${values.abci}   (CometBFT's proxy_app)`,
      `  CometBFT    ${values.rpc}`,
      `  data        ${values.memory ? '(in memory)' : dataDir}`,
    ].join('\n'),
  );
  await untilSignal(io, () => node.stop());
  return EXIT.ok;
}
