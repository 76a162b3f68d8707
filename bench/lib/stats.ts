/** Timing helpers for benchmarks: repeated runs, median with min/max. Never used by tests. */
export interface Sample {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** Runs `fn` `runs` times (after `warmup` untimed runs) and returns milliseconds per run. */
export function sample(fn: () => void, runs = 7, warmup = 2): Sample {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return summarise(times);
}

/**
 * Samples several functions in alternation (a, b, c, a, b, c, ...), so load from other
 * processes and CPU frequency drift affect each side alike. Returns one Sample per function.
 */
export function sampleInterleaved(fns: readonly (() => void)[], runs = 15, warmup = 10): Sample[] {
  for (let i = 0; i < warmup; i++) for (const fn of fns) fn();
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      const t0 = performance.now();
      fn();
      times[k]!.push(performance.now() - t0);
    });
  }
  return times.map(summarise);
}

/** sampleInterleaved for async work (e.g. an async peer against a sync one): a, b, a, b, ... */
export async function sampleInterleavedAsync(fns: readonly (() => Promise<void> | void)[], runs = 15, warmup = 3): Promise<Sample[]> {
  for (let i = 0; i < warmup; i++) for (const fn of fns) await fn();
  const times: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < fns.length; k++) {
      const t0 = performance.now();
      await fns[k]!();
      times[k]!.push(performance.now() - t0);
    }
  }
  return times.map(summarise);
}

export async function sampleAsync(fn: () => Promise<void>, runs = 7, warmup = 2): Promise<Sample> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return summarise(times);
}

export function summarise(values: readonly number[]): Sample {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, runs: s.length };
}

/** Scales a per-batch sample to per-item units (e.g. ms per 10k calls -> µs per call). */
export function scale(s: Sample, factor: number): Sample {
  return { median: s.median * factor, min: s.min * factor, max: s.max * factor, runs: s.runs };
}

export function fmt(n: number, digits = 2): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(digits);
}

export function fmtSample(s: Sample, unit: string): string {
  return `${fmt(s.median)} ${unit} (min ${fmt(s.min)}, max ${fmt(s.max)})`;
}

export interface ResultRow {
  readonly name: string;
  readonly value: string;
  readonly baseline?: string;
  readonly ratio?: number;
  readonly target?: string;
  readonly met?: boolean;
}

export interface Section {
  readonly title: string;
  readonly intro: string;
  readonly rows: readonly ResultRow[];
  readonly notes?: readonly string[];
}

export function renderSection(s: Section): string {
  const lines = [`## ${s.title}`, '', s.intro, '', '| measurement | result | baseline (same run) | ratio | target | met |', '|---|---|---|---|---|---|'];
  for (const r of s.rows) {
    lines.push(
      `| ${r.name} | ${r.value} | ${r.baseline ?? '—'} | ${r.ratio === undefined ? '—' : `${r.ratio.toFixed(3)}×`} | ${r.target ?? '—'} | ${r.met === undefined ? '—' : r.met ? 'yes' : '**no**'} |`,
    );
  }
  if (s.notes?.length) lines.push('', ...s.notes.map((n) => `- ${n}`));
  return lines.join('\n');
}
