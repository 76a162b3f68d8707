/**
 * AssemblyScript SDK and templates: the built modules import only ABI.md names with ABI.md
 * signatures and export their methods as () -> i32; the templates behave under a small mock host
 * (state map, caller, payload, return data, events). The real engine runs them end to end elsewhere.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { addressFromBase58, addressToBase58, toHex } from '../../pkg/encoding.js';
import { checkWat } from '../../contracts/feature-gate.mjs';
import { readModuleShape } from './wasm-shape.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUILD = join(ROOT, 'contracts', 'build');
const TEMPLATES = ['counter', 'escrow', 'governance', 'nft', 'token'];

// ABI.md §4, transcribed independently of the engine's table: params->results, i = i32, I = i64.
const ABI_ENV: Record<string, string[]> = {
  get_abi_version: ['->i'], get_caller: ['i->i'], get_contract_address: ['i->i'],
  get_contract_init_params: ['ii->i'], get_block_height: ['->I'], get_timestamp: ['->I'],
  get_block_timestamp: ['->I'], get_block_hash: ['Ii->i'], get_merkle_root: ['Ii->i'],
  get_state_root: ['Ii->i'], get_miner_address: ['Ii->i'], get_chain_id: ['i->i'],
  get_tx_hash: ['i->i'], get_transaction_id: ['i->i'], get_tx_index: ['->i'],
  query_utxo_balance: ['iii->I'], utxo_lookup: ['iiiii->i'], utxo_lookup_json: ['iiiii->i'],
  utxo_exists: ['iii->i'], resource_lookup: ['iiii->i'], resource_lookup_json: ['iiii->i'],
  resource_exists: ['ii->i'], state_get: ['iiii->i'], state_exists: ['ii->i'], state_set: ['iiii->i'],
  state_read: ['iiii->i'], state_write: ['iiii->i'], state_delete: ['ii->i'], get_state_version: ['ii->I'],
  state_get_from_chain: ['iiiii->i'], append_state_output: ['iiIiiii->i'],
  create_utxo_output: ['iIii->i', 'iiIii->i'], create_asset_output_with_lock: ['iiIiiii->i'],
  append_asset_output: ['iiIiiii->i'], batch_create_outputs: ['ii->i'],
  append_resource_output: ['iiiiii->i', 'iiiiiiI->i'], append_tx_input: ['iiiiii->i'],
  host_build_transaction: ['iiii->i', 'iii->i'], emit_event: ['ii->i'], set_return_data: ['ii->i'],
  log_debug: ['ii->i'], address_bytes_to_base58: ['iii->i'], address_base58_to_bytes: ['iii->i'],
  malloc: ['i->i'], abort: ['iiii->'], host_declare_external_state: ['iiii->i'],
  host_provide_evidence: ['iiii->i'], host_query_controlled_state: ['iiii->i'],
};

// What each template links today. A change here is a change of the contract's host surface.
const COMMON = ['abort', 'get_contract_init_params', 'state_read', 'state_write', 'set_return_data', 'emit_event'];
const EXPECTED_IMPORTS: Record<string, string[]> = {
  counter: COMMON,
  escrow: [...COMMON, 'get_caller', 'get_block_height', 'get_timestamp', 'address_bytes_to_base58', 'address_base58_to_bytes'],
  governance: [...COMMON, 'get_caller', 'get_block_height', 'address_bytes_to_base58'],
  nft: [...COMMON, 'get_caller', 'address_bytes_to_base58', 'address_base58_to_bytes'],
  token: [...COMMON, 'get_caller', 'address_bytes_to_base58', 'address_base58_to_bytes'],
};

// The test tsconfig has no DOM lib: type the slice of the WebAssembly JS API used here.
interface WasmApi {
  Module: { new (bytes: Uint8Array): object; imports(m: object): { module: string; name: string; kind: string }[]; exports(m: object): { name: string; kind: string }[] };
  Instance: new (m: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

function wasmBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(BUILD, `${name}.wasm`)));
}

beforeAll(() => {
  try {
    execFileSync(process.execPath, [join(ROOT, 'contracts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`contracts/build.mjs failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`);
  }
});

describe('module shape', () => {
  for (const name of [...TEMPLATES, 'sdk-surface']) {
    it(`${name}: imports only ABI.md env names, with ABI.md signatures`, () => {
      const bytes = wasmBytes(name);
      const shape = readModuleShape(bytes);
      const jsImports = WA.Module.imports(new WA.Module(bytes));
      expect(jsImports.map((i) => `${i.module}.${i.name}:${i.kind}`).sort())
        .toEqual(shape.imports.map((i) => `${i.module}.${i.name}:function`).sort());
      expect(shape.otherImports).toEqual([]);
      for (const imp of shape.imports) {
        expect(imp.module, `${imp.name}`).toBe('env');
        expect(ABI_ENV[imp.name], `env.${imp.name} is not in ABI.md`).toBeDefined();
        expect(ABI_ENV[imp.name], `env.${imp.name} signature`).toContain(imp.signature);
      }
    });
  }

  for (const name of TEMPLATES) {
    it(`${name}: links exactly its expected env imports`, () => {
      const names = readModuleShape(wasmBytes(name)).imports.map((i) => i.name).sort();
      expect(names).toEqual([...(EXPECTED_IMPORTS[name] ?? [])].sort());
    });

    it(`${name}: exports the abi.json methods as () -> i32, plus memory, nothing else`, () => {
      const abi = JSON.parse(readFileSync(join(ROOT, 'contracts', 'templates', name, 'abi.json'), 'utf8')) as { methods: { name: string }[] };
      const methods = abi.methods.map((m) => m.name).sort();
      const bytes = wasmBytes(name);
      const jsExports = WA.Module.exports(new WA.Module(bytes));
      expect(jsExports.map((e) => e.name).sort()).toEqual([...methods, 'memory'].sort());
      expect(jsExports.find((e) => e.name === 'memory')?.kind).toBe('memory');
      const shape = readModuleShape(bytes);
      for (const m of methods) expect(shape.exports.get(m), m).toBe('->i');
    });
  }

  it('sdk-surface links the whole binding set (every @external in env.ts)', () => {
    const declared = [...readFileSync(join(ROOT, 'contracts', 'sdk', 'assemblyscript', 'env.ts'), 'utf8')
      .matchAll(/@external\("env", "([a-z_0-9]+)"\)/g)].map((m) => m[1]);
    const linked = readModuleShape(wasmBytes('sdk-surface')).imports.map((i) => i.name);
    expect(linked.filter((n) => n !== 'abort').sort()).toEqual(declared.sort());
  });
});

describe('feature gate (contracts/feature-gate.mjs)', () => {
  const ok = `(module
 (import "env" "abort" (func $~lib/builtins/abort (param i32 i32 i32 i32)))
 (memory $0 1)
 (data $0 (i32.const 1036) "try again: memory.init v128 shared")
 (export "memory" (memory $0))
 (func $catch/try (memory.copy (i32.const 0) (i32.const 8) (i32.const 4)) (memory.fill (i32.const 0) (i32.const 0) (i32.const 4)))
)`;

  it('accepts every built module, memory.copy/fill, and forbidden words inside strings or names', () => {
    for (const name of [...TEMPLATES, 'sdk-surface']) expect(checkWat(readFileSync(join(BUILD, `${name}.wat`), 'utf8')), name).toEqual([]);
    expect(checkWat(ok)).toEqual([]);
  });

  it.each([
    ['memory.init', ' (func $f (memory.init $0 (i32.const 0) (i32.const 0) (i32.const 1)))'],
    ['data.drop', ' (func $f (data.drop $0))'],
    ['passive data segment', ' (data $1 "abc")'],
    ['table.*', ' (func $f (drop (table.grow $0 (ref.null func) (i32.const 1))))'],
    ['SIMD', ' (func $f (result v128) (v128.const i32x4 0 0 0 0))'],
    ['threads/atomics', ' (func $f (drop (i32.atomic.load (i32.const 0))))'],
    ['reference types', ' (func $f (param externref))'],
    ['tail calls', ' (func $f (return_call $f))'],
    ['import from module "wasi_snapshot_preview1"', ' (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))'],
    ['more than one table', ' (table $0 1 funcref)\n (table $1 1 funcref)'],
  ])('rejects %s', (what, line) => {
    const problems = checkWat(ok.replace(/\)$/, `${line}\n)`));
    expect(problems.join('; ')).toContain(what);
  });

  it('rejects a module without a "memory" export', () => {
    expect(checkWat(ok.replace('(export "memory" (memory $0))', ''))).toEqual(['memory is not exported as "memory"']);
  });
});

// ---------------------------------------------------------------------------------------------
// Mock host: one fresh instance per call (ABI.md §1); state writes and events go to a draft that is
// committed only when the method returns 0 (ABI.md §8). Only what the templates import.

interface CallResult {
  status: number;
  ret: string;
  events: { name: string; data: Record<string, unknown> }[];
}

const NOT_FOUND = -2002;

class MockHost {
  readonly state = new Map<string, Uint8Array>();
  height = 100n;
  timestamp = 1_700_000_000n;
  private readonly module: object;

  constructor(contract: string) {
    this.module = new WA.Module(wasmBytes(contract));
  }

  call(method: string, caller: Uint8Array, params: unknown = {}): CallResult {
    const payload = new TextEncoder().encode(typeof params === 'string' ? params : JSON.stringify(params));
    const pending = new Map<string, Uint8Array>();
    const events: CallResult['events'] = [];
    let ret: Uint8Array = new Uint8Array(0);
    let memory: { buffer: ArrayBuffer } | undefined;
    const mem = (): Uint8Array => new Uint8Array(memory!.buffer);
    const bytes = (p: number, n: number): Uint8Array => mem().slice(p, p + n);
    const keyOf = (p: number, n: number): string => toHex(bytes(p, n));
    const lookup = (k: string): Uint8Array | undefined => pending.get(k) ?? this.state.get(k);

    const env: Record<string, (...a: never[]) => unknown> = {
      abort: (msg: number, file: number) => {
        const str = (p: number) => (p ? Buffer.from(bytes(p, new DataView(memory!.buffer).getUint32(p - 4, true))).toString('utf16le') : '');
        throw new Error(`abort: ${str(msg)} (${str(file)})`);
      },
      get_caller: (out: number) => (mem().set(caller, out), 20),
      get_block_height: () => this.height,
      get_timestamp: () => this.timestamp,
      get_contract_init_params: (buf: number, cap: number) => {
        if (payload.length <= cap) mem().set(payload, buf);
        return payload.length;
      },
      state_read: (k: number, kl: number, out: number, cap: number) => {
        const v = lookup(keyOf(k, kl));
        if (v === undefined) return NOT_FOUND;
        if (v.length <= cap) mem().set(v, out);
        return v.length;
      },
      state_write: (k: number, kl: number, v: number, vl: number) => (pending.set(keyOf(k, kl), bytes(v, vl)), 0),
      set_return_data: (p: number, n: number) => ((ret = bytes(p, n)), 0),
      emit_event: (p: number, n: number) => (events.push(JSON.parse(Buffer.from(bytes(p, n)).toString('utf8'))), 0),
      address_bytes_to_base58: (a: number, out: number, max: number) => {
        const text = new TextEncoder().encode(addressToBase58(bytes(a, 20)));
        if (text.length > max) return 0;
        mem().set(text, out);
        return text.length;
      },
      address_base58_to_bytes: (s: number, n: number, out: number) => {
        try {
          mem().set(addressFromBase58(Buffer.from(bytes(s, n)).toString('utf8')), out);
          return 1;
        } catch {
          return 0;
        }
      },
    };
    const imports: Record<string, unknown> = {};
    for (const imp of WA.Module.imports(this.module)) {
      if (!(imp.name in env)) throw new Error(`mock host lacks env.${imp.name}`);
      imports[imp.name] = env[imp.name];
    }
    const instance = new WA.Instance(this.module, { env: imports });
    memory = instance.exports.memory as { buffer: ArrayBuffer };
    const status = (instance.exports[method] as () => number)() >>> 0;
    if (status === 0) for (const [k, v] of pending) this.state.set(k, v);
    return { status, ret: Buffer.from(ret).toString('utf8'), events: status === 0 ? events : [] };
  }
}

const addr = (fill: number): Uint8Array => new Uint8Array(20).fill(fill);
const alice = addr(0xa1);
const bob = addr(0xb2);
const carol = addr(0xc3);
const b58 = (a: Uint8Array): string => addressToBase58(a);

const S = { SUCCESS: 0, INVALID_PARAMS: 1, INSUFFICIENT_BALANCE: 2, UNAUTHORIZED: 3, NOT_FOUND: 4, ALREADY_EXISTS: 5, INVALID_STATE: 7, TIMEOUT: 8 };

describe('token template on a mock host', () => {
  let host: MockHost;
  beforeAll(() => {
    host = new MockHost('token');
  });

  it('Initialize mints the supply to the deployer and emits Mint', () => {
    const r = host.call('Initialize', alice, { name: 'Gold', symbol: 'GLD', supply: '1000' });
    expect(r.status).toBe(S.SUCCESS);
    expect(r.events).toEqual([{ name: 'Mint', data: { to: b58(alice), amount: '1000' } }]);
    expect(host.call('BalanceOf', alice, { address: b58(alice) }).ret).toBe('1000');
    expect(host.call('TotalSupply', bob).ret).toBe('1000');
  });

  it('a second Initialize is ALREADY_EXISTS and changes nothing', () => {
    expect(host.call('Initialize', bob, { supply: 5 }).status).toBe(S.ALREADY_EXISTS);
    expect(host.call('TotalSupply', bob).ret).toBe('1000');
  });

  it('Transfer moves the amount and emits Transfer; BalanceOf accepts Base58 and hex', () => {
    const r = host.call('Transfer', alice, { to: b58(bob), amount: 300 });
    expect(r).toEqual({ status: S.SUCCESS, ret: '', events: [{ name: 'Transfer', data: { from: b58(alice), to: b58(bob), amount: '300' } }] });
    expect(host.call('BalanceOf', carol, { address: toHex(alice) }).ret).toBe('700');
    expect(host.call('BalanceOf', carol, { address: '0x' + toHex(bob) }).ret).toBe('300');
    expect(host.call('BalanceOf', bob).ret).toBe('300'); // default: the caller
  });

  it('Transfer beyond the balance is INSUFFICIENT_BALANCE; the draft is discarded', () => {
    const before = new Map(host.state);
    const r = host.call('Transfer', bob, { to: b58(alice), amount: '301' });
    expect(r).toEqual({ status: S.INSUFFICIENT_BALANCE, ret: '', events: [] });
    expect(host.state).toEqual(before);
  });

  it('a transfer to oneself keeps the balance', () => {
    expect(host.call('Transfer', bob, { to: b58(bob), amount: 300 }).status).toBe(S.SUCCESS);
    expect(host.call('BalanceOf', bob).ret).toBe('300');
  });

  it('bad parameters are INVALID_PARAMS', () => {
    const bad: unknown[] = [
      { to: 'not-an-address', amount: 1 },
      { to: b58(bob), amount: 0 },
      { to: b58(bob), amount: -1 },
      { to: b58(bob), amount: 1.5 },
      { to: b58(bob), amount: '18446744073709551616' }, // u64::MAX + 1
      { to: b58(bob) },
      { to: b58(bob), amount: 1, amount2: 1, x: { deep: [1, { y: 'z' }] }, '"': 1 } as unknown,
      '{"to":"' + b58(bob) + '","amount":1,"amount":2}', // duplicate key
      '{"to": "' + b58(bob) + '", "amount": 1', // truncated
      'not json',
      { to: b58(bob), amount: 1, ...Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])) }, // > 256 members
    ];
    const statuses = bad.map((p) => host.call('Transfer', alice, p).status);
    // The 7th payload is valid (extra members, nested values are ignored): it succeeds.
    expect(statuses).toEqual([1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1]);
    expect(host.call('BalanceOf', bob).ret).toBe('301');
  });

  it('a payload larger than the first 1 KiB buffer is read with a retry', () => {
    const r = host.call('Transfer', alice, { memo: 'x'.repeat(5000), to: b58(carol), amount: '9' });
    expect(r.status).toBe(S.SUCCESS);
    expect(host.call('BalanceOf', carol).ret).toBe('9');
  });

  it('Mint is owner-only and grows the supply', () => {
    expect(host.call('Mint', bob, { to: b58(bob), amount: 1 }).status).toBe(S.UNAUTHORIZED);
    const r = host.call('Mint', alice, { to: b58(carol), amount: '500' });
    expect(r.status).toBe(S.SUCCESS);
    expect(r.events).toEqual([{ name: 'Mint', data: { to: b58(carol), amount: '500' } }]);
    expect(host.call('TotalSupply', bob).ret).toBe('1500');
    expect(host.call('Mint', alice, { to: b58(carol), amount: '18446744073709551615' }).status).toBe(S.INVALID_PARAMS);
  });

  it('Info escapes strings in its JSON', () => {
    const h = new MockHost('token');
    const name = 'a"b\\c\n\u0001é😀';
    expect(h.call('Info', alice).status).toBe(S.NOT_FOUND);
    expect(h.call('Initialize', alice, { name, symbol: 'Q', supply: 1 }).status).toBe(S.SUCCESS);
    expect(JSON.parse(h.call('Info', bob).ret)).toEqual({ name, symbol: 'Q', owner: b58(alice), totalSupply: '1' });
    expect(h.call('Transfer', bob, { to: b58(alice), amount: 1 }).status).toBe(S.INSUFFICIENT_BALANCE);
    // \u escapes (a surrogate pair, an escaped slash) are decoded by the SDK's reader.
    const h2 = new MockHost('token');
    expect(h2.call('Initialize', alice, '{"name":"\\ud83d\\ude00\\/x","supply":1}').status).toBe(S.SUCCESS);
    expect(JSON.parse(h2.call('Info', bob).ret).name).toBe('😀/x');
  });
});

describe('other templates on the mock host', () => {
  it('counter: state persists across calls; SayHello greets', () => {
    const h = new MockHost('counter');
    expect(h.call('Get', alice).ret).toBe('0');
    expect(h.call('Increment', alice).ret).toBe('1');
    expect(h.call('Increment', bob, { by: 41 })).toEqual({ status: 0, ret: '42', events: [{ name: 'Incremented', data: { value: '42' } }] });
    expect(h.call('Get', carol).ret).toBe('42');
    expect(h.call('SayHello', alice, { name: 'Ada' }).ret).toBe('Hello, Ada!');
    expect(h.call('SayHello', alice).ret).toBe('Hello, World!');
    expect(h.call('GetGreetingCount', alice).ret).toBe('2');
  });

  it('nft: second mint of an id is ALREADY_EXISTS; only the owner transfers', () => {
    const h = new MockHost('nft');
    expect(h.call('Mint', alice, { id: 'cat-1', uri: 'ipfs://x' }).status).toBe(S.SUCCESS);
    expect(h.call('Mint', bob, { id: 'cat-1' }).status).toBe(S.ALREADY_EXISTS);
    expect(h.call('Mint', bob, { id: 7, to: b58(carol) }).status).toBe(S.SUCCESS);
    expect(h.call('OwnerOf', bob, { id: '7' }).ret).toBe(b58(carol));
    expect(h.call('Transfer', bob, { id: 'cat-1', to: b58(bob) }).status).toBe(S.UNAUTHORIZED);
    expect(h.call('Transfer', alice, { id: 'cat-1', to: b58(bob) }).status).toBe(S.SUCCESS);
    expect(h.call('OwnerOf', alice, { id: 'cat-1' }).ret).toBe(b58(bob));
    expect(h.call('OwnerOf', alice, { id: 'dog' }).status).toBe(S.NOT_FOUND);
    expect(JSON.parse(h.call('TokenInfo', alice, { id: 'cat-1' }).ret)).toEqual({ id: 'cat-1', owner: b58(bob), uri: 'ipfs://x' });
  });

  it('governance: one vote per address; Tally counts', () => {
    const h = new MockHost('governance');
    expect(h.call('Vote', alice, { id: 'p1', support: true }).status).toBe(S.NOT_FOUND);
    expect(h.call('Propose', alice, { id: 'p1', title: 'Raise the cap' }).status).toBe(S.SUCCESS);
    expect(h.call('Propose', bob, { id: 'p1', title: 'again' }).status).toBe(S.ALREADY_EXISTS);
    expect(h.call('Vote', alice, { id: 'p1', support: true }).status).toBe(S.SUCCESS);
    expect(h.call('Vote', alice, { id: 'p1', support: false }).status).toBe(S.ALREADY_EXISTS);
    expect(h.call('Vote', bob, { id: 'p1', support: false }).status).toBe(S.SUCCESS);
    expect(h.call('Vote', carol, { id: 'p1', support: 'yes' }).status).toBe(S.INVALID_PARAMS);
    expect(JSON.parse(h.call('Tally', carol, { id: 'p1' }).ret)).toEqual({ yes: 1, no: 1 });
    expect(JSON.parse(h.call('GetProposal', carol, { id: 'p1' }).ret)).toEqual({ id: 'p1', title: 'Raise the cap', proposer: b58(alice), height: 100 });
  });

  it('escrow: Refund only before the unlock point, Release only from it on', () => {
    const h = new MockHost('escrow');
    const create = { id: 'e1', beneficiary: b58(bob), amount: '50', unlockHeight: 110 };
    expect(h.call('Create', alice, { ...create, unlockTime: 1 }).status).toBe(S.INVALID_PARAMS);
    expect(h.call('Create', alice, create).status).toBe(S.SUCCESS);
    expect(h.call('Deposit', alice, create).status).toBe(S.ALREADY_EXISTS);
    expect(h.call('Release', bob, { id: 'e1' }).status).toBe(S.INVALID_STATE); // still locked
    expect(h.call('Refund', bob, { id: 'e1' }).status).toBe(S.UNAUTHORIZED);
    h.height = 110n;
    expect(h.call('Refund', alice, { id: 'e1' }).status).toBe(S.TIMEOUT);
    expect(h.call('Release', carol, { id: 'e1' }).status).toBe(S.UNAUTHORIZED);
    const r = h.call('Release', bob, { id: 'e1' });
    expect(r.events).toEqual([{ name: 'EscrowReleased', data: { id: 'e1', to: b58(bob), amount: '50' } }]);
    expect(h.call('Release', bob, { id: 'e1' }).status).toBe(S.INVALID_STATE);
    expect(h.call('CreditOf', bob).ret).toBe('50');

    expect(h.call('Create', alice, { id: 'e2', beneficiary: b58(bob), amount: 5, unlockTime: 1_800_000_000 }).status).toBe(S.SUCCESS);
    expect(h.call('Refund', alice, { id: 'e2' }).status).toBe(S.SUCCESS);
    expect(h.call('CreditOf', carol, { address: b58(alice) }).ret).toBe('5');
    expect(JSON.parse(h.call('Get', carol, { id: 'e2' }).ret)).toMatchObject({ status: 'refunded', depositor: b58(alice), amount: '5', unlocked: false });
  });
});
