/** Resource descriptions contracts pass as JSON (WES: content_hash hex32, category word, mime_type, size). */
import type { ResourceContent } from '../../../../pkg/model.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { fail } from './host-result.js';
import { bytesField, field, isRecord, onlyKeys } from './json-fields.js';

const CATEGORIES: Readonly<Record<string, Pick<ResourceContent, 'category' | 'executableType'>>> = {
  wasm: { category: 'executable', executableType: 'contract' },
  contract: { category: 'executable', executableType: 'contract' },
  onnx: { category: 'executable', executableType: 'aimodel' },
  model: { category: 'executable', executableType: 'aimodel' },
  document: { category: 'static' },
  file: { category: 'static' },
  static: { category: 'static' },
};

export function resourceFromJson(v: unknown): Omit<ResourceContent, 'creationTimestamp'> {
  if (!isRecord(v)) fail(HostErrorCode.InvalidParameter, 'resource: expected a JSON object');
  onlyKeys(v, ['content_hash', 'category', 'mime_type', 'size'], 'resource');
  const contentHash = bytesField(field(v, 'content_hash'), 'content_hash', 32);
  if (contentHash.length !== 32) fail(HostErrorCode.InvalidHash, 'resource: content_hash must be 32 bytes');
  const cat = CATEGORIES[String(field(v, 'category') ?? 'static').toLowerCase()];
  if (cat === undefined) fail(HostErrorCode.InvalidParameter, `resource: unknown category (${Object.keys(CATEGORIES).join(', ')})`);
  const mime = field(v, 'mime_type');
  if (mime !== undefined && mime !== null && typeof mime !== 'string') fail(HostErrorCode.InvalidParameter, 'resource: mime_type must be a string');
  const size = field(v, 'size');
  let sz: bigint | undefined;
  if (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0) sz = BigInt(size);
  else if (typeof size === 'string' && /^[0-9]{1,20}$/.test(size) && BigInt(size) < 1n << 64n) sz = BigInt(size);
  else if (size !== undefined && size !== null) fail(HostErrorCode.InvalidParameter, 'resource: size must be an unsigned integer (safe-integer number or decimal string)');
  return {
    contentHash,
    ...cat,
    ...(typeof mime === 'string' && mime ? { mimeType: mime } : {}),
    // size 0 is WES's "unknown" and is not stored (as before).
    ...(sz !== undefined && sz > 0n ? { size: sz } : {}),
  };
}
