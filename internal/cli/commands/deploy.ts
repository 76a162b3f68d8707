/**
 * `wes deploy <file.wasm> [--init Method --params JSON]`: store the code (once per hash) and
 * instantiate it at a new address, signed locally; optionally call an initialiser on the new
 * instance once it is included.
 */
import { readFileSync } from 'node:fs';
import { sha256 } from '../../../pkg/hashes.js';
import { addressToBase58, fromBase64, toBase64, toHex } from '../../../pkg/encoding.js';
import { InvalidRequestError } from '../../../pkg/errors.js';
import type { UnsignedTxView } from '../../api/node-service.js';
import { instanceAddress } from '../../core/tx/instances.js';
import { decodeTransaction } from '../../core/wire/codec.js';
import { EXIT, type CliIO, type Command } from '../command.js';
import { signSubmitWait } from '../tx-flow.js';
import { callCommand } from './call.js';
import { CLIENT_HELP, CLIENT_OPTIONS, parseClientArgs } from './client-options.js';

const USAGE = `usage: wes deploy <file.wasm> [--init Method [--params JSON] [--gas N]] [options]

Deploys a contract: the code is stored once by its hash, and every deployment creates a new,
independent instance at an address derived from you, the transaction's first input and the
code hash (deploying the same code twice gives two instances). The node checks the code and
builds an unsigned transaction; this command checks and signs it, submits it, waits for
inclusion and prints the instance address and code hash.
--init Method calls Method on the new instance with --params once it is included.

${CLIENT_HELP}`;

/** The common client flags as given, passed on to the init call. */
function clientArgs(values: Record<string, string | boolean | undefined>): string[] {
  const out: string[] = [];
  for (const [name, opt] of Object.entries(CLIENT_OPTIONS)) {
    const v = values[name];
    if (v === undefined || v === false) continue;
    if (opt.type === 'boolean') out.push(`--${name}`);
    else out.push(`--${name}`, String(v));
  }
  return out;
}

export const deployCommand: Command = {
  name: 'deploy',
  summary: 'store a contract .wasm and instantiate it (optionally with an init call)',
  usage: USAGE,
  async run(args, io) {
    const { ctx, values, positionals } = parseClientArgs(args, { init: { type: 'string' }, params: { type: 'string' }, gas: { type: 'string' } });
    const file = positionals[0];
    if (file === undefined) {
      io.err(USAGE);
      return EXIT.usage;
    }
    let wasm: Uint8Array;
    try {
      wasm = new Uint8Array(readFileSync(file));
    } catch (e) {
      throw new InvalidRequestError('FILE_NOT_READABLE', `cannot read ${file}: ${(e as Error).message}`);
    }
    const init = values['init'];
    if (init === undefined && (values['params'] !== undefined || values['gas'] !== undefined)) {
      throw new InvalidRequestError('BAD_ARGUMENT', '--params and --gas go with --init Method');
    }
    const key = ctx.keystore().get(ctx.from);
    const view = await ctx.client.post<UnsignedTxView>('/v1/contracts', { wasm: toBase64(wasm), from: addressToBase58(key.address) });
    const { txId, included } = await signSubmitWait(ctx.client, view, { kind: 'deploy', code: wasm }, key.privateKey, io, ctx.wait);
    // The address is computed here (the intent check verified the output names it), not taken from the node.
    const codeHash = sha256(wasm);
    const first = decodeTransaction(fromBase64(view.unsignedTx)).inputs[0]!.outPoint;
    const contract = addressToBase58(instanceAddress(key.address, first, 0, codeHash));
    let initResult: unknown = null;
    let code: number = EXIT.ok;
    if (typeof init === 'string') {
      if (included === undefined) throw new InvalidRequestError('BAD_ARGUMENT', '--init needs the deployment to be included first: do not combine it with --no-wait');
      const callArgs = [contract, init, ...(typeof values['params'] === 'string' ? ['--params', values['params']] : []), ...(typeof values['gas'] === 'string' ? ['--gas', values['gas']] : []), ...clientArgs(values)];
      const lines: string[] = [];
      const sub: CliIO = { out: (t) => (ctx.json ? lines.push(t) : io.out(t)), err: (t) => io.err(t) };
      if (!ctx.json) io.out(`deployed ${file}\n  contract  ${contract}\n  code      ${toHex(codeHash)}\n  tx        ${txId}\n  block     ${included.height}\ninit ${init}:`);
      code = await callCommand.run(callArgs, sub);
      if (ctx.json) initResult = lines.length > 0 ? JSON.parse(lines.join('\n')) : null;
      else return code;
    }
    if (ctx.json) io.out(JSON.stringify({ contract, codeHash: toHex(codeHash), txId, height: included?.height ?? null, ...(init !== undefined && { init: initResult }) }));
    else io.out(`deployed ${file}\n  contract  ${contract}\n  code      ${toHex(codeHash)}\n  tx        ${txId}${included ? `\n  block     ${included.height}` : ''}`);
    return code;
  },
};
