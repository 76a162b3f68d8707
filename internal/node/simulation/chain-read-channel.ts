/**
 * How a simulation worker reads chain state. Host functions read the chain synchronously
 * (pkg/ports.ts), and the chain index lives on the main thread, so a worker asks the main thread
 * and blocks until it answers: it posts a request on a MessagePort, waits on a shared flag with
 * Atomics.wait, and takes the reply with receiveMessageOnPort. The main thread answers from its
 * event loop, which stays free because the worker does the computing.
 *
 * Snapshot: every request names the height the call was set up at; if a block has been
 * committed since, the main thread answers "stale" and the worker abandons the call (the node
 * retries it at the new tip). So one simulation never mixes two chain states.
 *
 * The worker remembers every answer for the duration of one call: repeated reads cost the main
 * thread nothing, and UTXO lists are fetched once per owner (all assets) and filtered locally.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { toHex } from '../../../pkg/encoding.js';
import type { OutPoint, Utxo } from '../../../pkg/model.js';
import type { AssetKey, BlockInfo, ChainView, ResourceRecord, StateEntry } from '../../../pkg/ports.js';
import type { Address, Hash } from '../../../pkg/types.js';
import { matchesAsset } from '../../core/chain/view-keys.js';

export type ChainReadRequest =
  | { readonly kind: 'block'; readonly height: bigint }
  | { readonly kind: 'state'; readonly contract: Address; readonly key: Uint8Array }
  | { readonly kind: 'utxo'; readonly outPoint: OutPoint }
  | { readonly kind: 'ownerUtxos'; readonly owner: Address }
  | { readonly kind: 'resource'; readonly contentHash: Hash };

export type ChainReadReply = { readonly stale: true } | { readonly stale: false; readonly value: unknown };

/** What the main thread answers from: the committed chain, and the height it is at. */
export interface ChainSource extends ChainView {
  readonly height: bigint | undefined;
  utxosOwnedBy(owner: Address): readonly Utxo[];
}

/** Main-thread side: answers one worker's reads for the call currently running on it. */
export class ChainReadResponder {
  private snapshotHeight: bigint | undefined;

  constructor(
    private readonly port: MessagePort,
    private readonly flag: Int32Array,
    private readonly source: () => ChainSource,
  ) {
    port.on('message', (req: ChainReadRequest) => this.answer(req));
    port.unref();
  }

  /** The height the next call's reads must see. */
  expect(height: bigint | undefined): void {
    this.snapshotHeight = height;
  }

  private answer(req: ChainReadRequest): void {
    const src = this.source();
    let reply: ChainReadReply;
    if (src.height !== this.snapshotHeight) reply = { stale: true };
    else {
      try {
        reply = { stale: false, value: read(src, req) };
      } catch {
        reply = { stale: false, value: undefined };
      }
    }
    this.port.postMessage(reply);
    Atomics.store(this.flag, 0, 1);
    Atomics.notify(this.flag, 0);
  }

  close(): void {
    this.port.close();
  }
}

function read(src: ChainSource, req: ChainReadRequest): unknown {
  switch (req.kind) {
    case 'block':
      return src.blocks.blockAt(req.height);
    case 'state':
      return src.state.get(req.contract, req.key);
    case 'utxo':
      return src.utxos.get(req.outPoint);
    case 'ownerUtxos':
      return src.utxosOwnedBy(req.owner);
    case 'resource':
      return src.resources.get(req.contentHash);
  }
}

/** Thrown inside a host function when the chain moved under the call; the worker reports it. */
export class StaleSnapshot extends Error {}

/** Worker side: a synchronous ChainView over the channel, memoised for one call. */
export class RemoteChainView implements ChainView {
  private readonly memo = new Map<string, unknown>();
  /** Set once a read came back stale: the call's result must not be used. */
  stale = false;

  constructor(
    private readonly port: MessagePort,
    private readonly flag: Int32Array,
    readonly chainId: string,
  ) {}

  private ask<T>(memoKey: string, req: ChainReadRequest): T {
    if (this.stale) throw new StaleSnapshot('chain moved during the simulation');
    if (this.memo.has(memoKey)) return this.memo.get(memoKey) as T;
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(req);
    let msg = receiveMessageOnPort(this.port);
    while (msg === undefined) {
      // The main thread posts the reply before raising the flag, so once the flag is up the
      // reply is queued; the short timed wait only guards against a delivery we do not see yet.
      if (Atomics.load(this.flag, 0) === 0) Atomics.wait(this.flag, 0, 0);
      else Atomics.wait(this.flag, 0, 1, 1);
      msg = receiveMessageOnPort(this.port);
    }
    const reply = msg.message as ChainReadReply;
    if (reply.stale) {
      this.stale = true;
      throw new StaleSnapshot('chain moved during the simulation');
    }
    this.memo.set(memoKey, reply.value);
    return reply.value as T;
  }

  readonly blocks = {
    blockAt: (height: bigint): BlockInfo | undefined => this.ask(`b:${height}`, { kind: 'block', height }),
  };

  readonly state = {
    get: (contract: Address, key: Uint8Array): StateEntry | undefined => this.ask(`s:${toHex(contract)}:${toHex(key)}`, { kind: 'state', contract, key }),
  };

  readonly utxos = {
    get: (outPoint: OutPoint): Utxo | undefined => this.ask(`u:${toHex(outPoint.txId)}:${outPoint.index}`, { kind: 'utxo', outPoint }),
    listByOwner: (owner: Address, asset: AssetKey): readonly Utxo[] =>
      this.ask<readonly Utxo[]>(`o:${toHex(owner)}`, { kind: 'ownerUtxos', owner }).filter((u) => matchesAsset(u, asset)),
  };

  readonly resources = {
    get: (contentHash: Hash): ResourceRecord | undefined => this.ask(`r:${toHex(contentHash)}`, { kind: 'resource', contentHash }),
  };
}
