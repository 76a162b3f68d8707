/**
 * Stability vectors: the same inputs must give the same transaction bytes, id, signature hash,
 * signature, call id and block hash on every machine and in every later version. If one of
 * these changes, every existing signature or chain breaks: change them only with a new version.
 */
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8Encode } from '../../../pkg/encoding.js';
import { SIGHASH_ALL, type Utxo } from '../../../pkg/model.js';
import { ChainIndex } from '../../../internal/core/chain/chain-index.js';
import { blockHash, headerChainId, merkleRoot } from '../../../internal/core/chain/block-hash.js';
import { buildTransfer, signBuilt } from '../../../internal/core/tx/builder.js';
import { callId } from '../../../internal/core/tx/call-id.js';
import { encodeTransaction } from '../../../internal/core/wire/codec.js';
import { FEE_PER_BYTE, MIN_FEE_BASE, minimumFee } from '../../../internal/core/tx/fee-policy.js';
import { signatureHash, transactionId } from '../../../internal/core/tx/hashing.js';
import { keyPairOf } from '../../../internal/core/tx/signing.js';

const alice = keyPairOf(sha256(utf8Encode('vector/alice')));
const bob = keyPairOf(sha256(utf8Encode('vector/bob')));

function ledger(): ChainIndex {
  const index = new ChainIndex('wes-vectors');
  const coin = (seed: number, amount: bigint): Utxo => ({
    outPoint: { txId: new Uint8Array(32).fill(seed), index: seed % 3 },
    blockHeight: 0n,
    output: { owner: alice.address, locks: [{ kind: 'singleKey', addressHash: alice.address }], content: { type: 'asset', asset: { kind: 'native', amount } } },
  });
  [coin(1, 50_000n), coin(2, 3_000_000n), coin(3, 2_000_000n), coin(4, 2_000_000n)].forEach((u) => index.addUtxo(u));
  return index;
}

describe('tx id / sighash / signature / block hash vectors', () => {
  const built = buildTransfer({ view: ledger(), chainId: 'wes-vectors', from: alice.address, to: bob.address, amount: 1_500_000n, nonce: 7n, creationTimestamp: 1_700_000_000n });

  it('selects the smallest single coin that covers amount + fee (ties by txid)', () => {
    expect(built.tx.inputs.map((i) => toHex(i.outPoint.txId).slice(0, 4))).toEqual(['0303']);
    expect(built.fee).toBe(minimumFee(encodeTransaction(signBuilt(built, alice.privateKey)).length));
    expect(MIN_FEE_BASE).toBe(1000n);
    expect(FEE_PER_BYTE).toBe(10n);
  });

  it('pins the unsigned encoding, tx id, sighash and RFC 6979 signature', () => {
    const signed = signBuilt(built, alice.privateKey);
    expect(transactionId(signed)).toEqual(built.txId);
    // the formula, independently: SHA-256(unsigned ‖ u32be(0) ‖ 0x01)
    const unsigned = encodeTransaction(built.tx);
    expect(signatureHash(built.tx, 0, SIGHASH_ALL)).toEqual(sha256(new Uint8Array([...unsigned, 0, 0, 0, 0, SIGHASH_ALL])));
    expect(built.txId).toEqual(sha256(unsigned));
    const proof = signed.inputs[0]!.proof;
    expect(proof?.kind).toBe('singleKey');
    expect({
      fee: built.fee.toString(),
      unsigned: toHex(encodeTransaction(built.tx)),
      txId: toHex(built.txId),
      sighash0: toHex(signatureHash(built.tx, 0, SIGHASH_ALL)),
      signature: proof?.kind === 'singleKey' ? toHex(proof.signature) : '',
      callId: toHex(callId({ ...built.tx, contractCall: { contract: bob.address, method: 'Transfer', payload: utf8Encode('{}'), gasLimit: 1_000_000n } }, alice.address)),
    }).toMatchInlineSnapshot(`
      {
        "callId": "8368b5c034c76d4fca380c9ba282d697f0f1af1935af9a5f05e57badb5cfff2a",
        "fee": "4090",
        "sighash0": "80116d3bc11cf666b18159a8639e33bbfc05f0e68eb2697a3ffff4f35da667cf",
        "signature": "dbff854d78b0c2171d1fd88e97ca1f93385a82241bffa2c1e5a1e4b2a9a647465823ad1eb531b6450d6d43b54824b4f44f18c5156d8b69784d5cc691e648de24",
        "txId": "ef7fc55cbe7977dfdcf32c7ae7a9f18a38dd694650106d19e6e8bd6d1a134374",
        "unsigned": "080112240a220a2003030303030303030303030303030303030303030303030303030303030303031a410a147cd58aa447280bb472f633eb8a7248b8851f26ba121c0a1a12147cd58aa447280bb472f633eb8a7248b8851f26ba18012001520b0a090a07313530303030301a400a14966684c6a3f668fa019bd9c2de9631f7f5b66bb2121c0a1a1214966684c6a3f668fa019bd9c2de9631f7f5b66bb218012001520a0a080a06343935393130a00107a80180e2cfaa06c2010b7765732d766563746f7273",
      }
    `);
  });

  it('pins the merkle root and the block hash (SHA-256 of the encoded header)', () => {
    const ids = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2), new Uint8Array(32).fill(3)];
    const header = {
      chainId: headerChainId('wes-vectors'), version: 1n, previousHash: new Uint8Array(32).fill(9), timestamp: 1_700_000_000n, height: 1n,
      merkleRoot: merkleRoot(ids), stateRoot: new Uint8Array(32).fill(5), nonce: new Uint8Array(0), difficulty: 0n,
    };
    expect(toHex(merkleRoot([ids[0]!]))).toBe(toHex(ids[0]!));
    const pair = (a: Uint8Array, b: Uint8Array): Uint8Array => sha256(new Uint8Array([...a, ...b]));
    expect(header.merkleRoot).toEqual(pair(pair(ids[0]!, ids[1]!), pair(ids[2]!, ids[2]!)));
    expect({ chainId: header.chainId.toString(), merkle: toHex(header.merkleRoot), hash: toHex(blockHash(header)) }).toMatchInlineSnapshot(`
      {
        "chainId": "253841942462681898",
        "hash": "374e1b1b4f8a8d75df6afe73e1af9f32eeb514738e12d4015f2a61280ac69747",
        "merkle": "831e18b32b5392c031f24c715086821d7532fcb6cac0bb815a1a647990cff261",
      }
    `);
  });
});
