/** `wes query balance|utxos|state|events|block|tx …`: read-only queries of the node. */
import { EXIT, type Command } from '../command.js';
import { CLIENT_HELP, parseClientArgs } from './client-options.js';

const USAGE = `usage: wes query balance <address>
       wes query utxos <address>
       wes query state <contract> <key> [--hex]   (key as text, or hex with --hex)
       wes query events <contract> [--since HEIGHT] [--limit N]
       wes query block <height|hash|latest>
       wes query tx <txid>
       wes query status

Prints JSON. ${CLIENT_HELP.split('\n')[0]}
  --node URL        node API (default http://127.0.0.1:8645, or $WES_NODE)`;

export const queryCommand: Command = {
  name: 'query',
  summary: 'query balances, UTXOs, state, events, blocks and transactions',
  usage: USAGE,
  async run(args, io) {
    const { ctx, values, positionals } = parseClientArgs(args, { hex: { type: 'boolean', default: false }, limit: { type: 'string' }, since: { type: 'string' } });
    const [what, a, b] = positionals;
    const e = encodeURIComponent;
    let path: string | undefined;
    switch (what) {
      case 'balance':
        if (a) path = `/v1/accounts/${e(a)}/balance`;
        break;
      case 'utxos':
        if (a) path = `/v1/accounts/${e(a)}/utxos`;
        break;
      case 'state':
        if (a && b) path = `/v1/contracts/${e(a)}/state/${e(b)}${values['hex'] ? '?encoding=hex' : ''}`;
        break;
      case 'events': {
        const q = new URLSearchParams();
        if (typeof values['since'] === 'string') q.set('from', values['since']);
        if (typeof values['limit'] === 'string') q.set('limit', values['limit']);
        if (a) path = `/v1/contracts/${e(a)}/events${q.size ? `?${q}` : ''}`;
        break;
      }
      case 'block':
        if (a) path = `/v1/blocks/${e(a)}`;
        break;
      case 'tx':
        if (a) path = `/v1/transactions/${e(a)}`;
        break;
      case 'status':
        path = '/v1/status';
        break;
    }
    if (path === undefined) {
      io.err(USAGE);
      return EXIT.usage;
    }
    const reply = await ctx.client.get<unknown>(path);
    io.out(JSON.stringify(reply, null, ctx.json ? undefined : 2));
    return EXIT.ok;
  },
};
