/**
 * V8's own validator, run on the original bytes before any rewriting: a module the wasm
 * validator rejects is never instrumented, let alone accepted. Our parser and structural rules
 * run first so the common mistakes get a specific rule name; whatever they let through that V8
 * still rejects is LOAD_INVALID with V8's reason.
 */
import { InternalError, LoadRule, ModuleRejectedError } from '../../../../../pkg/errors.js';

/**
 * Throws LOAD_INVALID unless V8 validates `bytes`. `explain` runs only on rejection and may
 * throw a more specific ModuleRejectedError (our own decoder's finding) first.
 */
export function requireValidWasm(bytes: Uint8Array, explain: () => void): void {
  if (WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) return;
  try {
    explain();
  } catch (e) {
    if (e instanceof ModuleRejectedError) throw e;
    // Anything else from our decoder on an invalid module is not a finding: report V8's.
  }
  const reason = v8Reason(bytes);
  throw new ModuleRejectedError(LoadRule.Invalid, `invalid wasm module: ${reason}`, { reason });
}

/**
 * The instrumented module must validate too; if it does not, the engine has a bug: an
 * InternalError (code INTERNAL, a node fault), never a crash and never run.
 */
export function requireValidInstrumentation(instrumented: Uint8Array): void {
  if (WebAssembly.validate(instrumented as Uint8Array<ArrayBuffer>)) return;
  const reason = v8Reason(instrumented);
  throw new InternalError(`the instrumented module fails wasm validation (${reason}); the original module was valid — please report it`, {
    rule: 'INSTRUMENTATION_INVALID',
    reason,
  });
}

function v8Reason(bytes: Uint8Array): string {
  try {
    new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    return 'rejected by WebAssembly.validate';
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^WebAssembly\.Module\(\): /, '') : String(e);
  }
}
