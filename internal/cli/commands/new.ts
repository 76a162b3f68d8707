/** `wes new <name> [--template T]`: scaffold a contract project that builds outside this repository. */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidRequestError } from '../../../pkg/errors.js';
import { EXIT, type Command } from '../command.js';
import { repoRoot } from '../repo-paths.js';
import { projectFiles } from '../scaffold/project.js';
import { TEMPLATE_NAMES, type TemplateName } from '../scaffold/template-tests.js';

const USAGE = `usage: wes new <name | path> [--template ${TEMPLATE_NAMES.join('|')}] [--json]

Creates a contract project in <path> (a new or empty directory): assembly/contract.ts from the
template (default: counter), asconfig.json with the pinned compiler flags, package.json with the
SDK (@wes-engine/sdk) and the test harness (@wes-engine/testing) as file: dependencies on this
checkout, a test, and a README. Then: cd <path> && npm install && npm test.`;

/** npm package names: lower case, digits, - . _ ; no leading dot or underscore. */
const NAME = /^[a-z0-9][a-z0-9._-]{0,213}$/;

export const newCommand: Command = {
  name: 'new',
  summary: 'scaffold a contract project (SDK, asconfig, test, README)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args: [...args], options: { template: { type: 'string', default: 'counter' }, json: { type: 'boolean', default: false } }, allowPositionals: true });
    const target = positionals[0];
    if (target === undefined || positionals.length > 1) throw new InvalidRequestError('USAGE', 'expected one project name or path (see --help)');
    const template = values.template as TemplateName;
    if (!TEMPLATE_NAMES.includes(template)) throw new InvalidRequestError('USAGE', `unknown template "${values.template}"; templates: ${TEMPLATE_NAMES.join(', ')}`);
    const dir = resolve(target);
    const name = basename(dir);
    if (!NAME.test(name)) throw new InvalidRequestError('USAGE', `project name "${name}" is not a valid package name: use lower-case letters, digits, "-", "." or "_"`);
    if (existsSync(dir) && readdirSync(dir).length > 0) throw new InvalidRequestError('FILE_EXISTS', `${dir} exists and is not empty; choose a new directory`);
    const files = projectFiles(repoRoot(), name, template);
    for (const [rel, text] of Object.entries(files)) {
      const path = join(dir, rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    if (values.json) io.out(JSON.stringify({ ok: true, dir, template, files: Object.keys(files) }));
    else io.out(`created ${dir} (template ${template})\n\n  cd ${target}\n  npm install\n  npm test\n\nsee README.md there`);
    return EXIT.ok;
  },
};
