/** Compiles WAT test contracts with wabt's npm build (no committed binaries). */
import wabtInit from 'wabt';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Wabt | undefined;

export async function wat(source: string, features: Record<string, boolean> = {}): Promise<Uint8Array> {
  wabt ??= await wabtInit();
  const mod = wabt.parseWat('test.wat', source, { bulk_memory: true, multi_value: true, sign_extension: true, mutable_globals: true, sat_float_to_int: true, ...features });
  try {
    mod.resolveNames();
    // wabt's validator lags behind its parser for some proposals (e.g. shared memory): the
    // loader under test is the validator that matters, so post-MVP test modules skip wabt's.
    if (Object.keys(features).length === 0) mod.validate();
    return new Uint8Array(mod.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    mod.destroy();
  }
}
