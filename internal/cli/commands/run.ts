/** `wes run <file.wasm> <Method>`: run one contract method against an in-memory chain and show its effects. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { addressToBase58, hash160, parseAddress, utf8Encode } from '../../../pkg/encoding.js';
import { InvalidRequestError, ModuleRejectedError, isWesError, type WesError } from '../../../pkg/errors.js';
import type { CallResult } from '../../../pkg/engine.js';
import { writeFileSync } from 'node:fs';
import { MemoryChainView, memoryChainFromText } from '../../core/chain/memory-chain-view.js';
import { applyCall, runTxHash } from '../../core/chain/chain-file.js';
import { createEngine } from '../../core/engines/wasm/manager/container.js';
import { EXIT, type CliIO, type Command } from '../command.js';
import { resultText, resultView } from './run-view.js';

const USAGE = `usage: wes run <file.wasm> <Method> [--params JSON] [--caller ADDR] [--state FILE]
               [--state-out FILE] [--gas N] [--height N] [--time N] [--json]

Runs one exported method of a contract, deterministically, against an in-memory chain and prints
the status (code and name), gas used, return data (text if UTF-8, else hex), events, logs and the
draft (outputs, inputs, state writes). Exit code 0 only when the method returns SUCCESS.

  --params JSON  call payload (JSON, sent compacted); default: empty
  --caller ADDR  caller address, Base58Check or 40-digit hex; default: ${'the fixed dev address'}
  --state FILE   chain JSON (blocks, state, utxos, resources, events): see docs/state-file.md
  --state-out FILE
                 after a successful call, write the chain JSON with its effects applied (state
                 writes, spent and created UTXOs, events, a block at the call's height), to feed
                 the next call's --state; may be the same file as --state. Not written on failure.
  --gas N        gas limit; default 10000000
  --height N     height of the block being built; default: highest block in --state + 1, else 1
  --time N       block timestamp, unix seconds; default 1700000000
  --json         print exactly one JSON object on stdout`;

/** Fixed so runs are reproducible: hash160("wes-dev-caller"). */
export const DEV_CALLER = hash160(utf8Encode('wes-dev-caller'));
const DEFAULT_GAS = 10_000_000n;
const DEFAULT_TIME = 1_700_000_000n;

class UsageError extends InvalidRequestError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

function uintFlag(v: string | undefined, name: string): bigint | undefined {
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v)) throw new UsageError(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

/** Validates JSON and drops whitespace outside strings (the WES SDKs match `"key":"` literally); numbers keep their digits. */
export function compactJson(text: string): string {
  try {
    JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--params is not valid JSON: ${(e as Error).message}`);
  }
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (!/\s/.test(c)) out += c;
  }
  return out;
}

function readFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new InvalidRequestError('FILE_NOT_READABLE', `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function callerFrom(text: string | undefined): Uint8Array {
  if (text === undefined) return DEV_CALLER;
  try {
    return parseAddress(text);
  } catch (e) {
    if (isWesError(e)) throw new UsageError(`--caller: ${e.message}`);
    throw e;
  }
}

interface Run {
  readonly result: CallResult;
  readonly caller: Uint8Array;
  readonly contract: Uint8Array;
  readonly method: string;
  /** Where the chain JSON with this call applied goes, and what it starts from. */
  readonly stateOut?: { readonly path: string; readonly json: Record<string, unknown>; readonly height: bigint; readonly timestamp: bigint; readonly txHash: Uint8Array };
}

async function execute(args: readonly string[]): Promise<Run> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        params: { type: 'string' },
        caller: { type: 'string' },
        state: { type: 'string' },
        'state-out': { type: 'string' },
        gas: { type: 'string' },
        height: { type: 'string' },
        time: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const [file, method] = positionals;
  if (file === undefined || method === undefined || positionals.length > 2) throw new UsageError('expected <file.wasm> <Method>');
  const caller = callerFrom(values.caller);
  const payload = values.params === undefined ? new Uint8Array(0) : utf8Encode(compactJson(values.params));
  const gasLimit = uintFlag(values.gas, 'gas') ?? DEFAULT_GAS;
  const code = new Uint8Array(readFile(file, 'contract'));
  const engine = createEngine();
  const summary = await engine.prepare(code);
  if (!summary.methods.includes(method)) {
    throw new UsageError(`contract has no method "${method}"; methods: ${summary.methods.join(', ') || '(none)'}`);
  }
  const opts = { self: summary.contractAddress };
  const stateText = values.state === undefined ? '{}' : readFile(values.state, 'state file').toString('utf8');
  const chain = values.state === undefined ? new MemoryChainView({}, opts) : memoryChainFromText(stateText, values.state, opts);
  const blockHeight = uintFlag(values.height, 'height') ?? (chain.tipHeight ?? 0n) + 1n;
  const blockTimestamp = uintFlag(values.time, 'time') ?? DEFAULT_TIME;
  // A fixed zero id unless state carries over: then each call gets its own (its outputs need distinct outpoints).
  const txHash = values['state-out'] === undefined ? new Uint8Array(32) : runTxHash(stateText, method, payload, caller, blockHeight);
  const result = await engine.call({
    code,
    method,
    payload,
    gasLimit,
    context: { caller, blockHeight, blockTimestamp, txHash, txIndex: 0, callIndex: 0, chain },
  });
  const stateOut =
    values['state-out'] === undefined
      ? undefined
      : { path: values['state-out'], json: JSON.parse(stateText) as Record<string, unknown>, height: blockHeight, timestamp: blockTimestamp, txHash };
  return { result, caller, contract: summary.contractAddress, method, ...(stateOut && { stateOut }) };
}

function report(io: CliIO, json: boolean, code: number, error: WesError): number {
  if (json) io.out(JSON.stringify({ ok: false, error: { code: error.code, message: error.message } }));
  else io.err(`wes run: ${error.message} [${error.code}]${error instanceof UsageError ? `\n\n${USAGE}` : ''}`);
  return code;
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run one contract method against an in-memory chain',
  usage: USAGE,
  async run(args, io) {
    const json = args.includes('--json');
    let run: Run;
    try {
      run = await execute(args);
    } catch (e) {
      if (e instanceof ModuleRejectedError) return report(io, json, EXIT.failed, e);
      if (isWesError(e) && e.category === 'input') return report(io, json, EXIT.usage, e);
      if (isWesError(e)) return report(io, json, EXIT.failed, e);
      throw e;
    }
    const head = { contract: addressToBase58(run.contract), method: run.method, caller: addressToBase58(run.caller) };
    const view = { ...head, ...resultView(run.result) };
    if (run.stateOut && run.result.ok && run.result.draft) {
      const { path, json: before, height, timestamp, txHash } = run.stateOut;
      const applied = applyCall(before, run.result.draft, { height, timestamp, txHash, method: run.method });
      try {
        writeFileSync(path, `${JSON.stringify(applied.json, null, 2)}\n`);
      } catch (e) {
        return report(io, json, EXIT.failed, new InvalidRequestError('FILE_NOT_WRITABLE', `cannot write --state-out ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`));
      }
      if (applied.skippedOutputs.length > 0) io.err(`wes run: outputs ${applied.skippedOutputs.join(', ')} are not representable in a state file (not asset outputs with default locks) and were not written`);
    }
    if (json) io.out(JSON.stringify(view));
    else for (const line of resultText(view)) io.out(line);
    return run.result.ok ? EXIT.ok : EXIT.failed;
  },
};
