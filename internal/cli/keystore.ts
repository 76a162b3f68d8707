/**
 * The client-side keystore: a JSON file of named secp256k1 keys (mode 0600). Keys never leave
 * the client — the node API has no route that accepts one. A devnet keystore is plaintext by
 * design; do not put mainnet value behind it.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { addressToBase58, fromHex, toHex } from '../../pkg/encoding.js';
import { InvalidRequestError } from '../../pkg/errors.js';
import { generateKeyPair, keyPairOf, type KeyPair } from '../core/tx/signing.js';

export interface StoredKey {
  readonly name: string;
  readonly address: string;
  readonly publicKey: string;
  readonly privateKey: string;
}

interface KeystoreFile {
  readonly version: 1;
  readonly keys: StoredKey[];
}

export const DEFAULT_KEYSTORE = '.wes/keystore.json';

export function keystorePath(explicit?: string): string {
  return resolve(explicit ?? process.env['WES_KEYSTORE'] ?? DEFAULT_KEYSTORE);
}

export class Keystore {
  private constructor(
    readonly path: string,
    private readonly file: KeystoreFile,
  ) {}

  static open(path: string): Keystore {
    if (!existsSync(path)) return new Keystore(path, { version: 1, keys: [] });
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new InvalidRequestError('BAD_KEYSTORE', `keystore ${path} is not valid JSON: ${(e as Error).message}`);
    }
    const f = parsed as Partial<KeystoreFile>;
    if (f.version !== 1 || !Array.isArray(f.keys)) throw new InvalidRequestError('BAD_KEYSTORE', `keystore ${path} has an unknown format`);
    return new Keystore(path, { version: 1, keys: f.keys });
  }

  get keys(): readonly StoredKey[] {
    return this.file.keys;
  }

  add(name: string, pair: KeyPair): StoredKey {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new InvalidRequestError('BAD_KEY_NAME', `key name "${name}" must be 1-64 letters, digits, _ . -`);
    if (this.file.keys.some((k) => k.name === name)) throw new InvalidRequestError('KEY_EXISTS', `a key named "${name}" already exists in ${this.path}`);
    const key: StoredKey = { name, address: addressToBase58(pair.address), publicKey: toHex(pair.publicKey), privateKey: toHex(pair.privateKey) };
    this.file.keys.push(key);
    this.save();
    return key;
  }

  create(name: string): StoredKey {
    return this.add(name, generateKeyPair());
  }

  /** A key by name or address; the default is the first key. */
  get(nameOrAddress?: string): KeyPair & { name: string } {
    const k = nameOrAddress === undefined ? this.file.keys[0] : this.file.keys.find((x) => x.name === nameOrAddress || x.address === nameOrAddress);
    if (k === undefined) {
      throw new InvalidRequestError(
        'KEY_NOT_FOUND',
        nameOrAddress === undefined ? `keystore ${this.path} has no keys; run \`wes keys new\`` : `no key "${nameOrAddress}" in ${this.path}`,
      );
    }
    return { name: k.name, ...keyPairOf(fromHex(k.privateKey)) };
  }

  private save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.file, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}
