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
 * What the main thread serves one call is bounded (items: UTXOs, entries, blocks): answering is
 * the one part of a simulation that runs on the event loop, so it has its own budget; a call
 * past it is abandoned (EXEC_SIMULATION_READS).
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { bytesEqual, outPointKey, toHex } from '../../../pkg/encoding.js';
import type { OutPoint, Utxo } from '../../../pkg/model.js';
import type { AssetKey, BlockInfo, ChainView, ResourceRecord, StateEntry, ExternalEvidencePolicy } from '../../../pkg/ports.js';
import type { Address, Hash } from '../../../pkg/types.js';
import { compareUtxoOutPoints, matchesAsset } from '../../core/chain/view-keys.js';
import type { LedgerOverlay } from '../../core/tx/call-pipeline.js';

export type ChainReadRequest =
  | { readonly kind: 'block'; readonly height: bigint }
  | { readonly kind: 'state'; readonly contract: Address; readonly key: Uint8Array }
  | { readonly kind: 'utxo'; readonly outPoint: OutPoint }
  | { readonly kind: 'ownerUtxos'; readonly owner: Address }
  | { readonly kind: 'resource'; readonly contentHash: Hash };

export type ChainReadReply = { readonly status: 'stale' } | { readonly status: 'budget' } | { readonly status: 'ok'; readonly value: unknown };

/** What the main thread answers from: the committed chain, and the height it is at. */
export interface ChainSource extends ChainView {
  readonly height: bigint | undefined;
  utxosOwnedBy(owner: Address): readonly Utxo[];
}

/** Main-thread side: answers one worker's reads for the call currently running on it. */
export class ChainReadResponder {
  private snapshotHeight: bigint | undefined;
  private itemsLeft = 0;

  constructor(
    private readonly port: MessagePort,
    private readonly flag: Int32Array,
    private readonly source: () => ChainSource,
    private readonly maxItems: number,
  ) {
    port.on('message', (req: ChainReadRequest) => this.answer(req));
    port.unref();
  }

  private overlay: LedgerOverlay | undefined;

  /** Starts a call: the height its reads must see, what it sees beyond the chain, and a fresh read budget. */
  expect(height: bigint | undefined, overlay?: LedgerOverlay): void {
    this.snapshotHeight = height;
    this.overlay = overlay !== undefined && (overlay.spent.length > 0 || overlay.created.length > 0) ? overlay : undefined;
    this.itemsLeft = this.maxItems;
  }

  private answer(req: ChainReadRequest): void {
    const src = this.source();
    let reply: ChainReadReply;
    if (src.height !== this.snapshotHeight) reply = { status: 'stale' };
    else if (this.itemsLeft <= 0) reply = { status: 'budget' };
    else {
      let value: unknown;
      try {
        value = read(this.overlay === undefined ? src : overlaid(src, this.overlay), req);
      } catch {
        value = undefined;
      }
      this.itemsLeft -= Array.isArray(value) ? Math.max(1, value.length) : 1;
      reply = this.itemsLeft < 0 ? { status: 'budget' } : { status: 'ok', value };
    }
    this.port.postMessage(reply);
    Atomics.store(this.flag, 0, 1);
    Atomics.notify(this.flag, 0);
  }

  close(): void {
    this.port.close();
  }
}

/** The committed chain with a call's overlay (its attached funds; call-pipeline.ts) applied. */
function overlaid(src: ChainSource, overlay: LedgerOverlay): ChainSource {
  const gone = new Set(overlay.spent.map(outPointKey));
  const fresh = new Map(overlay.created.map((u) => [outPointKey(u.outPoint), u]));
  return {
    get height() {
      return src.height;
    },
    chainId: src.chainId,
    blocks: src.blocks,
    state: src.state,
    resources: src.resources,
    utxos: {
      get: (o: OutPoint) => (gone.has(outPointKey(o)) ? undefined : (fresh.get(outPointKey(o)) ?? src.utxos.get(o))),
      listByOwner: (owner: Address, asset: AssetKey) => overlaid(src, overlay).utxosOwnedBy(owner).filter((u) => matchesAsset(u, asset)),
    },
    utxosOwnedBy: (owner: Address): readonly Utxo[] => {
      const mine = [...fresh.values()].filter((u) => bytesEqual(u.output.owner, owner));
      const kept = src.utxosOwnedBy(owner).filter((u) => !gone.has(outPointKey(u.outPoint)));
      return mine.length === 0 ? kept : [...kept, ...mine].sort(compareUtxoOutPoints);
    },
  };
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

/** Thrown inside a host function when the chain moved under the call or its read budget ran out; the worker reports it. */
export class AbandonedRead extends Error {}

/** Worker side: a synchronous ChainView over the channel, memoised for one call. */
export class RemoteChainView implements ChainView {
  private readonly memo = new Map<string, unknown>();
  /** Set once a read came back stale or over budget: the call's result must not be used. */
  abandoned: 'stale' | 'budget' | undefined;

  constructor(
    private readonly port: MessagePort,
    private readonly flag: Int32Array,
    readonly chainId: string,
    /** Static chain configuration, copied to the worker once (not read over the channel). */
    readonly externalEvidence?: ExternalEvidencePolicy,
  ) {}

  private ask<T>(memoKey: string, req: ChainReadRequest): T {
    if (this.abandoned !== undefined) throw new AbandonedRead(this.abandoned);
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
    if (reply.status !== 'ok') {
      this.abandoned = reply.status;
      throw new AbandonedRead(reply.status);
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
