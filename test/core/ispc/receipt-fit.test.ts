/**
 * The Go SDK always hands host_build_transaction a 4 KiB receipt buffer. When the full receipt
 * (with the base64 serialized transaction) does not fit — an airdrop to 49 recipients — the host
 * writes the compact receipt the SDK parses instead of failing with BufferTooSmall.
 */
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toHex } from '../../../pkg/encoding.js';
import { decodeTransaction, encodeTransaction } from '../../../internal/core/wire/codec.js';
import { testContext } from '../../helpers/context.js';
import { i32, rest, runWat, td, te } from './harness.js';

const recipient = (i: number): Uint8Array => new Uint8Array(20).fill(i + 1);
const I4 = '(import "env" "host_build_transaction" (func $f (param i32 i32 i32 i32) (result i32)))';
const str = (at: number, s: string): string => `(data (i32.const ${at}) "${s.replace(/"/g, '\\"')}")`;
// Exactly what the Go SDK's token.Airdrop sends: one asset output per recipient (base64 "to" and
// token id, decimal-string amounts), through the 4-argument import with its 4 KiB receipt buffer.
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const airdrop = JSON.stringify({
  sign_mode: 'defer_sign',
  outputs: Array.from({ length: 49 }, (_, i) => ({ type: 'asset', to: b64(recipient(i)), token_id: b64(te('my_token')), amount: '10' })),
  intents: [],
});
const chain = {};

async function build(cap: number) {
  const r = await runWat({ imports: I4, data: str(65536, airdrop), chain, body: `(call $outN (call $f (i32.const 65536) (i32.const ${te(airdrop).length}) (i32.const 4) (i32.const ${cap})) (i32.const ${cap})) (i32.const 0)` });
  const bytes = rest(r);
  const end = bytes.indexOf(0);
  return { r, receipt: td(end < 0 ? bytes : bytes.slice(0, end)) };
}

describe('receipt that does not fit the SDK buffer', () => {
  it('a 49-recipient airdrop (Go SDK token.Airdrop) with a 4 KiB buffer gets the compact receipt naming the transaction it built', async () => {
    const full = await build(60000);
    expect(i32(full.r)).toBe(0);
    const f = JSON.parse(full.receipt) as { unsigned_tx_hash: string; serialized_tx: string };
    expect(full.receipt.length).toBeGreaterThan(4096);
    expect(f.unsigned_tx_hash).toBe(toHex(sha256(fromBase64(f.serialized_tx))));

    const small = await build(4096);
    expect(i32(small.r)).toBe(0);
    expect(small.r.draft?.outputs).toHaveLength(49);
    expect(small.r.draft?.outputs[48]).toMatchObject({ owner: recipient(48), content: { type: 'asset', asset: { kind: 'token', classId: te('my_token'), amount: 10n } } });
    // The compact receipt names the same unsigned transaction: what this call built, encoded.
    const built = encodeTransaction({ version: 1, inputs: [], outputs: small.r.draft!.outputs, nonce: 0n, creationTimestamp: testContext().blockTimestamp, chainId: te('wes-dev') });
    expect(JSON.parse(small.receipt)).toEqual({ mode: 'unsigned', unsigned_tx_hash: toHex(sha256(built)), error: '' });
    // ...and the full receipt (another contract: the cap is in its code) carries the same shape of transaction.
    expect(decodeTransaction(fromBase64(f.serialized_tx)).outputs).toHaveLength(49);
  });
  it('BufferTooSmall (1005) only when even the compact receipt does not fit; nothing appended', async () => {
    const r = await build(60);
    expect(i32(r.r)).toBe(1005);
    expect(r.r.draft?.outputs).toHaveLength(0);
  });
});
