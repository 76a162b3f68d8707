/** `wes check <file.wasm>`: validate a contract like the node would, and describe it. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_LIMITS } from '../../../pkg/config.js';
import { addressToBase58, toHex } from '../../../pkg/encoding.js';
import { InvalidRequestError, ModuleRejectedError } from '../../../pkg/errors.js';
import { compileInstrumented, inspectModule } from '../../core/engines/wasm/loader/loader.js';
import { nodeHostAbi } from '../../core/engines/wasm/manager/container.js';
import { EXIT, type Command } from '../command.js';

const USAGE = `usage: wes check <file.wasm> [--json]

Validates a contract with the node's load rules (size, memory, imports against the host ABI,
limits, wasm features), instruments and compiles it, and prints the verdict, imports, exports,
size and function count. Exit code 0 if the contract would load, 1 if a rule failed.`;

export const checkCommand: Command = {
  name: 'check',
  summary: 'validate a contract .wasm and show its imports/exports',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
    const file = positionals[0];
    if (file === undefined || positionals.length > 1) {
      io.err(USAGE);
      return EXIT.usage;
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch (e) {
      throw new InvalidRequestError('FILE_NOT_READABLE', `cannot read ${file}: ${(e as Error).message}`);
    }
    try {
      const inspection = inspectModule(bytes, DEFAULT_LIMITS, nodeHostAbi());
      compileInstrumented(inspection.instrumented);
      const s = inspection.summary;
      if (values.json) {
        io.out(
          JSON.stringify({
            ok: true,
            file,
            size: s.size,
            codeHash: toHex(s.codeHash),
            contractAddress: addressToBase58(s.contractAddress),
            functionCount: s.functionCount,
            memoryPages: s.memoryPages,
            imports: s.imports,
            exports: s.exports,
            methods: s.methods,
            instrumentedSize: inspection.instrumented.length,
          }),
        );
        return EXIT.ok;
      }
      io.out(`${file}: OK — passes all load rules`);
      io.out(`  size            ${s.size} bytes (instrumented ${inspection.instrumented.length})`);
      io.out(`  code hash       ${toHex(s.codeHash)}`);
      io.out(`  address         ${addressToBase58(s.contractAddress)}`);
      io.out(`  functions       ${s.functionCount}`);
      io.out(`  memory          ${s.memoryPages.initial} pages initial, max ${s.memoryPages.maximum ?? 'none'} (capped at ${DEFAULT_LIMITS.maxMemoryPages})`);
      io.out(`  imports (${s.imports.length})`);
      for (const i of s.imports) io.out(`    ${i.module}.${i.name}`);
      io.out(`  exports (${s.exports.length})`);
      for (const e of s.exports) io.out(`    ${e.name} (${e.kind})`);
      io.out(`  methods         ${s.methods.join(', ') || '(none)'}`);
      return EXIT.ok;
    } catch (e) {
      if (!(e instanceof ModuleRejectedError)) throw e;
      if (values.json) {
        io.out(JSON.stringify({ ok: false, file, rule: e.rule, code: e.code, message: e.message, details: e.details }));
      } else {
        io.out(`${file}: REJECTED — rule ${e.rule} failed`);
        io.out(`  ${e.message}`);
      }
      return EXIT.failed;
    }
  },
};
