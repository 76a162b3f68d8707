#!/usr/bin/env node
/** `wes` command-line entry point: dispatches to subcommands in ./commands. */
import 'reflect-metadata';
import { isWesError } from '../../pkg/errors.js';
import { EXIT, type CliIO, type Command } from './command.js';
import { COMMANDS } from './commands/index.js';

// A closed pipe (`wes ... | head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const io: CliIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

function help(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'wes — WebAssembly smart-contract engine (WES-compatible)',
    '',
    'usage: wes <command> [options]   (wes <command> --help for details)',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help(COMMANDS));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (cmd === undefined) {
    io.err(`wes: unknown command "${name}"\n\n${help(COMMANDS)}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(cmd.usage);
    return EXIT.ok;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    const f = failureOf(e);
    if (rest.includes('--json')) io.out(JSON.stringify({ error: { code: f.code, message: f.message, details: f.details } }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    io.err(f.exit === EXIT.internal ? `wes ${name}: internal error: ${f.stack ?? f.message}` : `wes ${name}: ${f.message} [${f.code}]`);
    return f.exit;
  }
}

interface Failure {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly exit: number;
  readonly stack?: string;
}

/** One mistake, one exit code: 2 for what the user typed, 1 for what was refused or failed, 4 no node, 3 a bug. */
function failureOf(e: unknown): Failure {
  if (isWesError(e)) {
    const exit = e.code === 'NODE_UNREACHABLE' ? EXIT.unreachable : e.category === 'input' && !('status' in e.details) ? EXIT.usage : EXIT.failed;
    return { code: e.code, message: e.message, details: e.details, exit };
  }
  // node:util parseArgs: an unknown flag, a flag without its value, a stray argument.
  const code = (e as { code?: unknown } | undefined)?.code;
  if (e instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
    return { code: 'INPUT_USAGE', message: `${e.message} (see --help)`, details: {}, exit: EXIT.usage };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { code: 'INTERNAL', message: err.message, details: {}, exit: EXIT.internal, ...(err.stack !== undefined && { stack: err.stack }) };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`wes: ${String(e)}\n`);
    process.exitCode = EXIT.internal;
  },
);
