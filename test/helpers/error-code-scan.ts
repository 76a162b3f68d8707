/**
 * Finds every WesError code the source tree can throw, by reading the source: constructor calls
 * of the error classes with a literal code, `super('CODE')` in their subclasses, calls of local
 * wrappers (`const reject = (code: string, …) => { throw new TxError(code, …) }`) with a literal
 * code, and LoadRule/TrapKind values. A constructor call whose code is none of these is reported
 * as `unresolved`, so a new way of building codes cannot slip past the registry test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Code prefix each error class adds (InternalError's code is fixed). */
const BASE_PREFIX: Readonly<Record<string, string>> = {
  TxError: 'TX_',
  ChainError: 'CHAIN_',
  InvalidRequestError: 'INPUT_',
  ExecutionError: 'EXEC_',
  HostTrap: 'EXEC_',
  ModuleRejectedError: 'LOAD_',
  EngineConfigError: 'CONFIG_',
  WesError: '',
};

/** Classes whose code is not their first constructor argument. */
const CODE_ARG: Readonly<Record<string, number>> = { NodeApiError: 1 };

export interface FoundCode {
  readonly code: string;
  readonly file: string;
}

export interface ScanResult {
  readonly found: readonly FoundCode[];
  /** `file: expression` of constructor calls whose code the scan cannot resolve. */
  readonly unresolved: readonly string[];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

export function scanErrorCodes(root: string, dirs: readonly string[] = ['pkg', 'internal']): ScanResult {
  const files = dirs.flatMap((d) => sourceFiles(join(root, d))).sort();
  const texts = new Map(files.map((f) => [relative(root, f), readFileSync(f, 'utf8')]));
  // Subclasses anywhere in the tree inherit their parent's prefix.
  const prefix = new Map(Object.entries(BASE_PREFIX));
  const found: FoundCode[] = [];
  /** Subclasses that fix their code with `super('CODE', …)`: their constructor calls carry no code. */
  const fixed = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const [file, text] of texts) {
      for (const m of text.matchAll(/class\s+(\w+)\s+extends\s+(\w+)/g)) {
        const p = prefix.get(m[2]!);
        if (p === undefined || prefix.has(m[1]!)) continue;
        prefix.set(m[1]!, p);
        grew = true;
        const body = text.slice(m.index, m.index + 500);
        const sup = /super\(\s*['"`]([A-Z][A-Z0-9_]*)['"`]/.exec(body);
        if (sup) {
          fixed.add(m[1]!);
          found.push({ code: p + sup[1]!, file });
        }
      }
    }
  }
  const classes = [...prefix.keys()].filter((c) => !fixed.has(c)).join('|');
  const unresolved: string[] = [];
  for (const [file, text] of texts) {
    const add = (code: string): void => void found.push({ code, file });
    // Local wrappers: a function or arrow whose string parameter is passed as the code.
    const wrappers = new Map<string, string>();
    for (const m of text.matchAll(/(?:function\s+(\w+)\s*\(|const\s+(\w+)\s*=\s*\()\s*(\w+)\s*:\s*string/g)) {
      const name = (m[1] ?? m[2])!;
      const param = m[3]!;
      const ctor = new RegExp(`new\\s+(${classes})\\(\\s*${param}\\b`).exec(text.slice(m.index, m.index + 600));
      if (ctor) wrappers.set(name, prefix.get(ctor[1]!)!);
    }
    for (const m of text.matchAll(new RegExp(`new\\s+(${classes})\\(\\s*([^)]*)`, 'g'))) {
      const cls = m[1]!;
      const arg = (m[2]!.split(',')[CODE_ARG[cls] ?? 0] ?? '').trim();
      const literal = /^['"`]([A-Z][A-Z0-9_]*)['"`]$/.exec(arg);
      if (literal) add(prefix.get(cls)! + literal[1]!);
      else if (/^LoadRule\.\w+$/.test(arg) && prefix.get(cls) === 'LOAD_') continue; // every LoadRule is required anyway
      else if ([...wrappers.entries()].some(([, p]) => p === prefix.get(cls)) && /^\w+$/.test(arg) && isWrapperParam(text, arg)) continue;
      else unresolved.push(`${file}: new ${cls}(${arg}`);
    }
    for (const [name, p] of wrappers) {
      for (const m of text.matchAll(new RegExp(`\\b${name}\\(\\s*['"\`]([A-Z][A-Z0-9_]*)['"\`]`, 'g'))) add(p + m[1]!);
    }
  }
  return { found, unresolved };
}

function isWrapperParam(text: string, param: string): boolean {
  return new RegExp(`(?:function\\s+\\w+\\s*\\(|const\\s+\\w+\\s*=\\s*\\()\\s*${param}\\s*:\\s*string`).test(text);
}
