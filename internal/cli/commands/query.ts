/** `wes query balance|utxos|state|events|block|tx …`: read-only queries of the node. */
import { EXIT, type Command } from '../command.js';
import { CLIENT_HELP, parseClientArgs } from './client-options.js';

const USAGE = `usage: wes query balance <address>
       wes query utxos <address> [--limit N] [--cursor C]
       wes query state <contract> <key> [--hex]   (key as text, or hex with --hex)
       wes query state <contract> [--limit N] [--cursor C]   (all entries, a page at a time)
       wes query events <contract> [--since HEIGHT] [--limit N] [--cursor C]
       wes query block <height|hash|latest>
       wes query tx <txid> [--limit N] [--cursor C]   (with --cursor: the next page of its events)
       wes query status

Prints JSON. Lists come a page at a time: pass the reply's "next" (a transaction's "eventsNext")
as --cursor for the following page. ${CLIENT_HELP.split('\n')[0]}
  --node URL        node API (default http://127.0.0.1:8645, or $WES_NODE)`;

export const queryCommand: Command = {
  name: 'query',
  summary: 'query balances, UTXOs, state, events, blocks and transactions',
  usage: USAGE,
  async run(args, io) {
    const { ctx, values, positionals } = parseClientArgs(args, { hex: { type: 'boolean', default: false }, limit: { type: 'string' }, since: { type: 'string' }, cursor: { type: 'string' } });
    const [what, a, b] = positionals;
    const e = encodeURIComponent;
    const page = new URLSearchParams();
    if (typeof values['limit'] === 'string') page.set('limit', values['limit']);
    if (typeof values['cursor'] === 'string') page.set('cursor', values['cursor']);
    const paged = (base: string): string => (page.size ? `${base}?${page}` : base);
    let path: string | undefined;
    switch (what) {
      case 'balance':
        if (a) path = `/v1/accounts/${e(a)}/balance`;
        break;
      case 'utxos':
        if (a) path = paged(`/v1/accounts/${e(a)}/utxos`);
        break;
      case 'state':
        if (a && b) path = `/v1/contracts/${e(a)}/state/${e(b)}${values['hex'] ? '?encoding=hex' : ''}`;
        else if (a) path = paged(`/v1/contracts/${e(a)}/state`);
        break;
      case 'events': {
        if (typeof values['since'] === 'string') page.set('from', values['since']);
        if (a) path = paged(`/v1/contracts/${e(a)}/events`);
        break;
      }
      case 'block':
        if (a) path = `/v1/blocks/${e(a)}`;
        break;
      case 'tx':
        if (a) path = typeof values['cursor'] === 'string' ? paged(`/v1/transactions/${e(a)}/events`) : `/v1/transactions/${e(a)}`;
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
