/**
 * ABCI protobuf <-> typed messages (abci-messages.ts), over the schema read from the CometBFT
 * module (abci-proto.ts). Unknown request variants and undecodable bytes are typed errors; the
 * server answers them with a ResponseException.
 */
import protobuf from 'protobufjs';
import { ChainError } from '../../../pkg/errors.js';
import type { AbciRequest, AbciResponse } from './abci-messages.js';

type Obj = Record<string, unknown>;

const OBJECT_OPTIONS: protobuf.IConversionOptions = { longs: String, defaults: true, oneofs: true, arrays: true };

const big = (v: unknown): bigint => (typeof v === 'string' || typeof v === 'number' ? BigInt(v) : 0n);
const bytes = (v: unknown): Uint8Array => (v instanceof Uint8Array ? new Uint8Array(v) : new Uint8Array(0));
const bytesList = (v: unknown): Uint8Array[] => (Array.isArray(v) ? v.map(bytes) : []);
const seconds = (v: unknown): bigint => big((v as Obj | undefined)?.['seconds']);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** ResponseProcessProposal.ProposalStatus / ResponseVerifyVoteExtension.VerifyStatus */
const STATUS = { ACCEPT: 1, REJECT: 2 } as const;
/** ResponseOfferSnapshot.Result.REJECT, ResponseApplySnapshotChunk.Result.ABORT: no state sync. */
const OFFER_REJECT = 3;
const APPLY_ABORT = 2;

export class AbciCodec {
  private readonly request: protobuf.Type;
  private readonly response: protobuf.Type;

  constructor(root: protobuf.Root) {
    this.request = root.lookupType('tendermint.abci.Request');
    this.response = root.lookupType('tendermint.abci.Response');
  }

  decodeRequest(frame: Uint8Array): AbciRequest {
    let o: Obj;
    try {
      o = this.request.toObject(this.request.decode(frame), OBJECT_OPTIONS) as Obj;
    } catch (e) {
      throw new ChainError('ABCI_BAD_MESSAGE', `an ABCI request does not decode: ${(e as Error).message}`);
    }
    const kind = o['value'];
    const m = (typeof kind === 'string' ? o[kind] : undefined) as Obj | undefined;
    if (typeof kind !== 'string' || m === undefined) throw new ChainError('ABCI_BAD_MESSAGE', 'an ABCI request carries no known message');
    switch (kind) {
      case 'echo':
        return { kind, message: str(m['message']) };
      case 'flush':
      case 'info':
      case 'commit':
      case 'extendVote':
      case 'verifyVoteExtension':
      case 'listSnapshots':
      case 'offerSnapshot':
      case 'loadSnapshotChunk':
      case 'applySnapshotChunk':
        return { kind };
      case 'initChain':
        return { kind, time: seconds(m['time']), chainId: str(m['chainId']), appStateBytes: bytes(m['appStateBytes']), initialHeight: big(m['initialHeight']) };
      case 'query':
        return { kind, path: str(m['path']), data: bytes(m['data']), height: big(m['height']) };
      case 'checkTx':
        return { kind, tx: bytes(m['tx']), recheck: m['type'] === 1 || m['type'] === 'RECHECK' };
      case 'prepareProposal':
        return { kind, txs: bytesList(m['txs']), maxTxBytes: big(m['maxTxBytes']), height: big(m['height']), time: seconds(m['time']) };
      case 'processProposal':
      case 'finalizeBlock':
        return { kind, txs: bytesList(m['txs']), height: big(m['height']), time: seconds(m['time']) };
      default:
        throw new ChainError('ABCI_BAD_MESSAGE', `unsupported ABCI request "${kind}"`);
    }
  }

  encodeResponse(r: AbciResponse): Uint8Array {
    const body = ((): Obj => {
      switch (r.kind) {
        case 'exception':
          return { error: r.error };
        case 'echo':
          return { message: r.message };
        case 'info':
          return { data: r.data, version: r.version, appVersion: r.appVersion.toString(), lastBlockHeight: r.lastBlockHeight.toString(), lastBlockAppHash: r.lastBlockAppHash };
        case 'initChain':
          return { appHash: r.appHash };
        case 'query':
          return { code: r.code, log: r.log, value: r.value, height: r.height.toString() };
        case 'checkTx':
          return { code: r.code, data: r.data, log: r.log, codespace: r.codespace };
        case 'commit':
          return { retainHeight: r.retainHeight.toString() };
        case 'prepareProposal':
          return { txs: [...r.txs] };
        case 'processProposal':
          return { status: r.accept ? STATUS.ACCEPT : STATUS.REJECT };
        case 'finalizeBlock':
          return { txResults: r.txResults.map((t) => ({ code: t.code, data: t.data, log: t.log, codespace: t.codespace })), appHash: r.appHash };
        case 'verifyVoteExtension':
          return { status: STATUS.ACCEPT };
        case 'offerSnapshot':
          return { result: OFFER_REJECT };
        case 'applySnapshotChunk':
          return { result: APPLY_ABORT };
        case 'flush':
        case 'extendVote':
        case 'listSnapshots':
        case 'loadSnapshotChunk':
          return {};
      }
    })();
    const out = this.response.encode(this.response.fromObject({ [r.kind]: body })).finish();
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }

  /** For tests and tools: the inverse directions. */
  encodeRequest(value: Obj): Uint8Array {
    const out = this.request.encode(this.request.fromObject(value)).finish();
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  }

  decodeResponse(frame: Uint8Array): Obj {
    return this.response.toObject(this.response.decode(frame), OBJECT_OPTIONS) as Obj;
  }
}
