/**
 * Peer: an ERC-20 transfer on EthereumJS (@ethereumjs/evm, a pure-TypeScript EVM, the closest
 * peer a TypeScript user would pick). bench/peers/ERC20.sol is compiled at bench time by solc-js
 * (the npm `solc` package ships the compiler as soljson.js: no network), deployed, the owner is
 * minted a supply, then transfer() is called in a loop to 16 rotating recipients. Our engine's
 * Transfer of the token template is sampled interleaved with it in the same run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import solc from 'solc';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM } from '@ethereumjs/evm';
import { MerkleStateManager, SimpleStateManager } from '@ethereumjs/statemanager';
import { Account, Address, bigIntToBytes, bytesToBigInt, concatBytes, hexToBytes, setLengthLeft } from '@ethereumjs/util';
import { repoRoot } from '../lib/paths.js';
import { formatProfile, profileEngineTransfer } from './profile.js';
import { sampleInterleavedAsync, type ResultRow, type Sample, type Section } from '../lib/stats.js';
import { INITIAL_SUPPLY, OWNER, RECIPIENTS, address, deployEngineToken, fmtRate, perSecond, tokenWasm, type PeerOptions } from './common.js';

export interface CompiledContract {
  readonly bytecode: Uint8Array;
  readonly selectors: Readonly<Record<string, string>>;
  readonly solcVersion: string;
  readonly compileMs: number;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { evm: { bytecode: { object: string }; methodIdentifiers: Record<string, string> } }>>;
}

/** Compiles bench/peers/ERC20.sol with solc-js's standard-JSON API (offline). */
export function compileErc20(): CompiledContract {
  const source = readFileSync(join(repoRoot(), 'bench', 'peers', 'ERC20.sol'), 'utf8');
  const input = {
    language: 'Solidity',
    sources: { 'ERC20.sol': { content: source } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { BenchToken: ['evm.bytecode.object', 'evm.methodIdentifiers'] } },
    },
  };
  const compile = solc.compile as (input: string) => string;
  const t0 = performance.now();
  const out = JSON.parse(compile(JSON.stringify(input))) as SolcOutput;
  const compileMs = performance.now() - t0;
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`solc: ${errors.map((e) => e.formattedMessage).join('\n')}`);
  const c = out.contracts?.['ERC20.sol']?.['BenchToken'];
  if (c === undefined) throw new Error('solc produced no BenchToken');
  return { bytecode: hexToBytes(`0x${c.evm.bytecode.object}`), selectors: c.evm.methodIdentifiers, solcVersion: (solc.version as () => string)(), compileMs };
}

const word = (b: Uint8Array): Uint8Array => setLengthLeft(b, 32);

function calldata(selectors: Readonly<Record<string, string>>, signature: string, ...args: Uint8Array[]): Uint8Array {
  const sel = selectors[signature];
  if (sel === undefined) throw new Error(`no selector for ${signature}`);
  return concatBytes(hexToBytes(`0x${sel}`), ...args.map(word));
}

export interface EvmToken {
  readonly evm: EVM;
  readonly gasPerTransfer: bigint;
  transfer(n: number): Promise<void>;
  balanceOfOwner(): Promise<bigint>;
}

/** Deploys the compiled ERC-20 on a fresh EVM, mints INITIAL_SUPPLY to OWNER. */
export async function deployEvmToken(compiled: CompiledContract, stateManager: 'simple' | 'merkle' = 'simple'): Promise<EvmToken> {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Cancun });
  const evm = await createEVM({ common, stateManager: stateManager === 'simple' ? new SimpleStateManager() : new MerkleStateManager() });
  const owner = new Address(OWNER);
  await evm.stateManager.putAccount(owner, new Account(0n, 10n ** 20n));
  const deployed = await evm.runCall({ caller: owner, data: compiled.bytecode, gasLimit: 5_000_000n });
  if (deployed.execResult.exceptionError !== undefined || deployed.createdAddress === undefined) throw new Error(`ERC-20 deploy failed: ${String(deployed.execResult.exceptionError?.error)}`);
  const token = deployed.createdAddress;
  const call = async (data: Uint8Array): Promise<{ gas: bigint; ret: Uint8Array }> => {
    const r = await evm.runCall({ caller: owner, to: token, data, gasLimit: 200_000n });
    if (r.execResult.exceptionError !== undefined) throw new Error(`ERC-20 call failed: ${String(r.execResult.exceptionError.error)}`);
    return { gas: r.execResult.executionGasUsed, ret: r.execResult.returnValue };
  };
  await call(calldata(compiled.selectors, 'mint(address,uint256)', OWNER, bigIntToBytes(INITIAL_SUPPLY)));
  const payloads = Array.from({ length: RECIPIENTS }, (_, i) => calldata(compiled.selectors, 'transfer(address,uint256)', address(i + 1), bigIntToBytes(1n)));
  let next = 0;
  let gas = 0n;
  const result: EvmToken = {
    evm,
    async transfer(n) {
      for (let i = 0; i < n; i++) {
        const r = await call(payloads[next]!);
        next = (next + 1) % payloads.length;
        if (bytesToBigInt(r.ret) !== 1n) throw new Error('ERC-20 transfer returned false');
        gas = r.gas;
      }
    },
    async balanceOfOwner() {
      return bytesToBigInt((await call(calldata(compiled.selectors, 'balanceOf(address)', OWNER))).ret);
    },
    get gasPerTransfer() {
      return gas;
    },
  };
  await result.transfer(1);
  return result;
}

