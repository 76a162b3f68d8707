/**
 * Keys, addresses and input signatures (ABI.md §10): ECDSA secp256k1 with RFC 6979 nonces,
 * 64-byte compact low-S signatures, 33-byte compressed public keys, address = hash160(public key).
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '../../../pkg/hashes.js';
import { TxError } from '../../../pkg/errors.js';
import { hash160 } from '../../../pkg/encoding.js';
import type { Address } from '../../../pkg/types.js';
import { SIGHASH_ALL, type SingleKeyProof, type Transaction, type UnlockingProof } from '../../../pkg/model.js';
import { sighashPreimage, unsignedBytes } from './hashing.js';
import { nativeSecp256k1 } from './native-secp256k1.js';
import { verifySignature } from './sigverify.js';

export interface KeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly address: Address;
}

function checkPrivateKey(privateKey: Uint8Array): void {
  if (!secp256k1.utils.isValidSecretKey(privateKey)) {
    throw new TxError('BAD_PRIVATE_KEY', 'a private key is 32 bytes encoding an integer in [1, n-1]');
  }
}

export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  checkPrivateKey(privateKey);
  return secp256k1.getPublicKey(privateKey, true);
}

export function addressOfPublicKey(publicKey: Uint8Array): Address {
  if (publicKey.length !== 33 || !secp256k1.utils.isValidPublicKey(publicKey, true)) {
    throw new TxError('BAD_PUBLIC_KEY', 'a public key is a 33-byte compressed secp256k1 point');
  }
  return hash160(publicKey);
}

export function keyPairOf(privateKey: Uint8Array): KeyPair {
  const publicKey = publicKeyOf(privateKey);
  return { privateKey, publicKey, address: hash160(publicKey) };
}

/** A fresh key from the OS CSPRNG. */
export function generateKeyPair(): KeyPair {
  return keyPairOf(secp256k1.utils.randomSecretKey());
}

/** noble's signer: the reference the native one is cross-checked against. */
export function signMessageNoble(message: Uint8Array, privateKey: Uint8Array): Uint8Array {
  checkPrivateKey(privateKey);
  return secp256k1.sign(sha256(message), privateKey, { prehash: false, lowS: true, format: 'compact' });
}

/**
 * Signs SHA-256(message): deterministic (RFC 6979), 64-byte r‖s, s normalised to low-S.
 * libsecp256k1 where it loads (same nonce rule and low-S output, so byte-identical to noble).
 */
export function signMessage(message: Uint8Array, privateKey: Uint8Array): Uint8Array {
  if (nativeSecp256k1 === null) return signMessageNoble(message, privateKey);
  checkPrivateKey(privateKey);
  return Uint8Array.from(nativeSecp256k1.ecdsaSign(sha256(message), privateKey).signature);
}

/**
 * The SingleKeyProof for input `inputIndex`. Pass `unsigned` (= unsignedBytes(tx)) when signing
 * several inputs, to encode the transaction once.
 */
export function signInput(
  tx: Transaction,
  inputIndex: number,
  privateKey: Uint8Array,
  sighashType: number = SIGHASH_ALL,
  unsigned: Uint8Array = unsignedBytes(tx),
): SingleKeyProof {
  if (inputIndex >= tx.inputs.length) throw new TxError('BAD_INPUT_INDEX', `input ${inputIndex} does not exist`);
  const signature = signMessage(sighashPreimage(unsigned, inputIndex, sighashType), privateKey);
  return { kind: 'singleKey', signature, publicKey: publicKeyOf(privateKey), sighashType };
}

/** A copy of `tx` with `proof` on input `inputIndex` (the id does not change: proofs are not hashed). */
export function withProof(tx: Transaction, inputIndex: number, proof: UnlockingProof): Transaction {
  if (inputIndex >= tx.inputs.length) throw new TxError('BAD_INPUT_INDEX', `input ${inputIndex} does not exist`);
  return { ...tx, inputs: tx.inputs.map((input, i) => (i === inputIndex ? { ...input, proof } : input)) };
}

/** Signs every input with the same key (the common single-owner case). */
export function signAllInputs(tx: Transaction, privateKey: Uint8Array): Transaction {
  const unsigned = unsignedBytes(tx);
  return { ...tx, inputs: tx.inputs.map((input, i) => ({ ...input, proof: signInput(tx, i, privateKey, SIGHASH_ALL, unsigned) })) };
}

/** Checks the signature of a SingleKeyProof on input `inputIndex`; which key it must be is the lock's business. */
export function verifyInputSignature(
  tx: Transaction,
  inputIndex: number,
  proof: SingleKeyProof,
  unsigned: Uint8Array = unsignedBytes(tx),
): boolean {
  if (inputIndex >= tx.inputs.length) return false;
  return verifySignature(proof.signature, sighashPreimage(unsigned, inputIndex, proof.sighashType), proof.publicKey);
}
