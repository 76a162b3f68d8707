/**
 * Sets values in a CometBFT config.toml as written by `cometbft init/testnet`: one
 * `key = value` per line, `[section]` headers. Only keys that already exist are changed (a
 * missing key means another CometBFT version's layout, which is an error, not a silent no-op).
 */
import { ChainError } from '../../../pkg/errors.js';

export type TomlValue = string | number | boolean;

const render = (v: TomlValue): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** `section` '' is the top level (before the first header). */
export function setTomlValue(text: string, section: string, key: string, value: TomlValue): string {
  const lines = text.split('\n');
  let current = '';
  for (let i = 0; i < lines.length; i++) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(lines[i]!);
    if (header) {
      current = header[1]!.trim();
      continue;
    }
    if (current === section && new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=`).test(lines[i]!)) {
      lines[i] = `${key} = ${render(value)}`;
      return lines.join('\n');
    }
  }
  throw new ChainError('BAD_COMETBFT_CONFIG', `config.toml has no "${key}" in [${section || 'top level'}]`);
}

export function setTomlValues(text: string, values: readonly (readonly [section: string, key: string, value: TomlValue])[]): string {
  return values.reduce((t, [s, k, v]) => setTomlValue(t, s, k, v), text);
}
