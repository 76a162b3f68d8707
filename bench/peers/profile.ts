/**
 * Where the time of an engine-only token Transfer goes: runs a focused loop under
 * `node --cpu-prof` in a child process and summarises self time. Library and native frames are
 * charged to the nearest engine (or bench) function that called them, so "update (node:crypto)
 * ← keyFor" reads as "SHA-256 hashing on behalf of the loader's cache key".
 *
 *   node dist/bench/peers/profile.js [transfers] [padBytes]   the focused loop on its own
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileLine {
  readonly label: string;
  readonly share: number;
}

const isOurs = (url: string): boolean => url.includes('/dist/') && !url.includes('node_modules');
const shortUrl = (url: string): string => url.split('/').slice(-2).join('/');

function label(node: ProfileNode, parents: ReadonlyMap<number, ProfileNode>): string {
  const f = node.callFrame;
  const name = f.functionName || '(anonymous)';
  if (isOurs(f.url)) return `${name} (${shortUrl(f.url)})`;
  if (f.url.startsWith('wasm://')) return 'contract wasm code';
  const lib = f.url === '' ? 'native' : f.url.includes('node_modules/') ? f.url.split('node_modules/')[1]!.split('/').slice(0, 2).join('/') : f.url.replace(/^node:internal\//, 'node:').split('/')[0]!;
  if (name === '(garbage collector)' || name === '(program)' || name === '(idle)') return name;
  let p = parents.get(node.id);
  while (p !== undefined && !isOurs(p.callFrame.url)) p = parents.get(p.id);
  return `${name} [${lib}] ← ${p === undefined ? '?' : `${p.callFrame.functionName || '(anonymous)'} (${shortUrl(p.callFrame.url)})`}`;
}

/** Self time per label, largest first, as shares of all sampled time. */
export function summariseProfile(profile: CpuProfile, top = 10): ProfileLine[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totals = new Map<string, number>();
  let all = 0;
  for (const [id, t] of self) {
    all += t;
    const l = label(byId.get(id)!, parents);
    totals.set(l, (totals.get(l) ?? 0) + t);
  }
  return [...totals].sort((a, b) => b[1] - a[1]).slice(0, top).map(([l, t]) => ({ label: l, share: t / all }));
}

/** Runs this file under --cpu-prof in a child process and summarises the profile. */
export function profileEngineTransfer(transfers = 20_000, padBytes = 0, top = 10): ProfileLine[] {
  const dir = mkdtempSync(join(tmpdir(), 'wes-bench-prof-'));
  try {
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, fileURLToPath(import.meta.url), String(transfers), String(padBytes)], { stdio: ['ignore', 'ignore', 'pipe'] });
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error('node --cpu-prof wrote no profile');
    return summariseProfile(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, top);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatProfile(lines: readonly ProfileLine[]): string {
  return lines.map((l) => `${(l.share * 100).toFixed(1)}% ${l.label}`).join('; ');
}

async function focusedLoop(transfers: number, padBytes: number): Promise<void> {
  await import('reflect-metadata');
  const { deployEngineToken, tokenWasm } = await import('./common.js');
  const { padWasm } = await import('./pad-wasm.js');
  const token = deployEngineToken(padWasm(tokenWasm(), padBytes));
  token.transfer(Math.min(2000, transfers));
  token.transfer(transfers);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  focusedLoop(Number(process.argv[2] ?? 20_000), Number(process.argv[3] ?? 0)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
