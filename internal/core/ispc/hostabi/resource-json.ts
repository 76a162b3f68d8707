/** Resource descriptions contracts pass as JSON (WES: content_hash hex32, category word, mime_type, size). */
import type { ResourceContent } from '../../../../pkg/model.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { fail } from './host-result.js';
import { bytesField, field, isRecord } from './json-fields.js';

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
  const contentHash = bytesField(field(v, 'content_hash'), 'content_hash', 32);
  if (contentHash.length !== 32) fail(HostErrorCode.InvalidHash, 'resource: content_hash must be 32 bytes');
  const cat = CATEGORIES[String(field(v, 'category') ?? 'static').toLowerCase()];
  if (cat === undefined) fail(HostErrorCode.InvalidParameter, `resource: unknown category (${Object.keys(CATEGORIES).join(', ')})`);
  const mime = field(v, 'mime_type');
  const size = field(v, 'size');
  return {
    contentHash,
    ...cat,
    ...(typeof mime === 'string' && mime ? { mimeType: mime } : {}),
    ...(typeof size === 'number' && Number.isSafeInteger(size) && size > 0 ? { size: BigInt(size) } : typeof size === 'string' && /^[0-9]{1,20}$/.test(size) ? { size: BigInt(size) } : {}),
  };
}
