/** The CLI's one writer for text (cli/terminal.ts): what a terminal would obey is shown escaped. */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { SERVE_LOGGER } from '../../cli/serve-command.js';
import { terminalSafe } from '../../cli/terminal.js';
import { renderTable } from '../../cli/text-table.js';

describe('terminalSafe', () => {
  it('escapes ESC and OSC sequences, C0 and C1 controls, DEL and bidirectional overrides; keeps newline, tab and Chinese', () => {
    expect(terminalSafe('\x1b]0;pwned\x07\x1b[2J')).toBe('\\x1b]0;pwned\\x07\\x1b[2J');
    expect(terminalSafe('a\rb\x00c\x7fd\x9be')).toBe('a\\x0db\\x00c\\x7fd\\x9be');
    expect(terminalSafe('admin\u202eexe.txt\u2066')).toBe('admin\\u202eexe.txt\\u2066');
    expect(terminalSafe('南京市\t得分\n第 1 名')).toBe('南京市\t得分\n第 1 名');
  });
  it('is idempotent: text escaped once is not escaped again', () => {
    const once = terminalSafe('\x1b[31m红\x1b[0m');
    expect(terminalSafe(once)).toBe(once);
  });
});

describe('renderTable', () => {
  it('measures cells after escaping them, so a hostile cell keeps the columns aligned', () => {
    const lines = renderTable(['编码 ID', '得分 Score'], [['\x1b[2J', '1'], ['abcdefgh', '2']], [false, true]).split('\n');
    expect(lines[2].startsWith('\\x1b[2J ')).toBe(true);
    // Both rows are ASCII once escaped: aligned columns make them the same length, scores in the last column.
    expect(lines[2].length).toBe(lines[3].length);
    expect(lines[2].endsWith(' 1') && lines[3].endsWith(' 2')).toBe(true);
  });
});

describe('the service log of kaohe serve', () => {
  it('escapes control characters that JSON leaves raw (C1, bidirectional overrides) in every line, which stays valid JSON', async () => {
    const lines: string[] = [];
    const app = Fastify({ logger: { ...SERVE_LOGGER, stream: { write: (line: string) => lines.push(line) } } });
    app.log.warn('id \x1b[2J \x9b31m \u202e');
    await app.close();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]).msg).toBe('id \x1b[2J \x9b31m \u202e');
    // oxlint-disable-next-line eslint/no-control-regex -- the test looks for control characters
    expect(lines[0]).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
  });
});
