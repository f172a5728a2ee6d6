/** The shape every CLI subcommand has; commands write only through `io` so tests can capture output. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Resolves to the process exit code. */
  run(args: readonly string[], io: CommandIo): Promise<number>;
}

/** Wrong arguments: reported with the command's usage, exit code 1. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
