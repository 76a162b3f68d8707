/**
 * The physical floor for a token transfer: the template's Transfer logic as (a) plain TypeScript
 * over a Map and (b) the template's own wasm, un-instrumented, called straight from V8 with
 * minimal Map-backed JS host functions (no metering, no engine, no draft). Measured interleaved
 * with the engine-only path (engine-token.ts) so the ratios come from one run.
 */
import { ContractStatus } from '../../pkg/types.js';
import { addressFromBase58, addressToBase58, fromHex, toHex } from '../../pkg/encoding.js';
import { fmtSample, sampleInterleaved, scale, type ResultRow, type Sample, type Section } from '../lib/stats.js';
import { INITIAL_SUPPLY, OWNER, deployEngineToken, fmtRate, keyString, perSecond, recipientPayloads, storedBalance, tokenWasm, type PeerOptions } from './common.js';

const U64_MAX = (1n << 64n) - 1n;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

const { SUCCESS, INVALID_PARAMS, INVALID_STATE, INSUFFICIENT_BALANCE } = ContractStatus;

function parseAddressText(v: unknown): Uint8Array | undefined {
  if (typeof v !== 'string') return undefined;
  const hex = v.startsWith('0x') ? v.slice(2) : v;
  if (/^[0-9a-fA-F]{40}$/.test(hex)) return fromHex(hex);
  try {
    return addressFromBase58(v);
  } catch {
    return undefined;
  }
}

function parseU64(v: unknown): bigint | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : undefined;
  if (typeof v === 'string' && /^[0-9]{1,20}$/.test(v)) {
    const n = BigInt(v);
    return n <= U64_MAX ? n : undefined;
  }
  return undefined;
}

/**
 * (a) The template's Transfer in plain TypeScript: same JSON params, same checks (params,
 * amount > 0, initialised, balance), same state layout (decimal strings under
 * "balance/<hex>"), same Transfer event (JSON with Base58 addresses).
 */
export class PlainToken {
  readonly state = new Map<string, string>();
  readonly events: Uint8Array[] = [];

  initialize(owner: Uint8Array, supply: bigint): void {
    this.state.set('owner', toHex(owner));
    this.state.set('supply', supply.toString());
    this.state.set(`balance/${toHex(owner)}`, supply.toString());
  }

  transfer(caller: Uint8Array, payload: Uint8Array): number {
    let p: unknown;
    try {
      p = JSON.parse(payload.length === 0 ? '{}' : decoder.decode(payload));
    } catch {
      return INVALID_PARAMS;
    }
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return INVALID_PARAMS;
    const params = p as Record<string, unknown>;
    const to = parseAddressText(params['to']);
    const amount = parseU64(params['amount']);
    if (to === undefined || amount === undefined || amount === 0n) return INVALID_PARAMS;
    if (!this.state.has('owner')) return INVALID_STATE;
    const fromKey = `balance/${toHex(caller)}`;
    const fromBalance = BigInt(this.state.get(fromKey) ?? '0');
    if (fromBalance < amount) return INSUFFICIENT_BALANCE;
    this.state.set(fromKey, (fromBalance - amount).toString());
    const toKey = `balance/${toHex(to)}`;
    this.state.set(toKey, (BigInt(this.state.get(toKey) ?? '0') + amount).toString());
    this.events.length = 0;
    this.events.push(encoder.encode(JSON.stringify({ name: 'Transfer', data: { from: addressToBase58(caller), to: addressToBase58(to), amount: amount.toString() } })));
    return SUCCESS;
  }
}

/**
 * (b) The template's wasm, un-instrumented, with host functions backed by a Map: no metering,
 * no bounds or limit checks, no draft (writes go straight to the Map). The AssemblyScript stub
 * runtime never frees, so a call needs a fresh instance (or memory grows without bound):
 * `fresh` instantiates per call; `reused` keeps one instance for 256 calls (execution only).
 */
export class RawWasmToken {
  readonly state = new Map<string, Uint8Array>();
  private readonly module: WebAssembly.Module;
  private readonly imports: WebAssembly.Imports;
  private memory: WebAssembly.Memory | undefined;
  private caller: Uint8Array = OWNER;
  private payload: Uint8Array = new Uint8Array(0);
  private reusedInstance: WebAssembly.Instance | undefined;
  private reusedCalls = 0;
  eventCount = 0;

