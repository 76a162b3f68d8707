// Compiles the AssemblyScript contract templates to contracts/build/<name>.wasm (+ .wat).
//
//   node contracts/build.mjs            build what is out of date
//   node contracts/build.mjs --force    rebuild everything
//
// Entries: every contracts/templates/<name>/contract.ts, plus contracts/sdk/assemblyscript/surface.ts
// (-> build/sdk-surface.wasm, a module that links every SDK binding so tests can check them all).
// An output is up to date when it is newer than its template folder, the SDK, this file (which
// holds the flags) and feature-gate.mjs. Each output is checked against the engine's feature gate
// (ABI.md §9, feature-gate.mjs); a compile error or a forbidden feature exits non-zero with the
// reason.
import asc from 'assemblyscript/asc';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkWat } from './feature-gate.mjs';

const ROOT = dirname(fileURLToPath(import.meta.url));
const TEMPLATES = join(ROOT, 'templates');
const SDK = join(ROOT, 'sdk', 'assemblyscript');
const OUT = join(ROOT, 'build');

// Pinned compiler flags (see sdk/assemblyscript/README.md, "Build"):
// - stub runtime: one call = one fresh instance, so a bump allocator that never frees is enough;
//   no GC, nothing exported besides methods and memory (its start function only sets the heap offset).
// - -O3 with shrinkLevel 2: the WES SDK's release settings; code size is what is stored and charged.
// - asserts stay in: the engine provides env.abort and turns it into a ContractAbort error.
// - default features only (mutable-globals, sign-extension, nontrapping-f2i, bulk-memory); the
//   memory is exported as "memory" (no --noExportMemory).
export const ASC_FLAGS = ['--runtime', 'stub', '--optimizeLevel', '3', '--shrinkLevel', '2', '--noColors'];

/** Newest mtime of the .ts sources under dir (docs and abi.json do not change the wasm). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (!entry.isDirectory() && !entry.name.endsWith('.ts')) continue;
    const t = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function listEntries() {
  const entries = readdirSync(TEMPLATES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(TEMPLATES, d.name, 'contract.ts')))
    .map((d) => ({ name: d.name, source: join(TEMPLATES, d.name, 'contract.ts'), dir: join(TEMPLATES, d.name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  entries.push({ name: 'sdk-surface', source: join(SDK, 'surface.ts'), dir: SDK });
  return entries;
}

/**
 * Compiles one AssemblyScript contract with the pinned flags and checks it against the feature
 * gate. Also used by `wes build` (with baseDir = the project directory). Returns the output paths and the wasm size.
 */
export async function compileContract({ name, source, outDir = OUT, baseDir }) {
  mkdirSync(outDir, { recursive: true });
  const wasm = join(outDir, `${name}.wasm`);
  const wat = join(outDir, `${name}.wat`);
  let stderr = '';
  const sink = { write: (chunk) => { stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(); } };
  // baseDir: where asc looks for node_modules (a project importing @wes-engine/sdk by name).
  const base = baseDir ?? process.cwd();
  const args = [relative(base, source), '--outFile', relative(base, wasm), '--textFile', relative(base, wat), ...ASC_FLAGS, ...(baseDir ? ['--baseDir', baseDir] : [])];
  const { error } = await asc.main(args, { stdout: sink, stderr: sink });
  if (error) throw new Error(`asc failed for ${name}: ${error.message}\n${stderr}`);
  const problems = checkWat(readFileSync(wat, 'utf8'));
  if (problems.length > 0) {
    rmSync(wasm, { force: true }); // never leave a rejected module looking up to date
    throw new Error(`${name}.wasm uses features the engine rejects: ${problems.join('; ')} (see ${wat})`);
  }
  return { wasm, wat, size: statSync(wasm).size, warnings: stderr.trim() };
}

async function compile(entry) {
  const { size, warnings } = await compileContract(entry);
  if (warnings) process.stdout.write(`${warnings}\n`);
  return size;
}

export async function buildAll({ force = false } = {}) {
  mkdirSync(OUT, { recursive: true });
  const shared = Math.max(newestMtime(SDK), statSync(fileURLToPath(import.meta.url)).mtimeMs,
    statSync(join(ROOT, 'feature-gate.mjs')).mtimeMs);
  const built = [];
  for (const entry of listEntries()) {
    const wasm = join(OUT, `${entry.name}.wasm`);
    const inputs = Math.max(shared, newestMtime(entry.dir));
    if (!force && existsSync(wasm) && existsSync(join(OUT, `${entry.name}.wat`)) && statSync(wasm).mtimeMs >= inputs) {
      console.log(`contracts: ${entry.name} up to date`);
      continue;
    }
    const started = Date.now();
    const size = await compile(entry);
    console.log(`contracts: ${entry.name} -> ${relative(process.cwd(), wasm)} (${size} B, ${Date.now() - started} ms)`);
    built.push(entry.name);
  }
  return built;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildAll({ force: process.argv.includes('--force') }).catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
