/**
 * The token half of the load generator: deploys the token template from the dev key, gives
 * every load key a balance (one Transfer call per key from the deployer, each paid from its own
 * dev coin, so they all land in one block), and pre-signs Transfer calls between the load keys
 * client-side, each paid from the caller's own coin so no two of them conflict. The calls carry
 * only the caller's intent; their effects are computed where they are included.
 */
import { fromBase64, toBase64, toHex, utf8Encode } from '../../pkg/encoding.js';
import type { Utxo } from '../../pkg/model.js';
import type { Address } from '../../pkg/types.js';
import type { KeyPair } from '../../internal/core/tx/signing.js';
import { storageAllowance } from '../../internal/core/tx/call-pipeline.js';
import { decodeReceipt, encodeTransaction } from '../../internal/core/wire/codec.js';
import { DEFAULT_CALL_GAS } from '../../internal/node/devnet-service.js';
import { tokenWasm } from '../peers/common.js';
import { CHAIN_ID, type FundedCoins } from './funding.js';
import { http, submitOrThrow, type ApiError, type InclusionWatcher } from './node-client.js';
import type { Presigned } from './run-load.js';
import { signedCall, signedDeploy, type Signed } from './wallet.js';

/** Tokens each load key starts with: far more than it sends in any run (1 per call). */
export const TOKEN_GRANT = 1_000_000n;
/** Effects a set-up call may store, before any receipt is known to size them (its fee is a maximum). */
const SETUP_STORAGE_BYTES = 4_096n;
/** Dev coins the token set-up spends: the deployment, Initialize, then one grant per key. */
export const tokenSetupCoins = (keys: number): number => 2 + keys;

export interface TokenDeployment {
  readonly contract: Address;
  /** Effect bytes a load call's fee pays to store: storageAllowance of a grant's real receipt. */
  readonly storedEffectBytes: bigint;
}

/** `{"to":"<40 hex>","amount":N}`: Transfer's params (abi.json). */
export function transferParams(to: Address, amount: bigint): Uint8Array {
  return utf8Encode(`{"to":"${toHex(to)}","amount":${amount.toString()}}`);
}

function call(contract: Address, method: string, payload: Uint8Array): { contract: Address; method: string; payload: Uint8Array; gasLimit: bigint } {
  // The gas limit `wes call` uses by default.
  return { contract, method, payload, gasLimit: DEFAULT_CALL_GAS };
}

async function submitAllOrThrow(url: string, signed: readonly Signed[]): Promise<void> {
  const r = await http<{ results?: { error?: ApiError }[]; error?: ApiError }>('POST', `${url}/v1/transactions/batch`, { txs: signed.map((s) => toBase64(encodeTransaction(s.tx))) });
  const refused = r.json.results?.find((x) => x.error)?.error ?? (r.status !== 200 ? r.json.error ?? { code: `HTTP_${r.status}`, message: '' } : undefined);
  if (refused) throw new Error(`a set-up call was refused: ${refused.code}: ${refused.message}`);
}

interface TxJson {
  status: string;
  reason?: string;
  rawReceipt?: string;
}

async function includedReceipt(url: string, txId: string): Promise<Uint8Array> {
  const r = await http<TxJson>('GET', `${url}/v1/transactions/${txId}`);
  if (r.status !== 200 || r.json.status !== 'included' || r.json.rawReceipt === undefined) {
    throw new Error(`set-up call ${txId} did not succeed: ${r.status} ${r.json.status} ${r.json.reason ?? ''}`);
  }
  return fromBase64(r.json.rawReceipt);
}

