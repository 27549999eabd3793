/**
 * Exit codes, documented in `--help` and README.md. Each failure ends with one line on stderr.
 */
export const EXIT = {
  ok: 0,
  /** The input was refused (invalid lines, an empty file...): nothing of it was appended. */
  rejected: 1,
  /** The command line itself is wrong: unknown command or option, missing argument. */
  usage: 2,
  /** The store cannot be opened or reached, or the configuration is wrong. */
  unavailable: 3,
  /** Another writer changed a stream during the import; re-running it resumes where it stopped. */
  conflict: 4,
  /** A bug: the stack trace follows the one-line reason. */
  internal: 5,
  /** The log (or an export, or a report) does not verify: it was altered, or is damaged. */
  integrity: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  input rejected (nothing of it appended, unless --skip-invalid)
  2  usage error (unknown command or option, missing argument)
  3  store unavailable or configuration invalid
  4  conflict: another writer appended to a stream during the import (re-run to resume)
  5  internal error (a bug; the stack trace follows)
  6  integrity: the log, export or report does not verify (verify, verify-report)`;

/** A failure the CLI reports as one line on stderr and an exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string): CliError => new CliError(EXIT.usage, message);
