/**
 * The Go SDK always hands host_build_transaction a 4 KiB receipt buffer. When the full receipt
 * (with the base64 serialized transaction) does not fit — an airdrop to 49 recipients — the host
 * writes the compact receipt the SDK parses instead of failing with BufferTooSmall.
 */
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toHex } from '../../../pkg/encoding.js';
import { i32, rest, runWat, td, te } from './harness.js';

const ME = new Uint8Array(20).fill(0xaa);
const tx = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const recipient = (i: number): Uint8Array => new Uint8Array(20).fill(i + 1);
const I4 = '(import "env" "host_build_transaction" (func $f (param i32 i32 i32 i32) (result i32)))';
const str = (at: number, s: string): string => `(data (i32.const ${at}) "${s.replace(/"/g, '\\"')}")`;
// What the Go SDK's token.Airdrop sends: one flat transfer intent per recipient.
const airdrop = JSON.stringify({
  sign_mode: 'defer_sign',
  outputs: [],
  intents: Array.from({ length: 49 }, (_, i) => ({ type: 'transfer', from: toHex(ME), to: toHex(recipient(i)), token_id: '', amount: '10' })),
});
const chain = { utxos: Array.from({ length: 49 }, (_, i) => ({ txId: toHex(tx(i + 1)), index: 0, owner: toHex(ME), amount: '25' })) };

async function build(cap: number) {
  const r = await runWat({ imports: I4, data: str(65536, airdrop), chain, body: `(call $outN (call $f (i32.const 65536) (i32.const ${te(airdrop).length}) (i32.const 4) (i32.const ${cap})) (i32.const ${cap})) (i32.const 0)` });
  const bytes = rest(r);
  const end = bytes.indexOf(0);
  return { r, receipt: td(end < 0 ? bytes : bytes.slice(0, end)) };
}

describe('receipt that does not fit the SDK buffer', () => {
  it('a 49-recipient airdrop with a 4 KiB buffer gets the compact receipt, with the same hash and the same draft as the full one', async () => {
    const full = await build(60000);
    expect(i32(full.r)).toBe(0);
    const f = JSON.parse(full.receipt) as { unsigned_tx_hash: string; serialized_tx: string };
    expect(full.receipt.length).toBeGreaterThan(4096);
    expect(f.unsigned_tx_hash).toBe(toHex(sha256(fromBase64(f.serialized_tx))));

    const small = await build(4096);
    expect(i32(small.r)).toBe(0);
    expect(JSON.parse(small.receipt)).toEqual({ mode: 'unsigned', unsigned_tx_hash: f.unsigned_tx_hash, error: '' });
    expect(small.r.draft?.outputs).toHaveLength(98);
    expect(small.r.draft?.inputs).toHaveLength(49);
    expect(small.r.draft?.outputs).toEqual(full.r.draft?.outputs);
    expect(small.r.draft?.inputs).toEqual(full.r.draft?.inputs);
  });
  it('BufferTooSmall (1005) only when even the compact receipt does not fit; nothing appended', async () => {
    const r = await build(60);
    expect(i32(r.r)).toBe(1005);
    expect(r.r.draft?.outputs).toHaveLength(0);
  });
});
