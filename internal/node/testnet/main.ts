/**
 * `make testnet`: a 4-validator CometBFT network on this machine's loopback, each validator
 * with its own app process and HTTP API. The network is generated afresh in .wes/testnet;
 * the `dev` key of the local keystore is funded in genesis and collects the fees.
 * Ctrl-C stops every process (CometBFT first, then the apps) and waits for them to exit.
 *
 *   node dist/internal/node/testnet/main.js [--validators N] [--base-port P] [--dir DIR]
 * Node i uses ports P+10i (p2p), P+10i+1 (CometBFT RPC), P+10i+2 (wes API).
 */
import 'reflect-metadata';
import { rmSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { addressToBase58 } from '../../../pkg/encoding.js';
import { Keystore, keystorePath } from '../../cli/keystore.js';
import { repoRoot } from '../../cli/repo-paths.js';
import { DEV_FUNDS } from '../../cli/commands/node.js';
import { appGenesisJson } from '../abci/app-genesis.js';
import { cometbftBinary } from './cometbft-binary.js';
import { generateTestnet } from './testnet-layout.js';
import { TestnetProcesses } from './testnet-processes.js';

export const TESTNET_CHAIN_ID = 'wes-testnet';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      validators: { type: 'string', default: '4' },
      'base-port': { type: 'string', default: '27000' },
      dir: { type: 'string', default: '.wes/testnet' },
      keystore: { type: 'string' },
    },
  });
  const validators = Number(values.validators);
  const base = Number(values['base-port']);
  if (!Number.isInteger(validators) || validators < 1 || validators > 16) throw new Error('--validators must be 1..16');
  if (!Number.isInteger(base) || base < 1024 || base + 10 * validators > 65535) throw new Error('--base-port out of range');
  const root = repoRoot();
  const cometbft = cometbftBinary(root);
  const dir = resolve(values.dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const ks = Keystore.open(keystorePath(values.keystore));
  if (!ks.keys.some((k) => k.name === 'dev')) ks.create('dev');
  const dev = addressToBase58(ks.get('dev').address);
  const nodes = generateTestnet({
    cometbft, dir, validators, chainId: TESTNET_CHAIN_ID,
    appState: appGenesisJson({ allocations: [{ address: dev, amount: DEV_FUNDS }], feeCollector: dev }),
    ports: (i) => ({ p2p: base + 10 * i, rpc: base + 10 * i + 1, api: base + 10 * i + 2 }),
  });
  const procs = new TestnetProcesses(nodes, { cometbft, cli: join(root, 'dist', 'internal', 'cli', 'main.js') });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping ${validators} validators…\n`);
    procs.stopAll().then(
      () => process.stderr.write('all processes stopped\n'),
      (e: unknown) => {
        process.stderr.write(`error while stopping: ${String(e)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  process.stderr.write(`starting ${validators} validators (CometBFT ${cometbft}) in ${dir} …\n`);
  let urls: string[];
  try {
    urls = await procs.startAll();
  } catch (e) {
    await procs.stopAll();
    throw e;
  }
  process.stdout.write(
    [
      `wes testnet running — chain ${TESTNET_CHAIN_ID}, ${validators} validators on 127.0.0.1`,
      ...nodes.map((n, i) => `  node${i}  API ${urls[i]}   CometBFT RPC ${n.rpcUrl}   logs ${n.home}/{app,cometbft}.log`),
      `  dev account ${dev} (key "dev" in ${ks.path}) is funded and collects fees`,
      '',
      'try:',
      `  export WES_NODE=${urls[0]}`,
      '  ./wes deploy contracts/build/token.wasm --from dev',
      `  ./wes query balance ${dev} --node ${urls[1]}`,
      '',
      'Ctrl-C stops every process.',
      '',
    ].join('\n'),
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`testnet: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
