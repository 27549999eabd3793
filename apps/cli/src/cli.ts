import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { CliEnv } from './env.ts';
import { CliError, EXIT, EXIT_CODES_HELP, type ExitCode, usageError } from './errors.ts';
import type { ProgressStream } from './import/progress.ts';

/** Where a command writes: stdout for its result alone, stderr for progress, logs and errors. */
export interface Output {
  write(text: string): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

export interface CliContext {
  readonly stdout: Output;
  readonly stderr: ProgressStream;
  /** Resolved lazily: `--help` must work even when the environment is wrong. */
  readonly env: () => CliEnv;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments the command takes. */
  readonly positionals: { readonly min: number; readonly max: number };
  run(
    values: Record<string, string | boolean | undefined>,
    positionals: readonly string[],
    context: CliContext,
  ): Promise<void>;
}

/** Writes to stdout, waiting when the pipe is full so a large output never piles up in memory. */
export const writeOut = async (out: Output, text: string): Promise<void> => {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
};

export type OutputFormat = 'text' | 'json';

export const FORMAT_OPTION = { format: { type: 'string', default: 'text' } } as const;

export const outputFormat = (value: unknown): OutputFormat => {
  if (value === 'text' || value === 'json') return value;
  throw usageError(`--format must be "text" or "json", not "${String(value)}"`);
};

const HELP_OPTION = { help: { type: 'boolean', short: 'h' } } as const;

const mainHelp = (commands: readonly Command[]): string => `Usage: pnpm ledger <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(10)}${command.summary}`).join('\n')}

Run "pnpm ledger <command> --help" for a command's options.

Environment:
  LEDGER_STORE     unset: the embedded file; or esdb://host:2113?tls=false (EventStoreDB/KurrentDB)
  LEDGER_DATA_DIR  directory of the embedded file ledger.sqlite; default ./data (from the repository root)

${EXIT_CODES_HELP}
`;

/** Runs one command line; returns the exit code. Failures end with one line on stderr. */
export async function runCli(
  argv: readonly string[],
  commands: readonly Command[],
  context: CliContext,
): Promise<ExitCode> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined)
      throw usageError(
        `a command is required (${commands.map((command) => command.name).join(', ')}); see --help`,
      );
    if (name === '--help' || name === '-h' || name === 'help') {
      await writeOut(context.stdout, mainHelp(commands));
      return EXIT.ok;
    }
    const command = commands.find((candidate) => candidate.name === name);
    if (command === undefined) {
      throw usageError(
        `unknown command "${name}" (commands: ${commands.map((c) => c.name).join(', ')})`,
      );
    }
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({
        args: [...rest],
        options: { ...command.options, ...HELP_OPTION },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw usageError(
        `${command.name}: ${(error as Error).message.split('\n')[0] ?? 'bad arguments'}`,
      );
    }
    if (parsed.values.help === true) {
      await writeOut(context.stdout, `${command.help.trimEnd()}\n\n${EXIT_CODES_HELP}\n`);
      return EXIT.ok;
    }
    const { min, max } = command.positionals;
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw usageError(
        `${command.name}: expected ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, got ${parsed.positionals.length}; see "pnpm ledger ${command.name} --help"`,
      );
    }
    await command.run(
      parsed.values as Record<string, string | boolean | undefined>,
      parsed.positionals,
      context,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliError) {
      context.stderr.write(`ledger${name === undefined ? '' : ` ${name}`}: ${error.message}\n`);
      return error.exitCode;
    }
    const reason = error instanceof Error ? error.message : String(error);
    context.stderr.write(
      `ledger${name === undefined ? '' : ` ${name}`}: internal error: ${reason}\n`,
    );
    if (error instanceof Error && error.stack !== undefined)
      context.stderr.write(`${error.stack}\n`);
    return EXIT.internal;
  }
}