/** Deploys and initialises the token, and grants TOKEN_GRANT to each key; three blocks. */
export async function deployToken(url: string, dev: KeyPair, devCoins: readonly Utxo[], keys: readonly KeyPair[], watcher: InclusionWatcher, timeoutMs: number): Promise<TokenDeployment> {
  if (devCoins.length < tokenSetupCoins(keys.length)) throw new Error('not enough dev coins for the token set-up');
  const deploy = signedDeploy(CHAIN_ID, dev, devCoins[0]!, tokenWasm());
  await submitOrThrow(url, deploy.tx, deploy.built.attachments);
  await watcher.requireAll([toHex(deploy.built.txId)], timeoutMs, 'token deployment');
  const contract = deploy.contract;

  const supply = TOKEN_GRANT * BigInt(keys.length);
  const init = signedCall(CHAIN_ID, dev, devCoins[1]!, call(contract, 'Initialize', utf8Encode(`{"supply":${supply.toString()}}`)), SETUP_STORAGE_BYTES, 0n);
  await submitOrThrow(url, init.tx);
  await watcher.requireAll([toHex(init.built.txId)], timeoutMs, 'token Initialize');
  await includedReceipt(url, toHex(init.built.txId));

  const grants = keys.map((k, i) => signedCall(CHAIN_ID, dev, devCoins[2 + i]!, call(contract, 'Transfer', transferParams(k.address, TOKEN_GRANT)), SETUP_STORAGE_BYTES, BigInt(i + 1)));
  await submitAllOrThrow(url, grants);
  const ids = grants.map((g) => toHex(g.built.txId));
  await watcher.requireAll(ids, timeoutMs, 'token grants');
  const receipts = await Promise.all(ids.map((id) => includedReceipt(url, id)));
  // A grant writes two balances and emits one Transfer event, as a load call does; the grant's
  // balances and amount have more digits, so its allowance covers a load call's effects.
  return { contract, storedEffectBytes: storageAllowance(decodeReceipt(receipts[0]!)) };
}

/** A pre-signed Transfer call of 1 token from key `from` to key `to`. */
export interface TokenCall extends Presigned {
  readonly from: number;
  readonly to: number;
}

/**
 * `count` Transfer calls of 1 token, key k to key k+1, keys in rotation; each spends its own
 * coin of its caller. `round` keeps nonces (hence call ids) distinct across runs.
 */
export function presignTokenCalls(keys: readonly KeyPair[], coins: FundedCoins, count: number, round: number, token: TokenDeployment): TokenCall[] {
  const out: TokenCall[] = [];
  for (let i = 0; i < count; i++) {
    const { key, coin } = coins.take();
    const to = (key + 1) % keys.length;
    const s = signedCall(CHAIN_ID, keys[key]!, coin, call(token.contract, 'Transfer', transferParams(keys[to]!.address, 1n)), token.storedEffectBytes, BigInt(10_000_000 + round * 1_000_000 + i));
    out.push({ id: toHex(s.built.txId), body: { tx: toBase64(encodeTransaction(s.tx)) }, from: key, to });
  }
  return out;
}

/** A key's token balance as the node's state API reports it (the template's "balance/<hex>" key). */
export async function tokenBalance(url: string, contract: Address, holder: Address): Promise<bigint> {
  const key = toHex(utf8Encode(`balance/${toHex(holder)}`));
  const r = await http<{ found: boolean; text?: string }>('GET', `${url}/v1/contracts/${toHex(contract)}/state/${key}?encoding=hex`);
  if (r.status !== 200) throw new Error(`reading a token balance failed (${r.status}): ${JSON.stringify(r.json)}`);
  return r.json.found ? BigInt(r.json.text ?? '0') : 0n;
}

/**
 * Keys whose balance differs from TOKEN_GRANT plus what the committed calls moved: a call that
 * failed at inclusion is still in a block, so this is what shows that the committed calls did
 * their work.
 */
export async function balanceMismatches(url: string, token: TokenDeployment, keys: readonly KeyPair[], committed: readonly TokenCall[]): Promise<number> {
  const expected = keys.map(() => TOKEN_GRANT);
  for (const c of committed) {
    expected[c.from]! -= 1n;
    expected[c.to]! += 1n;
  }
  const actual = await Promise.all(keys.map((k) => tokenBalance(url, token.contract, k.address)));
  return actual.filter((b, i) => b !== expected[i]).length;
}
