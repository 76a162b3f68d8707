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
