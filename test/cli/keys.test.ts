import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keysCommand } from '../../internal/cli/commands/keys.js';
import { Keystore } from '../../internal/cli/keystore.js';
import { addressFromBase58, fromHex, hash160 } from '../../pkg/encoding.js';
import { publicKeyOf } from '../../internal/core/tx/signing.js';

const io = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
};

describe('wes keys', () => {
  it('creates keys whose address is hash160 of the public key, in a 0600 keystore, and lists them', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wes-keys-')), 'ks.json');
    const a = io();
    expect(await keysCommand.run(['new', '--name', 'alice', '--keystore', file, '--json'], a.io)).toBe(0);
    const created = JSON.parse(a.out[0]!) as { address: string; publicKey: string };
    expect(addressFromBase58(created.address)).toEqual(hash160(fromHex(created.publicKey)));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { keys: { privateKey: string }[] };
    expect(publicKeyOf(fromHex(stored.keys[0]!.privateKey))).toEqual(fromHex(created.publicKey));
    const l = io();
    expect(await keysCommand.run(['list', '--keystore', file, '--json'], l.io)).toBe(0);
    const listed = JSON.parse(l.out[0]!) as { keys: Record<string, string>[] };
    expect(listed.keys).toEqual([{ name: 'alice', address: created.address, publicKey: created.publicKey }]);
    expect(JSON.stringify(listed)).not.toContain('privateKey'); // listing never prints secrets
  });

  it('refuses duplicate names, bad names and corrupt keystores with typed errors', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wes-keys-')), 'ks.json');
    await keysCommand.run(['new', '--name', 'bob', '--keystore', file], io().io);
    await expect(keysCommand.run(['new', '--name', 'bob', '--keystore', file], io().io)).rejects.toMatchObject({ code: 'INPUT_KEY_EXISTS' });
    await expect(keysCommand.run(['new', '--name', 'bad name!', '--keystore', file], io().io)).rejects.toMatchObject({ code: 'INPUT_BAD_KEY_NAME' });
    writeFileSync(file, '{not json');
    expect(() => Keystore.open(file)).toThrow(expect.objectContaining({ code: 'INPUT_BAD_KEYSTORE' }));
    expect(await keysCommand.run(['frobnicate'], io().io)).toBe(2);
  });
});
