/** Options every node-talking command shares, and the objects they produce. */
import { parseArgs } from 'node:util';
import { InvalidRequestError } from '../../../pkg/errors.js';
import { ApiClient, nodeUrl } from '../api-client.js';
import { Keystore, keystorePath } from '../keystore.js';
import type { WaitOptions } from '../tx-flow.js';

export const CLIENT_OPTIONS = {
  node: { type: 'string' },
  keystore: { type: 'string' },
  from: { type: 'string' },
  json: { type: 'boolean', default: false },
  'no-wait': { type: 'boolean', default: false },
  timeout: { type: 'string', default: '60' },
  'max-fee': { type: 'string' },
} as const;

export const CLIENT_HELP = `common options:
  --node URL        node API (default http://127.0.0.1:8645, or $WES_NODE)
  --keystore FILE   client keystore (default .wes/keystore.json, or $WES_KEYSTORE)
  --from KEY        key name or address to sign with (default: the first key)
  --no-wait         return after submitting instead of waiting for inclusion
  --timeout S       seconds to wait for inclusion (default 60)
  --max-fee N       refuse to sign a transaction whose fee is above N base units (default:
                    10x the node's fee-policy minimum for it, at most 10000000 = 0.1 WES)
  --json            print one JSON object on stdout`;

export interface ClientContext {
  readonly client: ApiClient;
  readonly keystore: () => Keystore;
  readonly from: string | undefined;
  readonly json: boolean;
  readonly wait: WaitOptions & { readonly maxFee?: bigint };
}

/** A non-negative base-unit amount given as a flag. */
export function amountFlag(v: string | boolean | undefined, name: string): bigint | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^[0-9]{1,20}$/.test(v) || BigInt(v) > 0xffff_ffff_ffff_ffffn) {
    throw new InvalidRequestError('BAD_AMOUNT', `--${name} must be a whole number of base units (0 to 2^64-1), got ${JSON.stringify(v)}`);
  }
  return BigInt(v);
}

export function parseClientArgs<T extends Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>>(
  args: readonly string[],
  extra: T,
): { ctx: ClientContext; values: Record<string, string | boolean | undefined>; positionals: string[] } {
  const { values, positionals } = parseArgs({ args: [...args], options: { ...CLIENT_OPTIONS, ...extra }, allowPositionals: true });
  const v = values as Record<string, string | boolean | undefined>;
  const timeout = Number(v['timeout']);
  const ctx: ClientContext = {
    client: new ApiClient(nodeUrl(v['node'] as string | undefined)),
    keystore: () => Keystore.open(keystorePath(v['keystore'] as string | undefined)),
    from: v['from'] as string | undefined,
    json: v['json'] === true,
    wait: {
      wait: v['no-wait'] !== true,
      timeoutMs: (Number.isFinite(timeout) && timeout > 0 ? timeout : 60) * 1000,
      quiet: v['json'] === true,
      ...(v['max-fee'] !== undefined && { maxFee: amountFlag(v['max-fee'], 'max-fee')! }),
    },
  };
  return { ctx, values: v, positionals };
}
