/**
 * How deeply JSON text nests arrays and objects, found in one pass without parsing (strings and
 * their escapes skipped). Used wherever a stranger's JSON is bounded before anything walks it
 * recursively: API request bodies and JSON a contract hands the host.
 */

/** Depth of the deepest nesting in `text`; stops (and returns) as soon as it passes `max`. */
export function jsonDepth(text: string, max = Number.MAX_SAFE_INTEGER): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > max) return deepest;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

/** True if `text` nests arrays/objects deeper than `max` (O(length), stops early). */
export function jsonNestingExceeds(text: string, max: number): boolean {
  return jsonDepth(text, max) > max;
}
