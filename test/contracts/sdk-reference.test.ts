/** docs/sdk-reference.md is generated from the SDK sources and kept current. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REFERENCE_PATH, sdkReferenceMarkdown } from '../../scripts/sdk-reference.mjs';

describe('SDK reference', () => {
  it('docs/sdk-reference.md matches the sources (node scripts/sdk-reference.mjs rewrites it)', () => {
    expect(readFileSync(REFERENCE_PATH, 'utf8')).toBe(sdkReferenceMarkdown());
  });

  it('lists every exported function and class with its doc comment', () => {
    const md = sdkReferenceMarkdown();
    for (const name of ['Params', 'Storage', 'Context', 'Event', 'Token', 'JsonWriter', 'JsonObject']) expect(md).toContain(`### class \`${name}\``);
    expect(md).toContain('### `returnString()`');
    expect(md).toMatch(/Sum of `owner`'s unspent outputs/); // Token.balanceOf's doc comment
    expect(md).toContain('- `INVALID_PARAMS: u32 = 1`');
  });
});
