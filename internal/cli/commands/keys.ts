/** `wes keys new|list`: manage the client-side keystore. */
import { parseArgs } from 'node:util';
import { EXIT, type Command } from '../command.js';
import { Keystore, keystorePath } from '../keystore.js';

const USAGE = `usage: wes keys new [--name NAME] [--keystore FILE] [--json]
       wes keys list [--keystore FILE] [--json]

Keys live only in the client keystore (default .wes/keystore.json, or $WES_KEYSTORE).
The node never sees a private key: transactions are signed here and submitted signed.`;

export const keysCommand: Command = {
  name: 'keys',
  summary: 'create and list keys in the local keystore',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { name: { type: 'string' }, keystore: { type: 'string' }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
    });
    const ks = Keystore.open(keystorePath(values.keystore));
    switch (positionals[0]) {
      case 'new': {
        const key = ks.create(values.name ?? `key${ks.keys.length + 1}`);
        if (values.json) io.out(JSON.stringify({ name: key.name, address: key.address, publicKey: key.publicKey, keystore: ks.path }));
        else io.out(`created key "${key.name}"\n  address     ${key.address}\n  public key  ${key.publicKey}\n  keystore    ${ks.path}`);
        return EXIT.ok;
      }
      case 'list': {
        const keys = ks.keys.map((k) => ({ name: k.name, address: k.address, publicKey: k.publicKey }));
        if (values.json) io.out(JSON.stringify({ keystore: ks.path, keys }));
        else if (keys.length === 0) io.out(`no keys in ${ks.path}; run \`wes keys new\``);
        else for (const k of keys) io.out(`${k.name.padEnd(16)} ${k.address}`);
        return EXIT.ok;
      }
      default:
        io.err(USAGE);
        return EXIT.usage;
    }
  },
};
