/**
 * Dependencies run one way (CONVENTIONS.md, issue 10 item 8). The rule, precisely: a file under
 * internal/core/engines/wasm/ may import only
 *   - other files under internal/core/engines/wasm/,
 *   - pkg/ (the ports, types and errors everything depends on),
 *   - node builtins and npm packages;
 * with ONE exception, the composition root manager/container.ts, which plugs the concrete host
 * layer (internal/core/ispc: the env host functions and the per-call DraftBuilder) into the
 * engine. The engine core is generic over that host state (HostAbi<S>, HostBinding<S>).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const ENGINE = join(ROOT, 'internal/core/engines/wasm');
const COMPOSITION_ROOT = 'internal/core/engines/wasm/manager/container.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier of a file: static imports/exports, side-effect imports, dynamic import(). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const re of [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of text.matchAll(re)) out.push(m[1]!);
  }
  return out;
}

/** Repo-relative targets of a file's relative imports. */
function relativeTargets(file: string): string[] {
  return specifiers(readFileSync(file, 'utf8'))
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(ROOT, resolve(dirname(file), s)));
}

const allowed = (target: string): boolean => target.startsWith('internal/core/engines/wasm/') || target.startsWith('pkg/');

describe('dependency direction of the engine core', () => {
  const files = sources(ENGINE);

  it('finds the engine sources (the scan is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(15);
    expect(files.map((f) => relative(ROOT, f))).toContain(COMPOSITION_ROOT);
  });

  it('no engine file but the composition root imports outside engines/wasm and pkg', () => {
    const violations = files
      .filter((f) => relative(ROOT, f) !== COMPOSITION_ROOT)
      .flatMap((f) => relativeTargets(f).filter((t) => !allowed(t)).map((t) => `${relative(ROOT, f)} -> ${t}`));
    expect(violations).toEqual([]);
  });

  it('the composition root is where the host layer is plugged in, and only the host layer', () => {
    const outside = relativeTargets(join(ROOT, COMPOSITION_ROOT)).filter((t) => !allowed(t));
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.filter((t) => !t.startsWith('internal/core/ispc/'))).toEqual([]);
  });

  it('pkg/ imports nothing from internal/', () => {
    const violations = sources(join(ROOT, 'pkg')).flatMap((f) =>
      relativeTargets(f).filter((t) => !t.startsWith('pkg/')).map((t) => `${relative(ROOT, f)} -> ${t}`),
    );
    expect(violations).toEqual([]);
  });
});
