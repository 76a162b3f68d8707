/**
 * `wes build <contract dir>`: compile an AssemblyScript contract with the SDK's pinned asc flags,
 * gate its wasm features, and check it with the node's load rules — one step from source to a
 * deployable .wasm.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_LIMITS } from '../../../pkg/config.js';
import { addressToBase58 } from '../../../pkg/encoding.js';
import { InvalidRequestError, ModuleRejectedError } from '../../../pkg/errors.js';
import { compileInstrumented, inspectModule } from '../../core/engines/wasm/loader/loader.js';
import { nodeHostAbi } from '../../core/engines/wasm/manager/container.js';
import { EXIT, type Command } from '../command.js';
import { repoRoot } from '../repo-paths.js';

const USAGE = `usage: wes build <contract dir | contract.ts> [--out DIR] [--json]

Compiles an AssemblyScript contract (<dir>/contract.ts, or assembly/index.ts, or index.ts) with
the SDK's pinned asc flags into <dir>/build/<name>.wasm (+ .wat), rejects wasm features the
engine does not meter, and validates the result like \`wes check\`. Start from a template in
contracts/templates/ (contracts import the SDK from contracts/sdk/assemblyscript).`;

const ENTRY_CANDIDATES = ['contract.ts', join('assembly', 'index.ts'), 'index.ts'];

interface BuildModule {
  compileContract(entry: { name: string; source: string; outDir?: string }): Promise<{ wasm: string; wat: string; size: number; warnings: string }>;
}

function findSource(target: string): { source: string; dir: string } {
  const abs = resolve(target);
  if (!existsSync(abs)) throw new InvalidRequestError('FILE_NOT_READABLE', `${target} does not exist`);
  if (statSync(abs).isFile()) return { source: abs, dir: resolve(abs, '..') };
  for (const c of ENTRY_CANDIDATES) if (existsSync(join(abs, c))) return { source: join(abs, c), dir: abs };
  throw new InvalidRequestError('NO_CONTRACT_SOURCE', `no contract source in ${target}: expected one of ${ENTRY_CANDIDATES.join(', ')}`);
}

export const buildCommand: Command = {
  name: 'build',
  summary: 'compile an AssemblyScript contract to a checked .wasm',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args: [...args], options: { out: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: true });
    const target = positionals[0];
    if (target === undefined || positionals.length > 1) {
      io.err(USAGE);
      return EXIT.usage;
    }
    const { source, dir } = findSource(target);
    const name = basename(dir);
    const outDir = resolve(values.out ?? join(dir, 'build'));
    const build = (await import(pathToFileURL(join(repoRoot(), 'contracts', 'build.mjs')).href)) as BuildModule;
    if (!values.json) io.err(`compiling ${source} …`);
    let compiled: Awaited<ReturnType<BuildModule['compileContract']>>;
    try {
      compiled = await build.compileContract({ name, source, outDir });
    } catch (e) {
      io.err((e as Error).message);
      return EXIT.failed;
    }
    try {
      const inspection = inspectModule(new Uint8Array(readFileSync(compiled.wasm)), DEFAULT_LIMITS, nodeHostAbi());
      compileInstrumented(inspection.instrumented);
      const s = inspection.summary;
      if (values.json) {
        io.out(JSON.stringify({ ok: true, wasm: compiled.wasm, size: compiled.size, methods: s.methods, imports: s.imports.map((i) => `${i.module}.${i.name}`), contractAddress: addressToBase58(s.contractAddress) }));
      } else {
        if (compiled.warnings) io.err(compiled.warnings);
        io.out(`built ${compiled.wasm} (${compiled.size} bytes)\n  methods   ${s.methods.join(', ') || '(none)'}\n  imports   ${s.imports.length} from the host ABI\n  address   ${addressToBase58(s.contractAddress)} (once deployed)`);
      }
      return EXIT.ok;
    } catch (e) {
      if (!(e instanceof ModuleRejectedError)) throw e;
      io.err(`${compiled.wasm} was built but the node would reject it: rule ${e.rule}: ${e.message}`);
      return EXIT.failed;
    }
  },
};
