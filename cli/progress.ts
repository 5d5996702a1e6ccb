/**
 * Progress on stderr for the phases of a run (reading, scoring, writing): a bar with rows/s
 * while a phase runs (after half a second), then one line saying how long it took. Shown only
 * when stderr is a terminal; a run whose stderr goes to a file or a pipe prints nothing here.
 *
 * A phase that reports no progress (a reader without a callback) is still shown: its label
 * when it starts and its time and rows/s when it ends.
 */
const DELAY_MS = 500;
const WIDTH = 30;

export interface Progress {
  /** `done` of `total` (rows, or bytes for a reader that knows only those); `rows`: rows done, when `done` isn't rows. */
  update(done: number, total: number, rows?: number): void;
  /** The phase is over, having handled `rows` rows (leave out for none known). */
  end(rows?: number): void;
  /** The phase failed: its line is erased, for the error to follow. */
  abandon(): void;
}

const rate = (rows: number, ms: number): string => {
  const perS = rows / Math.max(ms / 1000, 1e-3);
  return perS >= 1e6 ? `${(perS / 1e6).toFixed(2)} M` : perS >= 1e3 ? `${(perS / 1e3).toFixed(1)} k` : `${Math.round(perS)}`;
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** One phase's progress, labelled "中文 English". `now` is for tests. */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): Progress {
  const started = now();
  const tty = stream.isTTY === true;
  let lastRows = 0;
  if (tty) stream.write(`${label} …`);
  return {
    update(done, total, rows = done) {
      lastRows = rows;
      const ms = now() - started;
      if (!tty || ms < DELAY_MS || total <= 0) return;
      const share = Math.min(1, done / total);
      const filled = Math.round(WIDTH * share);
      stream.write(`\r\x1b[2K${label} ${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${Math.round(100 * share)}%  ${rows.toLocaleString('en-US')} 行 rows  ${rate(rows, ms)} 行/秒 rows/s  ${seconds(ms)}`);
    },
    end(rows = lastRows) {
      if (!tty) return;
      const ms = now() - started;
      const counted = rows > 0 ? `  ${rows.toLocaleString('en-US')} 行 rows  ${rate(rows, ms)} 行/秒 rows/s` : '';
      stream.write(`\r\x1b[2K${label} ✓ ${seconds(ms)}${counted}\n`);
    },
    abandon() {
      if (tty) stream.write('\r\x1b[2K');
    },
  };
}

/** Run one phase under its progress line: `rowsOf` says how many rows its result has. */
export async function phase<T>(label: string, work: (p: Progress) => Promise<T>, rowsOf: (t: T) => number, stream: NodeJS.WriteStream = process.stderr): Promise<T> {
  const p = progressBar(label, stream);
  try {
    const t = await work(p);
    p.end(rowsOf(t));
    return t;
  } catch (e) {
    p.abandon();
    throw e;
  }
}
