/**
 * Generates an N-validator CometBFT network on loopback: `cometbft testnet` makes the keys and
 * one genesis; this rewrites every node's genesis (our chain id and app_state) and config
 * (loopback ports, unix-socket ABCI, persistent peers, short block times).
 *
 * Every address is 127.0.0.1: nothing listens on or dials another interface.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTomlValues } from './toml-edit.js';

export interface TestnetNodePorts {
  readonly p2p: number;
  readonly rpc: number;
  readonly api: number;
}

export interface TestnetNode {
  readonly index: number;
  readonly home: string;
  readonly nodeId: string;
  readonly ports: TestnetNodePorts;
  /** unix:// address CometBFT's proxy_app dials and the app listens on. */
  readonly abci: string;
  readonly rpcUrl: string;
}

export interface TestnetOptions {
  readonly cometbft: string;
  readonly dir: string;
  readonly validators: number;
  readonly chainId: string;
  /** genesis.json app_state (see abci/app-genesis.ts). */
  readonly appState: Record<string, unknown>;
  /** Ports of node i. */
  readonly ports: (i: number) => TestnetNodePorts;
  /** CometBFT's pause after a commit; sets the block time. Default "300ms". */
  readonly timeoutCommit?: string;
  /** How long a round waits for a proposal (a dead proposer costs this much). Default "2s". */
  readonly timeoutPropose?: string;
}

/** The largest transaction CometBFT's mempool takes: a 4 MiB contract plus its envelope. */
export const MAX_TX_BYTES = 5 * 1024 * 1024;

export function generateTestnet(o: TestnetOptions): TestnetNode[] {
  execFileSync(o.cometbft, ['testnet', '--v', String(o.validators), '--o', o.dir, '--populate-persistent-peers=false', '--log_level', 'error'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const nodes: TestnetNode[] = [];
  for (let i = 0; i < o.validators; i++) {
    const home = join(o.dir, `node${i}`);
    const nodeId = execFileSync(o.cometbft, ['show-node-id', '--home', home], { encoding: 'utf8' }).trim();
    const ports = o.ports(i);
    nodes.push({ index: i, home, nodeId, ports, abci: `unix://${join(home, 'app.sock')}`, rpcUrl: `http://127.0.0.1:${ports.rpc}` });
  }
  for (const n of nodes) {
    const genesisPath = join(n.home, 'config', 'genesis.json');
    const genesis = JSON.parse(readFileSync(genesisPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(genesisPath, `${JSON.stringify({ ...genesis, chain_id: o.chainId, app_state: o.appState }, null, 2)}\n`);

    const peers = nodes.filter((p) => p !== n).map((p) => `${p.nodeId}@127.0.0.1:${p.ports.p2p}`).join(',');
    const configPath = join(n.home, 'config', 'config.toml');
    writeFileSync(
      configPath,
      setTomlValues(readFileSync(configPath, 'utf8'), [
        ['', 'proxy_app', n.abci],
        ['', 'log_level', 'info'],
        ['rpc', 'laddr', `tcp://127.0.0.1:${n.ports.rpc}`],
        ['p2p', 'laddr', `tcp://127.0.0.1:${n.ports.p2p}`],
        ['p2p', 'persistent_peers', peers],
        ['p2p', 'pex', false],
        ['p2p', 'addr_book_strict', false],
        ['p2p', 'allow_duplicate_ip', true],
        ['mempool', 'max_tx_bytes', MAX_TX_BYTES],
        ['consensus', 'timeout_commit', o.timeoutCommit ?? '300ms'],
        ['consensus', 'timeout_propose', o.timeoutPropose ?? '2s'],
        // Its listener would bind every interface (":26660"); the testnet has no use for it.
        ['instrumentation', 'prometheus', false],
      ]),
    );
  }
  return nodes;
}
