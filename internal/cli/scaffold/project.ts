/**
 * The files `wes new` writes: a contract project that builds outside this repository, importing
 * the SDK by package name (@wes-engine/sdk) and testing with @wes-engine/testing, both as file:
 * dependencies on this checkout; asc and its flags pinned as `make contracts` pins them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EMPTY_CONTRACT, templateTest, type TemplateName } from './template-tests.js';

/** Versions the repository itself is built and tested with (package.json devDependencies). */
function pinned(repo: string, pkg: 'assemblyscript' | 'vitest'): string {
  const json = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const v = json.devDependencies[pkg];
  if (v === undefined) throw new Error(`package.json has no devDependency ${pkg}`);
  return v;
}

/** The template's contract with its SDK import rewritten to the package name. */
function contractSource(repo: string, template: TemplateName): string {
  if (template === 'empty') return EMPTY_CONTRACT;
  const text = readFileSync(join(repo, 'contracts', 'templates', template, 'contract.ts'), 'utf8');
  return text.replace(/from "(\.\.\/)+sdk\/assemblyscript\/index"/g, 'from "@wes-engine/sdk"');
}

/** asc options matching contracts/build.mjs ASC_FLAGS (a test keeps them in step). */
export const ASCONFIG = {
  targets: {
    release: { outFile: 'build/contract.wasm', textFile: 'build/contract.wat', runtime: 'stub', optimizeLevel: 3, shrinkLevel: 2, noAssert: false },
  },
  options: { noColors: true },
};

export function projectFiles(repo: string, name: string, template: TemplateName): Record<string, string> {
  const fileDep = (dir: string): string => `file:${join(repo, dir)}`;
  const pkg = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      build: 'asc assembly/contract.ts --target release',
      test: 'npm run build && vitest run',
    },
    dependencies: { '@wes-engine/sdk': fileDep('contracts/sdk/assemblyscript') },
    devDependencies: {
      '@wes-engine/testing': fileDep('contracts/testing'),
      assemblyscript: pinned(repo, 'assemblyscript'),
      vitest: pinned(repo, 'vitest'),
    },
  };
  const readme = `# ${name}

A wes-engine contract (AssemblyScript), scaffolded by \`wes new ${name} --template ${template}\`.

\`\`\`sh
npm install          # the SDK and the test harness come from ${repo}
npm run build        # -> build/contract.wasm (asc, flags pinned in asconfig.json)
npm test             # builds, then runs test/*.test.ts against an in-process chain
\`\`\`

- \`assembly/contract.ts\` — the contract: every exported \`(): u32\` function is a method and
  returns a \`Status\` code; \`import { … } from "@wes-engine/sdk"\`.
- \`test/contract.test.ts\` — tests with \`@wes-engine/testing\` (\`TestChain\`: deploy, call as
  any address, attach funds, advance blocks and time, read state, events and balances).
- The test harness runs the engine compiled in ${repo}: run \`make build\` there first.

Deploy and call it on a node (\`make run\` in ${repo} starts a devnet):

\`\`\`sh
wes build .                                   # checks it with the node's load rules
wes deploy build/contract.wasm --from dev
wes call <contract address> <Method> --params '{…}' --from dev
\`\`\`

SDK reference: ${join(repo, 'docs', 'sdk-reference.md')}; guide: ${join(repo, 'docs', 'contract-guide.md')}.
`;
  return {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'asconfig.json': `${JSON.stringify(ASCONFIG, null, 2)}\n`,
    'assembly/contract.ts': contractSource(repo, template),
    'assembly/tsconfig.json': `${JSON.stringify({ extends: 'assemblyscript/std/assembly.json', include: ['./**/*.ts'] }, null, 2)}\n`,
    'test/contract.test.ts': templateTest(template),
    '.gitignore': 'node_modules/\nbuild/\n',
    'README.md': readme,
  };
}
