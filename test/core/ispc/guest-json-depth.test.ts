/** JSON from a contract is refused past MAX_GUEST_JSON_DEPTH levels, counting only structure. */
import { describe, expect, it } from 'vitest';
import { MAX_GUEST_JSON_DEPTH, jsonNestingExceeds } from '../../../internal/core/ispc/hostabi/guest-io.js';

describe('guest JSON nesting bound', () => {
  const nested = (d: number): string => '['.repeat(d) + ']'.repeat(d);

  it('accepts exactly the limit and refuses one level more', () => {
    expect(jsonNestingExceeds(nested(MAX_GUEST_JSON_DEPTH), MAX_GUEST_JSON_DEPTH)).toBe(false);
    expect(jsonNestingExceeds(nested(MAX_GUEST_JSON_DEPTH + 1), MAX_GUEST_JSON_DEPTH)).toBe(true);
    expect(jsonNestingExceeds(`{"a":${nested(2)},"b":{"c":{}}}`, 3)).toBe(false);
    expect(jsonNestingExceeds(`{"a":{"b":{"c":[]}}}`, 3)).toBe(true);
  });

  it('does not count brackets inside strings, including after escaped quotes and backslashes', () => {
    expect(jsonNestingExceeds(`["${'[{'.repeat(100)}"]`, 1)).toBe(false);
    expect(jsonNestingExceeds(`["a\\"[[[[", "\\\\"]`, 1)).toBe(false);
    // After an escaped backslash the quote does close the string: the brackets that follow count.
    expect(jsonNestingExceeds(`["\\\\", [[]]]`, 2)).toBe(true);
  });

  it('scans a megabyte of hostile nesting in linear time without recursion', () => {
    expect(jsonNestingExceeds(nested(500_000), MAX_GUEST_JSON_DEPTH)).toBe(true);
  });
});
