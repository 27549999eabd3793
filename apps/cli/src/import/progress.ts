/** The stream progress is drawn on: stderr, whose `isTTY` says whether it may redraw in place. */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** Files shorter than this finish too fast for a progress bar to help. */
export const PROGRESS_THRESHOLD = 10_000;
const BAR_WIDTH = 24;
const TTY_INTERVAL_MS = 100;
const PLAIN_STEP = 0.1;

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * One phase of a long import ("validating", "appending"): on a terminal, a bar redrawn in place;
 * elsewhere (a log file, CI), a plain line every tenth of the way, so logs stay readable.
 */
export class Progress {
  readonly #out: ProgressStream;
  readonly #label: string;
  readonly #unit: string;
  readonly #started = performance.now();
  #shown = false;
  #lastDraw = 0;
  #nextPlainStep = PLAIN_STEP;

  constructor(out: ProgressStream, label: string, unit = 'lines') {
    this.#out = out;
    this.#label = label;
    this.#unit = unit;
  }

  /** `lines` done so far; `fraction` of the whole (0..1). Silent below the threshold. */
  update(lines: number, fraction: number): void {
    if (lines < PROGRESS_THRESHOLD) return;
    const now = performance.now();
    if (this.#out.isTTY === true) {
      if (this.#shown && now - this.#lastDraw < TTY_INTERVAL_MS) return;
      this.#lastDraw = now;
      this.#shown = true;
      this.#out.write(`\r${this.#line(lines, fraction, now)}`);
      return;
    }
    if (fraction + 1e-9 < this.#nextPlainStep) return;
    while (this.#nextPlainStep <= fraction + 1e-9) this.#nextPlainStep += PLAIN_STEP;
    this.#shown = true;
    this.#out.write(`${this.#line(lines, fraction, now)}\n`);
  }

  /** Ends the phase early (a failure): a bar drawn on a terminal stays where it stopped. */
  stop(): void {
    if (this.#shown && this.#out.isTTY === true) this.#out.write('\n');
  }

  /** Ends the phase: the final state on its own line, if anything was shown. */
  done(lines: number): void {
    if (lines < PROGRESS_THRESHOLD) return;
    const line = this.#line(lines, 1, performance.now());
    this.#out.write(
      this.#out.isTTY === true ? `\r${line}\n` : this.#nextPlainStep <= 1 + 1e-9 ? `${line}\n` : '',
    );
  }

  #line(lines: number, fraction: number, now: number): string {
    const clamped = Math.min(1, Math.max(0, fraction));
    const seconds = Math.max((now - this.#started) / 1000, 1e-3);
    const rate = `${count(Math.round(lines / seconds))} ${this.#unit}/s`;
    const percent = `${Math.floor(clamped * 100)}%`.padStart(4);
    if (this.#out.isTTY !== true) {
      return `${this.#label}: ${count(lines)} ${this.#unit} (${percent.trim()}, ${rate})`;
    }
    const filled = Math.round(clamped * BAR_WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
    return `${this.#label} [${bar}] ${percent}  ${count(lines)} ${this.#unit}  ${rate}`;
  }
}
