/** docs/benchmarks.md from the runs of one `pnpm bench`: the verdicts first, then each output. */

export interface BenchRun {
  readonly name: string;
  readonly command: string;
  /** What it measures and its targets, in one line. */
  readonly about: string;
  readonly exitCode: number;
  readonly seconds: number;
  readonly stdout: string;
}

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
}

/** The lines of a benchmark's output that state a target and whether it was met. */
export const verdictLines = (stdout: string): string[] =>
  stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /\b(PASS|MISS)\b/.test(line));

const status = (run: BenchRun): string => {
  if (run.exitCode !== 0) return `failed (exit ${run.exitCode})`;
  const verdicts = verdictLines(run.stdout);
  if (verdicts.length === 0) return 'ran (no targets)';
  const missed = verdicts.filter((line) => /\bMISS\b/.test(line)).length;
  return missed === 0
    ? `all ${verdicts.length} targets met`
    : `${missed} of ${verdicts.length} targets missed`;
};

export function benchmarksMarkdown(
  runs: readonly BenchRun[],
  machine: Machine,
  date: Date,
): string {
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Written by `pnpm bench` (tooling/bench); rerun it to refresh. -->',
    '',
    `Measured on ${date.toISOString().slice(0, 10)} (${date.toISOString()}) on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}.`,
    'Every benchmark runs our code side by side with its baseline in the same run and states the',
    'ratio, so the verdicts hold on a noisy machine; absolute figures move with the machine.',
    '',
    '| Benchmark | Command | Result | Time |',
    '| --- | --- | --- | --- |',
    ...runs.map(
      (run) =>
        `| ${run.name} | \`${run.command}\` | ${status(run)} | ${Math.round(run.seconds)} s |`,
    ),
  ];
  for (const run of runs) {
    const verdicts = verdictLines(run.stdout);
    lines.push('', `## ${run.name}`, '', run.about, '');
    if (verdicts.length > 0) {
      lines.push('Targets:', '', ...verdicts.map((line) => `- \`${line}\``), '');
    }
    lines.push('```text', run.stdout.trimEnd() || '(no output)', '```');
  }
  return `${lines.join('\n')}\n`;
}