export async function evmSections(opts: PeerOptions = {}): Promise<Section[]> {
  const batch = opts.tiny ? 2 : 300;
  const compiled = compileErc20();
  const simple = await deployEvmToken(compiled, 'simple');
  const merkle = await deployEvmToken(compiled, 'merkle');
  const engine = deployEngineToken(tokenWasm());
  const samples = (await sampleInterleavedAsync(
    [() => simple.transfer(batch), () => merkle.transfer(batch), () => engine.transfer(batch)],
    opts.tiny ? 1 : 9,
    opts.tiny ? 0 : 2,
  )) as [Sample, Sample, Sample];
  const expected = INITIAL_SUPPLY - BigInt(1 + batch * (opts.tiny ? 1 : 11));
  if ((await simple.balanceOfOwner()) !== expected || (await merkle.balanceOfOwner()) !== expected) throw new Error('ERC-20 balance mismatch after the benchmark');
  const [evmS, evmM, eng] = samples.map((s) => perSecond(s, batch)) as [Sample, Sample, Sample];
  const ratio = eng.median / evmS.median;
  const rows: ResultRow[] = [
    { name: `EthereumJS EVM, SimpleStateManager (in-memory maps; ${simple.gasPerTransfer} execution gas)`, value: fmtRate(evmS) },
    { name: 'EthereumJS EVM, MerkleStateManager (trie-backed accounts and storage)', value: fmtRate(evmM), baseline: fmtRate(evmS), ratio: evmM.median / evmS.median },
    {
      name: `our engine, engine only (token template Transfer, manager.callSync; ${engine.gasPerTransfer} gas)`,
      value: fmtRate(eng),
      baseline: `EVM simple ${fmtRate(evmS)}`,
      ratio,
      target: '≥ 10×',
      met: ratio >= 10,
    },
  ];
  const notes = [
    `ERC-20 compiled in the same run by solc ${compiled.solcVersion} (optimizer on, 200 runs, evmVersion cancun) in ${compiled.compileMs.toFixed(0)} ms; EVM hardfork Cancun; runCall() per transfer (message path with checkpoints, no signed transaction, no block), the closest counterpart of our engine-only path.`,
    'The Solidity contract does less work per transfer than the WES template: binary calldata instead of JSON params, 32-byte words instead of decimal strings, a log with raw topics instead of a JSON event with Base58Check addresses.',
  ];
  if (!opts.tiny && ratio < 10) {
    const budget = 1e6 / evmS.median / 10;
    notes.push(
      `target missed: ${ratio.toFixed(1)}× instead of ≥ 10× (${((1 - ratio / 10) * 100).toFixed(0)}% short): 10× needs ≤ ${budget.toFixed(0)} µs per engine Transfer, it took ${(1e6 / eng.median).toFixed(0)} µs. Compare the execution-only floor in "Token transfer: the physical floor" (the template's own wasm, raw, with Map host functions).`,
      `where the engine's time goes (node --cpu-prof on a focused loop of 20,000 Transfers, dist/bench/peers/profile.js; self time, library frames charged to the engine function that called them): ${formatProfile(profileEngineTransfer(20_000, 0, 10))}.`,
    );
  }
  return [
    {
      title: 'Token transfer vs EthereumJS (ERC-20)',
      intro: `${batch} transfers per batch per peer, owner to 16 rotating recipients, sampled interleaved on one core (the EVM peers are async, our engine is called synchronously).`,
      rows,
      notes,
    },
  ];
}