  constructor(code: Uint8Array) {
    this.module = new WebAssembly.Module(code as Uint8Array<ArrayBuffer>);
    const mem = (): Uint8Array => new Uint8Array((this.memory as WebAssembly.Memory).buffer);
    const readKey = (p: number, n: number): string => keyString(mem().subarray(p, p + n));
    this.imports = {
      env: {
        abort: () => {
          throw new Error('abort');
        },
        state_read: (kp: number, kl: number, out: number, cap: number): number => {
          const v = this.state.get(readKey(kp, kl));
          if (v === undefined) return -2002;
          if (v.length <= cap >>> 0) mem().set(v, out);
          return v.length;
        },
        state_write: (kp: number, kl: number, vp: number, vl: number): number => {
          this.state.set(readKey(kp, kl), mem().slice(vp, vp + vl));
          return 0;
        },
        get_contract_init_params: (buf: number, cap: number): number => {
          if (this.payload.length <= cap >>> 0) mem().set(this.payload, buf);
          return this.payload.length;
        },
        set_return_data: (): number => 0,
        get_caller: (out: number): number => {
          mem().set(this.caller, out);
          return 20;
        },
        emit_event: (ptr: number, len: number): number => {
          mem().slice(ptr, ptr + len);
          this.eventCount++;
          return 0;
        },
        address_bytes_to_base58: (addr: number, out: number, max: number): number => {
          const text = encoder.encode(addressToBase58(mem().slice(addr, addr + 20)));
          if (text.length > max >>> 0) return 0;
          mem().set(text, out);
          return text.length;
        },
        address_base58_to_bytes: (str: number, len: number, out: number): number => {
          try {
            mem().set(addressFromBase58(decoder.decode(mem().subarray(str, str + len))), out);
            return 1;
          } catch {
            return 0;
          }
        },
      },
    };
  }

  private instantiate(): WebAssembly.Instance {
    const inst = new WebAssembly.Instance(this.module, this.imports);
    this.memory = inst.exports['memory'] as WebAssembly.Memory;
    return inst;
  }

  private run(inst: WebAssembly.Instance, method: string, caller: Uint8Array, payload: Uint8Array): number {
    this.caller = caller;
    this.payload = payload;
    this.memory = inst.exports['memory'] as WebAssembly.Memory;
    return (inst.exports[method] as () => number)();
  }

  /** One call on a fresh instance (what a call costs without an engine). */
  callFresh(method: string, caller: Uint8Array, payload: Uint8Array): number {
    return this.run(this.instantiate(), method, caller, payload);
  }

  /** One call on a long-lived instance, re-instantiated every 256 calls (execution-only floor). */
  callReused(method: string, caller: Uint8Array, payload: Uint8Array): number {
    if (this.reusedInstance === undefined || this.reusedCalls >= 256) {
      this.reusedInstance = this.instantiate();
      this.reusedCalls = 0;
    }
    this.reusedCalls++;
    return this.run(this.reusedInstance, method, caller, payload);
  }
}

function expectStatus(status: number, what: string): void {
  if (status !== SUCCESS) throw new Error(`${what}: status ${status}`);
}

/** Builds the four transfer loops (TS, raw wasm fresh/reused, engine) and checks them once. */
interface PeerLoop {
  readonly name: string;
  /** Runs n transfers. */
  run(n: number): void;
  /** Throws unless the sender's balance reflects every transfer run so far. */
  check(): void;
}

