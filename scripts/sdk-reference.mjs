// The AssemblyScript SDK reference (docs/sdk-reference.md), generated from the SDK's sources:
// each module's header comment, then every exported declaration with its signature and its /** */
// doc comment. Parsed with the TypeScript compiler API (AssemblyScript is TypeScript syntax).
//
//   node scripts/sdk-reference.mjs          rewrite docs/sdk-reference.md
//   (test/contracts/sdk-reference.test.ts checks the committed file is current)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SDK = join(ROOT, 'contracts', 'sdk', 'assemblyscript');
export const REFERENCE_PATH = join(ROOT, 'docs', 'sdk-reference.md');

/** Modules in the order index.ts re-exports them. */
function modules() {
  const index = readFileSync(join(SDK, 'index.ts'), 'utf8');
  return [...index.matchAll(/export \* from "\.\/([a-z-]+)"/g)].map((m) => m[1]);
}

/** The `//` comment block at the top of a file, as prose. */
function headerComment(text) {
  const lines = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('//')) break;
    lines.push(line.replace(/^\/\/ ?/, ''));
  }
  return lines.join('\n').trim();
}

function jsDoc(node) {
  const docs = node.jsDoc ?? [];
  return docs
    .map((d) => (typeof d.comment === 'string' ? d.comment : (d.comment ?? []).map((c) => c.text).join('')))
    .join('\n')
    .trim();
}

const isExported = (node) => (ts.getModifiers?.(node) ?? node.modifiers ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const hasModifier = (node, kind) => (ts.getModifiers?.(node) ?? node.modifiers ?? []).some((m) => m.kind === kind);

/** Declaration text without its body, on one line. */
function signature(node, sf) {
  const text = node.getText(sf);
  const body = node.body ?? undefined;
  const head = body ? text.slice(0, body.getStart(sf) - node.getStart(sf)) : text;
  return head.replace(/\s+/g, ' ').replace(/\s*;?\s*$/, '').replace(/^((?:@\w+ )*)export (declare )?/, '$1').trim();
}

function memberLines(cls, sf) {
  const out = [];
  for (const m of cls.members) {
    if (hasModifier(m, ts.SyntaxKind.PrivateKeyword) || hasModifier(m, ts.SyntaxKind.ProtectedKeyword)) continue;
    const name = m.name?.getText(sf) ?? (ts.isConstructorDeclaration(m) ? 'constructor' : '');
    if (name.startsWith('_') || name.startsWith('#')) continue;
    const doc = jsDoc(m);
    out.push(`- \`${signature(m, sf)}\`${doc ? ` — ${doc.replace(/\n+/g, ' ')}` : ''}`);
  }
  return out;
}

function declarationSection(node, sf) {
  const doc = jsDoc(node);
  const out = [];
  if (ts.isFunctionDeclaration(node)) {
    out.push(`### \`${node.name.text}()\``, '', '```ts', signature(node, sf), '```');
  } else if (ts.isClassDeclaration(node)) {
    out.push(`### class \`${node.name.text}\``);
  } else if (ts.isModuleDeclaration(node)) {
    out.push(`### namespace \`${node.name.text}\``);
  } else if (ts.isVariableStatement(node)) {
    const names = node.declarationList.declarations.map((d) => d.name.getText(sf));
    out.push(`### \`${names.join(', ')}\``, '', '```ts', signature(node, sf), '```');
  } else if (ts.isEnumDeclaration(node)) {
    out.push(`### enum \`${node.name.text}\``, '', '```ts', node.getText(sf).replace(/^export /, ''), '```');
  } else if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) {
    out.push(`### type \`${node.name.text}\``, '', '```ts', node.getText(sf).replace(/^export /, ''), '```');
  } else {
    return undefined;
  }
  if (doc) out.push('', doc);
  if (ts.isClassDeclaration(node)) {
    const members = memberLines(node, sf);
    if (members.length > 0) out.push('', ...members);
  }
  if (ts.isModuleDeclaration(node) && node.body && ts.isModuleBlock(node.body)) {
    const consts = node.body.statements.filter(ts.isVariableStatement).flatMap((s) => s.declarationList.declarations.map((d) => `- \`${d.getText(sf)}\``));
    out.push('', ...consts);
  }
  return out.join('\n');
}

export function sdkReferenceMarkdown() {
  const parts = [
    '# AssemblyScript SDK reference (`@wes-engine/sdk`)',
    '',
    '<!-- Generated from contracts/sdk/assemblyscript/*.ts by `node scripts/sdk-reference.mjs`; do not edit. -->',
    '',
    'Import everything from the package: `import { Params, Storage, Status } from "@wes-engine/sdk";`',
    '(a project made by `wes new` has it as a dependency). A method is an exported `(): u32` function',
    'returning a `Status` code. Guide: [contract-guide.md](contract-guide.md).',
    '',
    '## Modules',
    '',
    ...modules().map((m) => `- [\`${m}\`](#${m})`),
  ];
  for (const m of modules()) {
    const file = join(SDK, `${m}.ts`);
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    parts.push('', `## ${m}`, '', `Source: \`contracts/sdk/assemblyscript/${m}.ts\``);
    const header = headerComment(text);
    if (header) parts.push('', header);
    for (const node of sf.statements) {
      if (!isExported(node)) continue;
      const section = declarationSection(node, sf);
      if (section) parts.push('', section);
    }
  }
  return `${parts.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(REFERENCE_PATH, sdkReferenceMarkdown());
  console.log(`wrote ${REFERENCE_PATH}`);
}
