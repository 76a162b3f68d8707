/** Compiles WAT test contracts with wabt's npm build (no committed binaries). */
import wabtInit from 'wabt';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Wabt | undefined;

export async function wat(source: string, features: Record<string, boolean> = {}): Promise<Uint8Array> {
  wabt ??= await wabtInit();
  const mod = wabt.parseWat('test.wat', source, { bulk_memory: true, multi_value: true, sign_extension: true, mutable_globals: true, sat_float_to_int: true, ...features });
  try {
    mod.resolveNames();
    mod.validate();
    return new Uint8Array(mod.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    mod.destroy();
  }
}
