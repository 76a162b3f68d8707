// The engine's feature gate (ABI.md §9), applied to asc's .wat output by build.mjs: contracts may
// use MVP, mutable globals, sign-extension, non-trapping float-to-int, multi-value and
// memory.copy/memory.fill, nothing else. Kept apart from build.mjs so tests can load it without the
// compiler.

/** Instructions / constructs the engine rejects at load (ABI.md §9), as they appear in .wat text. */
const FORBIDDEN = [
  [/\bmemory\.init\b/, 'memory.init (passive data segments)'],
  [/\bdata\.drop\b/, 'data.drop (passive data segments)'],
  [/\btable\.(?:get|set|size|grow|fill|copy|init)\b/, 'table.* bulk/reference instructions'],
  [/\belem\.drop\b/, 'elem.drop'],
  [/\bv128\b|\bi8x16\.|\bi16x8\.|\bi32x4\.|\bi64x2\.|\bf32x4\.|\bf64x2\./, 'SIMD'],
  [/\batomic\b|\bmemory\.atomic|\bshared\b/, 'threads/atomics'],
  [/\bexternref\b|\bref\.(?:null|func|is_null|as_non_null)\b/, 'reference types'],
  [/\breturn_call(?:_indirect)?\b/, 'tail calls'],
  [/\b(?:try|catch|throw|rethrow)\b/, 'exceptions'],
];

/** Returns the reasons the .wat breaks the engine's feature gate (empty = fine). */
export function checkWat(wat) {
  // Match instructions only: drop data segments, quoted strings, $names and comments first, so
  // text such as an error message "try again" cannot trip a pattern.
  const code = wat
    .replace(/^\s*\(data\b.*$/gm, '')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\$[^\s()]+/g, '$')
    .replace(/;;.*$/gm, '');
  const problems = FORBIDDEN.filter(([re]) => re.test(code)).map(([, what]) => what);
  // A segment without an offset expression is passive: `(data $name "...")`.
  if (/^\s*\(data(?:\s+\$[^\s()]+)?\s+"/m.test(wat)) problems.push('a passive data segment');
  if (!/\(export "memory" \(memory /.test(wat)) problems.push('memory is not exported as "memory"');
  for (const m of wat.matchAll(/\(import "([^"]*)" "([^"]*)"/g)) {
    if (m[1] !== 'env') problems.push(`import from module "${m[1]}" (${m[2]}); only env is used`);
  }
  const tables = wat.match(/^\s*\(table\b/gm);
  if (tables && tables.length > 1) problems.push('more than one table');
  return problems;
}
