/** `wes send <to> <amount>`: a native-coin transfer, signed locally. */
import { addressToBase58 } from '../../../pkg/encoding.js';
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
    if (to === undefined || amount === undefined || !/^[0-9]+$/.test(amount)) {
      io.err(USAGE);
      return EXIT.usage;
    }
    const key = ctx.keystore().get(ctx.from);
    const view = await ctx.client.post<UnsignedTxView>('/v1/transfers', { from: addressToBase58(key.address), to, amount });
    const { txId, included } = await signSubmitWait(ctx.client, view, key.privateKey, io, ctx.wait);
    if (ctx.json) io.out(JSON.stringify({ txId, fee: view.fee, height: included?.height ?? null }));
    else io.out(`sent ${amount} to ${to}\n  tx   ${txId}\n  fee  ${view.fee}${included ? `\n  block ${included.height}` : ''}`);
    return EXIT.ok;
  },
};
