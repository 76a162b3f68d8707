/** ResourceRecord (ports.ts) of a deployed resource: its protobuf bytes and proto3-JSON text. */
import type { ResourceContent } from '../../../pkg/model.js';
import type { ResourceRecord } from '../../../pkg/ports.js';
import { encodeResource } from '../wire/codec.js';
import { PB } from '../wire/proto/root.js';

/** protobufjs' JSON conversion follows the proto3 mapping: int64 as strings, bytes base64, enum names. */
export function resourceJson(encoded: Uint8Array): string {
  const msg = PB.Resource.decode(encoded);
  return JSON.stringify(PB.Resource.toObject(msg, { longs: String, enums: String, bytes: String, json: true }));
}

export function resourceRecordOf(encoded: Uint8Array, contentHash: Uint8Array): ResourceRecord {
  return { contentHash, encoded, json: resourceJson(encoded) };
}

export function resourceRecord(resource: ResourceContent): ResourceRecord {
  return resourceRecordOf(encodeResource(resource), resource.contentHash);
}
