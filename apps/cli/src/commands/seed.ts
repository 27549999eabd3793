import { LEDGER_FILE } from '@ledger/lombardy-dataset';
import { type Command, FORMAT_OPTION, outputFormat, writeOut } from '../cli.ts';
import { withStore } from '../store.ts';
import { runImport } from './import.ts';

export const seedCommand: Command = {
  name: 'seed',
  summary: 'load the curated Lombardy dataset (data/lombardy/ledger.jsonl); idempotent',
  help: `Usage: pnpm ledger seed [options]

Imports the curated, sourced dataset of the Lombardy innovation ecosystem
(data/lombardy/ledger.jsonl) into the configured store. Its event ids are fixed, so seeding
a store that already holds it appends nothing.

Options:
  --format text|json   summary as a line of text (default) or one JSON object on stdout
  -h, --help           this help`,
  options: { ...FORMAT_OPTION },
  positionals: { min: 0, max: 0 },
  async run(values, _positionals, context) {
    const format = outputFormat(values.format);
    await withStore(context.env(), async (store) => {
      const summary = await runImport({
        file: LEDGER_FILE,
        store,
        format,
        skipInvalid: false,
        rejectedFile: undefined,
        context,
        quiet: true,
      });
      if (format === 'text') {
        await writeOut(
          context.stdout,
          summary.appended === 0
            ? `seed: the Lombardy dataset is already loaded (${summary.skipped} events)\n`
            : `seed: loaded the Lombardy dataset: ${summary.appended} events appended, ${summary.skipped} already there\n`,
        );
      }
    });
  },
};
