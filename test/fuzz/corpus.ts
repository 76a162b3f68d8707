/**
 * The modules the engine fuzzer mutates: the built AssemblyScript templates (`make contracts`)
 * and the real TinyGo fixtures in ../shared. Each has a weight: its share of the mutants
 * (the 200 KB TinyGo token costs ~10x a template per mutant, so it gets fewer).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../internal/cli/repo-paths.js';

export interface CorpusModule {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly weight: number;
}

const LARGE_MODULE_BYTES = 64 * 1024;

export function wasmCorpus(): CorpusModule[] {
  const root = repoRoot();
  const built = join(root, 'contracts', 'build');
  const tinygo = join(root, '..', 'shared', 'fixtures', 'wes-tinygo');
  if (!existsSync(built)) throw new Error('contracts/build is missing: run `make contracts` first');
  const files = [
    ...readdirSync(built).filter((f) => f.endsWith('.wasm')).sort().map((f) => ({ name: `as/${f.replace(/\.wasm$/, '')}`, path: join(built, f) })),
    ...readdirSync(tinygo).filter((d) => existsSync(join(tinygo, d, 'main.wasm'))).sort().map((d) => ({ name: `tinygo/${d}`, path: join(tinygo, d, 'main.wasm') })),
  ];
  return files.map(({ name, path }) => {
    const bytes = new Uint8Array(readFileSync(path));
    return { name, bytes, weight: bytes.length > LARGE_MODULE_BYTES ? 1 : 4 };
  });
}

/** Which corpus module mutant `index` starts from: a fixed round-robin honouring the weights. */
export function scheduleOf(corpus: readonly CorpusModule[]): number[] {
  return corpus.flatMap((m, i) => Array.from({ length: m.weight }, () => i));
}
