/** ResourceRecord (ports.ts) of a deployed resource: its protobuf bytes and proto3-JSON text. */
import type { ResourceContent } from '../../../pkg/model.js';
import type { ResourceRecord } from '../../../pkg/ports.js';
import { encodeResource, protoJson } from '../wire/codec.js';

export const resourceJson = (encoded: Uint8Array): string => protoJson('Resource', encoded);

export function resourceRecordOf(encoded: Uint8Array, contentHash: Uint8Array): ResourceRecord {
  return { contentHash, encoded, json: resourceJson(encoded) };
}

export function resourceRecord(resource: ResourceContent): ResourceRecord {
  return resourceRecordOf(encodeResource(resource), resource.contentHash);
}
