/** `wes deploy <file.wasm>`: build the deploy transaction on the node, sign locally, submit, wait. */
import { readFileSync } from 'node:fs';
import { toBase64 } from '../../../pkg/encoding.js';
import { InvalidRequestError } from '../../../pkg/errors.js';
import { addressToBase58, hash160 } from '../../../pkg/encoding.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { UnsignedTxView } from '../../api/node-service.js';
import { EXIT, type Command } from '../command.js';
import { signSubmitWait } from '../tx-flow.js';
import { CLIENT_HELP, parseClientArgs } from './client-options.js';

const USAGE = `usage: wes deploy <file.wasm> [options]

Deploys a contract: the node checks the code and builds an unsigned deploy transaction, this
command signs it with your key and submits it, then waits for inclusion and prints the
contract address.

${CLIENT_HELP}`;

export const deployCommand: Command = {
  name: 'deploy',
  summary: 'deploy a contract .wasm to the node',
  usage: USAGE,
  async run(args, io) {
    const { ctx, positionals } = parseClientArgs(args, {});
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
    const key = ctx.keystore().get(ctx.from);
    const view = await ctx.client.post<UnsignedTxView>('/v1/contracts', { wasm: toBase64(wasm), from: addressToBase58(key.address) });
    const { txId, included } = await signSubmitWait(ctx.client, view, { kind: 'deploy', code: wasm }, key.privateKey, io, ctx.wait);
    // The address is computed here from the code, not taken from the node.
    const contract = addressToBase58(hash160(sha256(wasm)));
    if (ctx.json) io.out(JSON.stringify({ contract, txId, height: included?.height ?? null }));
    else io.out(`deployed ${file}\n  contract  ${contract}\n  tx        ${txId}${included ? `\n  block     ${included.height}` : ''}`);
    return EXIT.ok;
  },
};
