/** `wes send <to> <amount>`: a native-coin transfer, signed locally. */
import { addressToBase58, parseAddress } from '../../../pkg/encoding.js';
import { InvalidRequestError } from '../../../pkg/errors.js';
import type { UnsignedTxView } from '../../api/node-service.js';
import { EXIT, type Command } from '../command.js';
import { signSubmitWait } from '../tx-flow.js';
import { CLIENT_HELP, parseClientArgs } from './client-options.js';

const USAGE = `usage: wes send <to-address> <amount> [options]

Sends native coin. <amount> is in base units (1 WES = 100000000), a decimal string.

${CLIENT_HELP}`;

export const sendCommand: Command = {
  name: 'send',
  summary: 'send native coin to an address',
  usage: USAGE,
  async run(args, io) {
    const { ctx, positionals } = parseClientArgs(args, {});
    const [to, amount] = positionals;
    if (to === undefined || amount === undefined) {
      io.err(USAGE);
      return EXIT.usage;
    }
    if (!/^[0-9]{1,20}$/.test(amount) || BigInt(amount) === 0n || BigInt(amount) > 0xffff_ffff_ffff_ffffn) {
      throw new InvalidRequestError('BAD_AMOUNT', `amount must be a whole, positive number of base units below 2^64 (1 WES = 100000000), got ${JSON.stringify(amount)}`);
    }
    let recipient: Uint8Array;
    try {
      recipient = parseAddress(to);
    } catch {
      throw new InvalidRequestError('BAD_ADDRESS', `"${to}" is not a WES address (Base58Check, version 0x1C, or 40-digit hex)`);
    }
    const key = ctx.keystore().get(ctx.from);
    const view = await ctx.client.post<UnsignedTxView>('/v1/transfers', { from: addressToBase58(key.address), to, amount });
    const intent = { kind: 'transfer', to: recipient, amount: BigInt(amount) } as const;
    const { txId, fee, included } = await signSubmitWait(ctx.client, view, intent, key.privateKey, io, ctx.wait);
    if (ctx.json) io.out(JSON.stringify({ txId, fee: fee.toString(), height: included?.height ?? null }));
    else io.out(`sent ${amount} to ${to}\n  tx   ${txId}\n  fee  ${fee}${included ? `\n  block ${included.height}` : ''}`);
    return EXIT.ok;
  },
};
