/**
 * `wes call <contract> <Method> --params JSON`: simulate on the node, build the transaction,
 * sign locally, submit, wait, print the receipt and events. A call whose simulation fails is
 * not submitted.
 */
import { addressToBase58 } from '../../../pkg/encoding.js';
import { InvalidRequestError } from '../../../pkg/errors.js';
import type { SimulationView, TxView, UnsignedTxView } from '../../api/node-service.js';
import { EXIT, type CliIO, type Command } from '../command.js';
import { signSubmitWait } from '../tx-flow.js';
import { CLIENT_HELP, parseClientArgs } from './client-options.js';

const USAGE = `usage: wes call <contract-address> <Method> [--params JSON] [--gas N] [--funds N] [--simulate] [--force] [options]

Calls a contract method. The node simulates the call first; only a SUCCESS is signed and
submitted. --simulate stops after the simulation (read-only, nothing is signed).
--funds N sends N base units of native coin to the contract with the call (it arrives under
the contract's lock before the method runs; a failed call returns it).
A call whose simulation writes nothing (no state, outputs, inputs or events) is read-only: its
result is printed and nothing is submitted, unless --force (it would pay a fee for nothing).
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

export const callCommand: Command = {
  name: 'call',
  summary: 'call a contract method (simulate, sign locally, submit, wait)',
  usage: USAGE,
  async run(args, io) {
    const { ctx, values, positionals } = parseClientArgs(args, {
      params: { type: 'string' },
      gas: { type: 'string' },
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
    const key = ctx.keystore().get(ctx.from);
    const funds = values['funds'];
    if (typeof funds === 'string' && !/^[0-9]{1,20}$/.test(funds)) throw new InvalidRequestError('BAD_AMOUNT', '--funds is a whole number of base units');
    const body = {
      method, params, caller: addressToBase58(key.address),
      ...(typeof values['gas'] === 'string' ? { gasLimit: values['gas'] } : {}),
      ...(typeof funds === 'string' && funds !== '0' ? { funds } : {}),
    };
    if (values['simulate'] === true) {
      const sim = await ctx.client.post<SimulationView>(`/v1/contracts/${contract}/simulate`, body);
      if (ctx.json) io.out(JSON.stringify(sim));
      else printSimulation(sim, io);
      return sim.ok ? EXIT.ok : EXIT.failed;
    }
    if (body.funds === undefined && values['force'] !== true) {
      // Nothing to record: submitting would only pay a fee. The simulation is the answer.
      const sim = await ctx.client.post<SimulationView>(`/v1/contracts/${contract}/simulate`, body);
      if (readOnly(sim)) {
        if (ctx.json) io.out(JSON.stringify({ txId: null, submitted: false, readOnly: true, simulation: sim, receipt: null, events: [], height: null }));
        else {
          printSimulation(sim, io);
          io.out(`read-only: ${method} writes nothing, so it was not submitted (use --force to submit it anyway and pay a fee)`);
        }
        return EXIT.ok;
      }
    }
    const built = await ctx.client.post<{ simulation: SimulationView; tx: UnsignedTxView }>(`/v1/contracts/${contract}/calls`, body);
    const { txId, included } = await signSubmitWait(ctx.client, built.tx, key.privateKey, io, ctx.wait);
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
      if (failed) io.out(`FAILED    at inclusion: ${receipt?.reason ?? ''} (the fee was paid${body.funds !== undefined ? '; the funds were returned' : ''})`);
      for (const e of receipt?.events ?? []) io.out(`on chain  ${e.text ?? `0x${e.data}`}`);
    }
    return failed ? EXIT.failed : EXIT.ok;
  },
};
