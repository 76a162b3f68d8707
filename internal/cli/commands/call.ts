/**
 * `wes call <contract> <Method> --params JSON`: simulate on the node, build the transaction,
 * sign locally, submit, wait, print the receipt and events. A call whose simulation fails is
 * not submitted.
 */
import { addressToBase58, parseAddress, toHex, utf8Encode } from '../../../pkg/encoding.js';
import { InvalidRequestError } from '../../../pkg/errors.js';
import type { SimulationView, TxView, UnsignedTxView } from '../../api/node-service.js';
import { EXIT, type CliIO, type Command } from '../command.js';
import { signSubmitWait } from '../tx-flow.js';
import { NodeApiError, type ApiClient } from '../api-client.js';
import { amountFlag, CLIENT_HELP, parseClientArgs } from './client-options.js';

const DEFAULT_GAS = 10_000_000n;

const USAGE = `usage: wes call <contract-address> <Method> [--params JSON] [--gas N] [--funds N] [--spend N] [--simulate] [--force] [options]

Calls a contract method. The node simulates the call first; only a SUCCESS is signed and
submitted. --simulate stops after the simulation (read-only, nothing is signed).
--funds N sends N base units of native coin to the contract with the call (it arrives under
the contract's lock before the method runs; a failed call returns it).
A call whose simulation writes nothing (no state, outputs, inputs or events) is read-only: its
result is printed and nothing is submitted, unless --force (it would pay a fee for nothing).
Before signing, the transaction is checked to call exactly this contract, method, params, gas
limit (default ${DEFAULT_GAS}) and funds, to spend only your coins and to return the rest to you
as change; --spend N allows up to N more base units to leave you besides the fee and funds.
The call's effects are computed when it is included; if it fails there, it is still included,
pays its fee, and this command exits 1 with the reason.

${CLIENT_HELP}`;

function printSimulation(s: SimulationView, io: CliIO): void {
  io.out(`status    ${s.status ?? '-'} ${s.statusName}${s.error ? ` (${s.error.code}: ${s.error.message})` : ''}`);
  io.out(`gas used  ${s.gasUsed}`);
  if (s.returnData.length > 0) io.out(`return    ${s.returnText ?? `0x${s.returnData}`}`);
  for (const e of s.events) io.out(`event     ${e.text ?? `0x${e.data}`}`);
}

/** A call whose simulation records nothing: no state writes, inputs, outputs or events. */
export function readOnly(s: SimulationView): boolean {
  const d = s.draft as { inputs?: unknown[]; outputs?: unknown[]; stateWrites?: unknown[] } | null;
  return s.ok && d !== null && (d.inputs?.length ?? 0) === 0 && (d.outputs?.length ?? 0) === 0 && (d.stateWrites?.length ?? 0) === 0 && s.events.length === 0;
}

/** Attempts at a simulation while blocks keep landing under it (CHAIN_TIP_MOVED: the node says retry). */
const TIP_MOVED_ATTEMPTS = 8;

/** POSTs a simulation or call build, again when the chain moved under the node's simulation. */
async function postSimulated<T>(client: ApiClient, path: string, body: unknown): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.post<T>(path, body);
    } catch (e) {
      if (!(e instanceof NodeApiError && e.code === 'CHAIN_TIP_MOVED') || attempt >= TIP_MOVED_ATTEMPTS) throw e;
    }
  }
}

export const callCommand: Command = {
  name: 'call',
  summary: 'call a contract method (simulate, sign locally, submit, wait)',
  usage: USAGE,
  async run(args, io) {
    const { ctx, values, positionals } = parseClientArgs(args, {
      params: { type: 'string' },
      gas: { type: 'string' },
      spend: { type: 'string' },
      simulate: { type: 'boolean', default: false },
      funds: { type: 'string' },
      force: { type: 'boolean', default: false },
    });
    const [contract, method] = positionals;
    if (contract === undefined || method === undefined) {
      io.err(USAGE);
      return EXIT.usage;
    }
    let params: unknown = {};
    if (typeof values['params'] === 'string') {
      try {
        params = JSON.parse(values['params']);
      } catch (e) {
        throw new InvalidRequestError('BAD_PARAMS', `--params is not valid JSON: ${(e as Error).message}`);
      }
    }
    let target: Uint8Array;
    try {
      target = parseAddress(contract);
    } catch {
      throw new InvalidRequestError('BAD_ADDRESS', `"${contract}" is not a contract address (Base58Check, version 0x1C, or 40-digit hex)`);
    }
    const gasLimit = amountFlag(values['gas'], 'gas') ?? DEFAULT_GAS;
    if (gasLimit === 0n) throw new InvalidRequestError('BAD_GAS_LIMIT', '--gas must be positive');
    const maxSpend = amountFlag(values['spend'], 'spend') ?? 0n;
    // The payload is made here, so the node cannot serialize the params differently from what is checked.
    const payload = utf8Encode(JSON.stringify(params));
    const key = ctx.keystore().get(ctx.from);
    const funds = amountFlag(values['funds'], 'funds') ?? 0n;
    const body = {
      method, payload: toHex(payload), caller: addressToBase58(key.address), gasLimit: gasLimit.toString(),
      ...(funds > 0n ? { funds: funds.toString() } : {}),
    };
    if (values['simulate'] === true) {
      const sim = await postSimulated<SimulationView>(ctx.client, `/v1/contracts/${contract}/simulate`, body);
      if (ctx.json) io.out(JSON.stringify(sim));
      else printSimulation(sim, io);
      return sim.ok ? EXIT.ok : EXIT.failed;
    }
    if (funds === 0n && values['force'] !== true) {
      // Nothing to record: submitting would only pay a fee. The simulation is the answer.
      const sim = await postSimulated<SimulationView>(ctx.client, `/v1/contracts/${contract}/simulate`, body);
      if (readOnly(sim)) {
        if (ctx.json) io.out(JSON.stringify({ txId: null, submitted: false, readOnly: true, simulation: sim, receipt: null, events: [], height: null }));
        else {
          printSimulation(sim, io);
          io.out(`read-only: ${method} writes nothing, so it was not submitted (use --force to submit it anyway and pay a fee)`);
        }
        return EXIT.ok;
      }
    }
    const built = await postSimulated<{ simulation: SimulationView; tx: UnsignedTxView }>(ctx.client, `/v1/contracts/${contract}/calls`, body);
    const intent = { kind: 'call', contract: target, method, payload, gasLimit, maxSpend, funds } as const;
    const { txId, included } = await signSubmitWait(ctx.client, built.tx, intent, key.privateKey, io, ctx.wait);
    const receipt: TxView | undefined = included;
    const failed = receipt?.status === 'failed';
    if (ctx.json) {
      io.out(JSON.stringify({
        txId, simulation: built.simulation, status: receipt?.status ?? null, ...(failed && { reason: receipt?.reason }),
        receipt: receipt?.receipt ?? null, events: receipt?.events ?? [], height: receipt?.height ?? null,
      }));
    } else {
      printSimulation(built.simulation, io);
      io.out(`tx        ${txId}${receipt ? ` (block ${receipt.height})` : ''}`);
      if (failed) io.out(`FAILED    at inclusion: ${receipt?.reason ?? ''} (the fee was paid${funds > 0n ? '; the funds were returned' : ''})`);
      for (const e of receipt?.events ?? []) io.out(`on chain  ${e.text ?? `0x${e.data}`}`);
    }
    return failed ? EXIT.failed : EXIT.ok;
  },
};
