/**
 * The protobuf schema, loaded once at module load from the checked-in descriptor (generated from
 * proto/ by `npm run proto`), and the two raw operations on it: object -> bytes, bytes -> object.
 * Only the codec in ../codec uses this; everyone else speaks pkg/model.ts values.
 */
import protobuf from 'protobufjs';
import { TxError } from '../../../../pkg/errors.js';
import { WES_PROTO_DESCRIPTOR } from './descriptor.gen.js';
import { checkWireBounds, type WireBounds } from './wire-bounds.js';

const root = protobuf.Root.fromJSON(WES_PROTO_DESCRIPTOR);
root.resolveAll();

const core = (name: string): protobuf.Type => root.lookupType(`pb.blockchain.core.${name}`);

/** Message types the codec encodes at the top level. */
export const PB = {
  Transaction: core('Transaction'),
  TxOutput: core('TxOutput'),
  UnlockingProof: core('UnlockingProof'),
  LockingCondition: core('LockingCondition'),
  Receipt: core('Receipt'),
  BlockHeader: core('BlockHeader'),
  Block: core('Block'),
  Resource: root.lookupType('pb.blockchain.resource.Resource'),
} as const;

/**
 * Only fields present on the wire, 64-bit values left as protobufjs gives them (Long), enums as
 * numbers, bytes as (views of) the input: ../codec/wire.ts turns these into model values.
 */
const TO_OBJECT: protobuf.IConversionOptions = { defaults: false, arrays: false, oneofs: false, enums: Number };

/** protobufjs writes fields in field-number order and skips proto3 defaults; we only add a plain view. */
export function encodeMessage(type: protobuf.Type, value: object): Uint8Array {
  const out = type.encode(value).finish();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Decodes `bytes` as `type` within `bounds` (depth, sizes: checked on the raw bytes first, so
 * protobufjs never builds an object we would refuse). The result's shape is the caller's wire
 * interface (../codec/wire-types.ts), which mirrors the .proto; protobufjs has checked every
 * field's wire type against the schema.
 */
export function decodeMessage<T>(type: protobuf.Type, bytes: Uint8Array, what: string, bounds: WireBounds): T {
  checkWireBounds(type, bytes, bounds, what);
  try {
    return type.toObject(type.decode(bytes), TO_OBJECT) as T;
  } catch (e) {
    throw new TxError('MALFORMED', `${what} is not a valid ${type.name} protobuf: ${(e as Error).message}`);
  }
}
