/**
 * A progress bar on stderr for runs that take more than a moment: shown only on a terminal,
 * only after half a second, and erased when the run ends.
 */
const DELAY_MS = 500;
const WIDTH = 30;

export interface Progress {
  update(done: number, total: number): void;
  end(): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let shown = false;
  return {
    update(done, total) {
      if (!stream.isTTY || Date.now() - started < DELAY_MS) return;
      const filled = Math.round((WIDTH * done) / total);
      stream.write(`\r${label} ${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)} ${Math.round((100 * done) / total)}%`);
      shown = true;
    },
    end() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
