/**
 * `pnpm new:projection <name> [--dir <projections directory>]`. The directory defaults to the
 * read models' `src/projections`; tests point it at a copy.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GeneratorInputError, newProjection } from './newProjection.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PROJECTIONS = fileURLToPath(
  new URL('../../../packages/read-models/src/projections/', import.meta.url),
);
const USAGE = 'usage: pnpm new:projection <name> [--dir <projections directory>]';

const parse = (args: readonly string[]): { name: string; dir: string } => {
  const positional: string[] = [];
  let dir = PROJECTIONS;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index];
    if (arg === '--dir') {
      const value = args[++index];
      if (value === undefined) throw new GeneratorInputError(`--dir needs a directory\n${USAGE}`);
      dir = value;
    } else if (arg !== undefined) {
      positional.push(arg);
    }
  }
  const [name, ...extra] = positional;
  if (name === undefined || extra.length > 0) {
    throw new GeneratorInputError(`name is required, and only one\n${USAGE}`);
  }
  return { name, dir };
};

try {
  const { name, dir } = parse(process.argv.slice(2));
  const generated = newProjection(name, dir);
  for (const file of generated.created) console.log(`created ${relative(ROOT, file)}`);
  console.log(`register it in ${relative(ROOT, dir)}/index.ts:`);
  console.log(`  ${generated.register}`);
} catch (error) {
  if (!(error instanceof GeneratorInputError)) throw error;
  console.error(`new:projection: ${error.message}`);
  process.exitCode = 1;
}
