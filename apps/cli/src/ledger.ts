import { runCli } from './cli.ts';
import { anchorCommand } from './commands/anchor.ts';
import { catalogCommand } from './commands/catalog.ts';
import { migrateCommand, restoreCommand } from './commands/copy.ts';
import { diffCommand } from './commands/diff.ts';
import { exportCommand } from './commands/export.ts';
import { generateCommand } from './commands/generate.ts';
import { importCommand } from './commands/import.ts';
import { rebuildCommand } from './commands/rebuild.ts';
import { reportCommand } from './commands/report.ts';
import { seedCommand } from './commands/seed.ts';
import { statusCommand } from './commands/status.ts';
import { verifyCommand } from './commands/verify.ts';
import { verifyReportCommand } from './commands/verifyReport.ts';
import { EnvError, readEnv } from './env.ts';
import { CliError, EXIT } from './errors.ts';

const env = () => {
  try {
    return readEnv();
  } catch (error) {
    if (error instanceof EnvError) throw new CliError(EXIT.unavailable, error.message);
    throw error;
  }
};

// stdout closed early (e.g. `generate | head`) is not an error of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
  throw error;
});

process.exitCode = await runCli(
  process.argv.slice(2),
  [
    importCommand,
    seedCommand,
    generateCommand,
    statusCommand,
    reportCommand,
    diffCommand,
    rebuildCommand,
    catalogCommand,
    verifyCommand,
    verifyReportCommand,
    exportCommand,
    anchorCommand,
    restoreCommand,
    migrateCommand,
  ],
  { stdout: process.stdout, stderr: process.stderr, env },
);
