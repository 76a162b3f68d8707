/** A `wes` subcommand. run() returns the process exit code; it never calls process.exit itself. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[], io: CliIO): Promise<number>;
}

/** Exit codes: 0 ok, 1 the thing checked/run failed, 2 usage error, 3 internal error, 4 node unreachable. */
export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3, unreachable: 4 } as const;

/**
 * One mistake, one exit code, whichever command — or the node — detects it: an INPUT_ code is
 * something the user typed or named (2), a refusal or failure by the rules is 1, no node is 4.
 * Codes from registry prefixes (pkg/error-registry.ts), so `run` and `call` agree by construction.
 */
export function exitCodeFor(code: string): number {
  if (code === 'NODE_UNREACHABLE') return EXIT.unreachable;
  if (code.startsWith('INPUT_')) return EXIT.usage;
  return EXIT.failed;
}
