/** Counts of a fuzz run, grouped so a reader sees classes, plus the first few findings of each class. */
export interface Finding {
  /** What was fuzzed: a corpus module name or a decoder target. */
  readonly subject: string;
  /** Mutant number in the run and its seed: `FUZZ_SEED` + index reproduce it. */
  readonly index: number;
  readonly seed: number;
  readonly violation: string;
  readonly detail: string;
  /** Engine mutants: the edits, replayable without the PRNG (wasm-mutations.ts applyMutations). */
  readonly mutations?: readonly unknown[];
}

export interface FuzzCounts {
  total: number;
  /** rejected / ran / decoded / no-method / violation */
  readonly outcomes: Record<string, number>;
  /** Rejections by error code (LOAD_<rule>, TX_<reason>). */
  readonly rejected: Record<string, number>;
  /** Runs by result: a status name or an EXEC_<trap> code. */
  readonly ran: Record<string, number>;
  readonly violations: Record<string, number>;
  /** Violations by class and sub-class (e.g. which V8 rule an accepted invalid module breaks). */
  readonly subclasses: Record<string, number>;
  readonly findings: Finding[];
}

const FINDINGS_PER_CLASS = 5;

export function emptyCounts(): FuzzCounts {
  return { total: 0, outcomes: {}, rejected: {}, ran: {}, violations: {}, subclasses: {}, findings: [] };
}

const bump = (m: Record<string, number>, k: string): void => {
  m[k] = (m[k] ?? 0) + 1;
};

export type AnyVerdict =
  | { readonly outcome: 'rejected'; readonly rule?: string; readonly code?: string }
  | { readonly outcome: 'ran'; readonly result: string }
  | { readonly outcome: 'decoded' | 'no-method' }
  | { readonly outcome: 'violation'; readonly violation: string; readonly detail: string; readonly subclass?: string };

export function record(counts: FuzzCounts, v: AnyVerdict, finding: Omit<Finding, 'violation' | 'detail'>): void {
  counts.total++;
  bump(counts.outcomes, v.outcome);
  if (v.outcome === 'rejected') bump(counts.rejected, v.rule ?? v.code ?? '?');
  else if (v.outcome === 'ran') bump(counts.ran, v.result);
  else if (v.outcome === 'violation') {
    bump(counts.violations, v.violation);
    if (v.subclass !== undefined) bump(counts.subclasses, `${v.violation}: ${v.subclass}`);
    if (counts.violations[v.violation]! <= FINDINGS_PER_CLASS) counts.findings.push({ ...finding, violation: v.violation, detail: v.detail });
  }
}

const sorted = (m: Record<string, number>): string =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || '-';

export function formatCounts(title: string, c: FuzzCounts): string {
  const lines = [
    `${title}: ${c.total} mutants — ${sorted(c.outcomes)}`,
    `  rejected by rule: ${sorted(c.rejected)}`,
    `  ran:              ${sorted(c.ran)}`,
    `  VIOLATIONS:       ${sorted(c.violations)}`,
  ];
  for (const [k, n] of Object.entries(c.subclasses).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) lines.push(`    ${n} × ${k}`);
  for (const f of c.findings) {
    lines.push(`    ${f.violation}: ${f.subject} #${f.index} seed ${f.seed}${f.mutations ? ` mutations ${JSON.stringify(f.mutations)}` : ''} — ${f.detail}`);
  }
  return lines.join('\n');
}
