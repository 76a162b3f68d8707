/**
 * `wes node --devnet`: runs a single-node devnet until Ctrl-C. On first start it creates a
 * `dev` key in the local keystore (client-side tooling; the node itself only learns the
 * address) and funds it in the genesis block.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { addressToBase58, fromHex } from '../../../pkg/encoding.js';
import type { ExternalEvidencePolicy } from '../../../pkg/ports.js';
import { InvalidRequestError } from '../../../pkg/errors.js';
import { DevnetNode } from '../../node/devnet-node.js';
import { LOG_LEVELS, type LogLevel } from '../../api/server.js';
import { EXIT, type Command } from '../command.js';
import { Keystore, keystorePath } from '../keystore.js';
import { COMETBFT_USAGE, runCometBftNode, untilSignal } from './node-cometbft.js';

/** 1,000,000 WES in base units (1 WES = 10^8). */
export const DEV_FUNDS = 1_000_000n * 100_000_000n;

const USAGE = `usage: wes node --devnet [--data DIR] [--host H] [--port N] [--block-interval MS] [--keystore FILE]
                     [--sim-workers N] [--sim-deadline-ms MS] [--sim-gas-cap GAS] [--compile-cache-mb MB]
                     [--log-level LEVEL]
                     [--attestor KEY]... [--accept-unverified-evidence]

Starts a single-node devnet on embedded LevelDB.
  --data DIR            chain data (default .wes/devnet); restarting on it continues the chain
  --host H --port N     API address (default 127.0.0.1:8645; port 0 picks a free one)
  --block-interval MS   how often waiting transactions are put in a block (default 1000);
                        a full block's worth (1,000) waiting is put in one at once
  --keystore FILE       where the dev key is kept (default .wes/keystore.json)
  --sim-workers N       worker threads for API simulations (default: cores - 1, at least 1)
  --sim-deadline-ms MS  wall-clock limit of one API simulation (default 2000)
  --sim-gas-cap GAS     largest gas limit an API simulation may ask for (default 1000000000)
  --compile-cache-mb MB byte budget of the disk compile cache (default 256)
  --log-level LEVEL     structured JSON logs on stdout, one line per request and per block:
                        ${LOG_LEVELS.join(', ')} (default info)
  --attestor KEY        a registered attestor for external-state evidence: 33-byte compressed
                        secp256k1 public key, hex (repeat for several; docs/external-state.md)
  --accept-unverified-evidence
                        devnet only: accept evidence no attestor signed, recorded as unverified
Stop with Ctrl-C (the block in progress is finished, then the store is closed).`;

/** --attestor keys (hex, 33-byte compressed points) and the devnet's acceptance of unverified evidence. */
export function evidencePolicy(attestors: readonly string[], acceptUnverified: boolean): ExternalEvidencePolicy {
  return {
    attestors: attestors.map((hex) => {
      const key = /^(0x)?[0-9a-fA-F]{66}$/.test(hex) ? fromHex(hex.replace(/^0x/, '')) : undefined;
      if (!key || (key[0] !== 0x02 && key[0] !== 0x03)) throw new InvalidRequestError('BAD_FLAG', `--attestor ${JSON.stringify(hex)} is not a 33-byte compressed secp256k1 public key in hex`);
      return key;
    }),
    acceptUnverified,
  };
}

export const nodeCommand: Command = {
  name: 'node',
  summary: 'run a node: single-node devnet, or a CometBFT validator\'s app',
  usage: `${USAGE}\n\n${COMETBFT_USAGE}`,
  async run(args, io) {
    if (args.includes('--cometbft')) return runCometBftNode(args, io);
    const { values } = parseArgs({
      args: [...args],
      options: {
        devnet: { type: 'boolean', default: false },
        data: { type: 'string', default: '.wes/devnet' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8645' },
        'block-interval': { type: 'string', default: '1000' },
        keystore: { type: 'string' },
        'sim-workers': { type: 'string' },
        'sim-deadline-ms': { type: 'string' },
        'sim-gas-cap': { type: 'string' },
        'compile-cache-mb': { type: 'string' },
        'log-level': { type: 'string', default: 'info' },
        attestor: { type: 'string', multiple: true },
        'accept-unverified-evidence': { type: 'boolean', default: false },
      },
    });
    if (!values.devnet) {
      io.err(`give --devnet or --cometbft\n\n${USAGE}\n\n${COMETBFT_USAGE}`);
      return EXIT.usage;
    }
    const port = Number(values.port);
    const interval = Number(values['block-interval']);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidRequestError('BAD_PORT', `--port ${values.port} is not a port number`);
    if (!Number.isInteger(interval) || interval < 10) throw new InvalidRequestError('BAD_INTERVAL', '--block-interval must be at least 10 ms');
    const positive = (flag: string, text: string | undefined): number | undefined => {
      if (text === undefined) return undefined;
      const n = Number(text);
      if (!Number.isSafeInteger(n) || n < 1) throw new InvalidRequestError('BAD_FLAG', `--${flag} ${text} is not a positive whole number`);
      return n;
    };
    const workers = positive('sim-workers', values['sim-workers']);
    const deadlineMs = positive('sim-deadline-ms', values['sim-deadline-ms']);
    const gasCap = positive('sim-gas-cap', values['sim-gas-cap']);
    const cacheMb = positive('compile-cache-mb', values['compile-cache-mb']);

    const logLevel = values['log-level'] as LogLevel;
    if (!LOG_LEVELS.includes(logLevel)) throw new InvalidRequestError('BAD_FLAG', `--log-level ${values['log-level']} is not one of ${LOG_LEVELS.join(', ')}`);
    const ks = Keystore.open(keystorePath(values.keystore));
    const dev = ks.keys.some((k) => k.name === 'dev') ? ks.get('dev') : (ks.create('dev'), ks.get('dev'));
    const dataDir = resolve(values.data);
    io.err(`starting devnet in ${dataDir} …`);
    const node = await DevnetNode.start({
      dataDir,
      host: values.host,
      port,
      blockIntervalMs: interval,
      genesis: [{ address: dev.address, amount: DEV_FUNDS }],
      miner: dev.address,
      logLevel,
      simulation: { ...(workers !== undefined && { workers }), ...(deadlineMs !== undefined && { deadlineMs }) },
      ...(gasCap !== undefined && { simulationGasCap: BigInt(gasCap) }),
      ...(cacheMb !== undefined && { compileCacheBytes: cacheMb * 1024 * 1024 }),
      externalEvidence: evidencePolicy(values.attestor ?? [], values['accept-unverified-evidence']),
    });
    const status = await node.service.status();
    const devAddr = addressToBase58(dev.address);
    const balance = await node.service.balance(devAddr);
    io.out(
      [
        `wes devnet running — chain ${status.chainId}, height ${status.height}`,
        `  API         ${node.url}   (OpenAPI: ${node.url}/openapi.json, metrics: ${node.url}/metrics)`,
        `  dev account ${devAddr}  balance ${balance.native} (key "dev" in ${ks.path})`,
        `  data        ${dataDir}`,
        '',
        'try:',
        `  export WES_NODE=${node.url}`,
        '  ./wes deploy contracts/build/token.wasm --from dev',
        `  ./wes call <contract> Initialize --params '{"supply":"1000000"}' --from dev`,
        `  ./wes query balance ${devAddr}`,
        '',
        'Ctrl-C stops the node; running it again continues the same chain.',
      ].join('\n'),
    );
    if (balance.native === '0') io.err(`warning: the dev account has no funds (the chain in ${dataDir} was created with another key)`);

    await untilSignal(io, () => node.stop());
    return EXIT.ok;
  },
};
