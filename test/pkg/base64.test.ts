/** Base64 through Node's decoder, held to canonical padded form (pkg/encoding.ts fromBase64). */
import { describe, expect, it } from 'vitest';
import { base64 } from '@scure/base';
import { fromBase64, toBase64, utf8Encode } from '../../pkg/encoding.js';
import { isWesError } from '../../pkg/errors.js';

const code = (text: string): string => {
  try {
    fromBase64(text);
    return 'ok';
  } catch (e) {
    return isWesError(e) ? e.code : 'untyped';
  }
};

describe('base64', () => {
  it('matches the RFC 4648 §10 test vectors both ways', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, encoded] of vectors) {
      expect(toBase64(utf8Encode(plain))).toBe(encoded);
      expect(fromBase64(encoded)).toEqual(utf8Encode(plain));
    }
  });

  it('refuses everything but canonical padded base64, typed (missing padding, URL-safe letters, whitespace, non-zero unused bits, stray characters)', () => {
    for (const bad of ['Zg', 'Zm8', 'Zm9v-_==', 'Zm9v\n', ' Zm9v', 'Zh==', 'Zm9=', 'Zm9v*', '====', 'Z===', 'Zm9vYg=']) {
      expect(code(bad), JSON.stringify(bad)).toBe('INPUT_BAD_BASE64');
    }
  });

  it('agrees with @scure/base on every length 0..200 and returns bytes that own their buffer', () => {
    for (let n = 0; n <= 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const text = base64.encode(bytes);
      expect(toBase64(bytes)).toBe(text);
      const back = fromBase64(text);
      expect(back).toEqual(bytes);
      expect(back.byteOffset).toBe(0);
      expect(back.buffer.byteLength).toBe(n);
    }
  });
});
