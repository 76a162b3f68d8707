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
import { amountFlag, CLIENT_HELP, parseClientArgs } from './client-options.js';

const DEFAULT_GAS = 10_000_000n;

const USAGE = `usage: wes call <contract-address> <Method> [--params JSON] [--gas N] [--spend N] [--simulate] [options]

Calls a contract method. The node simulates the call first; only a SUCCESS is signed and
submitted. --simulate stops after the simulation (read-only, nothing is signed).
Before signing, the transaction is checked to call exactly this contract, method, params and
gas limit (default ${DEFAULT_GAS}), and to move none of your coin to others beyond the fee
unless --spend N allows up to N base units (e.g. a deposit).

${CLIENT_HELP}`;

function printSimulation(s: SimulationView, io: CliIO): void {
  io.out(`status    ${s.status ?? '-'} ${s.statusName}${s.error ? ` (${s.error.code}: ${s.error.message})` : ''}`);
  io.out(`gas used  ${s.gasUsed}`);
  if (s.returnData.length > 0) io.out(`return    ${s.returnText ?? `0x${s.returnData}`}`);
  for (const e of s.events) io.out(`event     ${e.text ?? `0x${e.data}`}`);
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
    const body = { method, payload: toHex(payload), caller: addressToBase58(key.address), gasLimit: gasLimit.toString() };
    if (values['simulate'] === true) {
      const sim = await ctx.client.post<SimulationView>(`/v1/contracts/${contract}/simulate`, body);
      if (ctx.json) io.out(JSON.stringify(sim));
      else printSimulation(sim, io);
      return sim.ok ? EXIT.ok : EXIT.failed;
    }
    const built = await ctx.client.post<{ simulation: SimulationView; tx: UnsignedTxView }>(`/v1/contracts/${contract}/calls`, body);
    const intent = { kind: 'call', contract: target, method, payload, gasLimit, maxSpend } as const;
    const { txId, included } = await signSubmitWait(ctx.client, built.tx, intent, key.privateKey, io, ctx.wait);
    const receipt: TxView | undefined = included;
    if (ctx.json) {
      io.out(JSON.stringify({ txId, simulation: built.simulation, receipt: receipt?.receipt ?? null, events: receipt?.events ?? [], height: receipt?.height ?? null }));
    } else {
      printSimulation(built.simulation, io);
      io.out(`tx        ${txId}${receipt ? ` (block ${receipt.height})` : ''}`);
      for (const e of receipt?.events ?? []) io.out(`on chain  ${e.text ?? `0x${e.data}`}`);
    }
    return EXIT.ok;
  },
};
