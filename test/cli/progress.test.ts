/**
 * The phases' progress lines (cli/progress.ts): on a terminal, the phase's label at once, a bar
 * with rows and rows/s once it has run half a second, and a closing line with its time and
 * rate; an abandoned phase leaves nothing; on anything but a terminal, nothing at all.
 */
import { describe, expect, it } from 'vitest';
import { phase, progressBar } from '../../cli/progress.js';

/** A stream that keeps what is written; `isTTY` as given. */
function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, text: '', write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('progress on a terminal', () => {
  it('shows the label, then a bar with rows/s, then the time taken and the rate', () => {
    const out = stream(true);
    let now = 1_000;
    const p = progressBar('评分 Scoring', out, () => now);
    expect(out.text).toBe('评分 Scoring …');
    now += 100;
    p.update(1, 4, 250_000);
    expect(out.text).toBe('评分 Scoring …'); // not before half a second
    now += 900;
    p.update(2, 4, 500_000);
    expect(out.text).toContain('50%  500,000 行 rows  500.0 k 行/秒 rows/s  1.0 s');
    now += 1_000;
    p.end(1_000_000);
    expect(out.text.endsWith('\r\x1b[2K评分 Scoring ✓ 2.0 s  1,000,000 行 rows  500.0 k 行/秒 rows/s\n')).toBe(true);
  });

  it('a phase without progress of its own (a reader) still says how long it took', async () => {
    const out = stream(true);
    const rows = await phase('读取 Reading', async () => ({ n: 42 }), (r) => r.n, out);
    expect(rows).toEqual({ n: 42 });
    // oxlint-disable-next-line eslint/no-control-regex -- the terminal's erase-line sequence is what the test looks for
    expect(out.text).toMatch(/^读取 Reading …\r\x1b\[2K读取 Reading ✓ \d+\.\d s {2}42 行 rows {2}[\d.]+ [kM]? ?行\/秒 rows\/s\n$/);
  });

  it('a phase that fails erases its line for the error that follows', async () => {
    const out = stream(true);
    await expect(phase('写出 Writing', async () => { throw new Error('disk full'); }, () => 0, out)).rejects.toThrow('disk full');
    expect(out.text).toBe('写出 Writing …\r\x1b[2K');
  });
});

describe('progress elsewhere', () => {
  it('prints nothing when stderr is a file or a pipe', async () => {
    const out = stream(false);
    let now = 0;
    const p = progressBar('评分 Scoring', out, () => now);
    now = 5_000;
    p.update(1, 2, 10);
    p.end(20);
    await phase('读取 Reading', async () => 1, () => 1, out);
    expect(out.text).toBe('');
  });
});
