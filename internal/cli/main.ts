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
    if (isWesError(e)) {
      io.err(`wes ${name}: ${e.message} [${e.code}]`);
      if (e.code === 'NODE_UNREACHABLE') return EXIT.unreachable;
      return e.category === 'input' && !('status' in e.details) ? EXIT.usage : EXIT.failed;
    }
    io.err(`wes ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return EXIT.internal;
  }
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