export function limitPeers(code: Uint8Array = tokenWasm()): PeerLoop[] {
  const payloads = recipientPayloads();
  const plain = new PlainToken();
  plain.initialize(OWNER, INITIAL_SUPPLY);
  const raw = new RawWasmToken(code);
  expectStatus(raw.callFresh('Initialize', OWNER, encoder.encode(`{"supply":"${INITIAL_SUPPLY}"}`)), 'raw wasm Initialize');
  const engine = deployEngineToken(code);
  const sent = { plain: 0, fresh: 0, reused: 0 };
  let k = 0;
  const nextPayload = (): Uint8Array => payloads[(k = (k + 1) % payloads.length)]!;
  const ownerKey = `balance/${toHex(OWNER)}`;
  const rawOwner = (): bigint => BigInt(decoder.decode(raw.state.get(ownerKey) ?? encoder.encode('0')));
  const loops: { name: string; run: (n: number) => void; check: (total: number) => void }[] = [
    {
      name: 'plain TypeScript (Map, same JSON params and checks)',
      run: (n) => {
        for (let i = 0; i < n; i++) expectStatus(plain.transfer(OWNER, nextPayload()), 'plain Transfer');
        sent.plain += n;
      },
      check: () => {
        if (BigInt(plain.state.get(ownerKey) ?? '0') !== INITIAL_SUPPLY - BigInt(sent.plain)) throw new Error('plain TS balance mismatch');
      },
    },
    {
      name: 'raw wasm in V8, fresh instance per call (no metering, no engine)',
      run: (n) => {
        for (let i = 0; i < n; i++) expectStatus(raw.callFresh('Transfer', OWNER, nextPayload()), 'raw Transfer');
        sent.fresh += n;
      },
      check: () => {
        if (rawOwner() !== INITIAL_SUPPLY - BigInt(sent.fresh + sent.reused)) throw new Error('raw wasm balance mismatch');
      },
    },
    {
      name: 'raw wasm in V8, instance reused for 256 calls (execution only)',
      run: (n) => {
        for (let i = 0; i < n; i++) expectStatus(raw.callReused('Transfer', OWNER, nextPayload()), 'raw Transfer');
        sent.reused += n;
      },
      check: () => {
        if (rawOwner() !== INITIAL_SUPPLY - BigInt(sent.fresh + sent.reused)) throw new Error('raw wasm balance mismatch');
      },
    },
    {
      name: `engine-only: manager.callSync, metered (gas ${engine.gasPerTransfer}/transfer)`,
      run: (n) => engine.transfer(n),
      check: (total) => {
        if (storedBalance(engine.state, OWNER) !== INITIAL_SUPPLY - BigInt(total + 1)) throw new Error('engine balance mismatch');
      },
    },
  ];
  return loops.map((p) => {
    let total = 0;
    return { name: p.name, run: (n: number) => { p.run(n); total += n; }, check: () => p.check(total) };
  });
}

export async function limitSections(opts: PeerOptions = {}): Promise<Section[]> {
  const batch = opts.tiny ? 3 : 1000;
  const peers = limitPeers();
  const samples = sampleInterleaved(peers.map((p) => () => p.run(batch)), opts.tiny ? 1 : 11, opts.tiny ? 0 : 3) as Sample[];
  for (const p of peers) p.check();
  const rates = samples.map((s) => perSecond(s, batch));
  const [ts, fresh, floor, engine] = rates as [Sample, Sample, Sample, Sample];
  const perCall = (s: Sample): string => fmtSample(scale(s, 1000 / batch), 'µs');
  const rows: ResultRow[] = peers.map((p, i) => ({
    name: p.name,
    value: fmtRate(rates[i]!),
    baseline: i === 2 ? undefined : `raw wasm reused ${fmtRate(floor)}`,
    ratio: i === 2 ? undefined : rates[i]!.median / floor.median,
  }));
  rows.push({ name: 'time per transfer: engine-only vs raw wasm reused', value: perCall(samples[3]!), baseline: perCall(samples[2]!), ratio: samples[3]!.median / samples[2]!.median });
  return [
    {
      title: 'Token transfer: the physical floor',
      intro: `The token template's Transfer (${batch} per batch, owner to ${16} rotating recipients, state in a Map) as plain TypeScript, as the template's wasm run raw in V8 with minimal Map-backed host functions, and through the engine (metering, checked host ABI, draft; each draft's state writes applied to the Map). Sampled interleaved on one core. Ratio = throughput / throughput of raw wasm on a reused instance (the execution-only floor); last row: time ratio.`,
      rows,
      notes: [
        `engine-only reaches ${pct(engine, floor)} of the execution-only floor, ${pct(engine, fresh)} of raw wasm with a fresh instance per call (the engine resets a pooled instance from a snapshot instead), and ${pct(engine, ts)} of plain TypeScript.`,
        'Both the raw wasm and the plain TypeScript peers do the same work as the engine path inside the call: JSON parsing, hex decoding, decimal balances, two Base58Check encodings for the event.',
      ],
    },
  ];
}

function pct(a: Sample, b: Sample): string {
  return `${((a.median / b.median) * 100).toFixed(0)}%`;
}
