/**
 * The results CSV never hands a spreadsheet a formula: a text cell starting with =, +, -, @,
 * tab or carriage return is prefixed with ' (and quoted when it needs quotes); numbers,
 * negative ones included, stay numbers.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { numberCell, resultsCsv, textCell } from '../../io/index.js';
import { run, schemeWith } from '../helpers.js';

describe('CSV formula neutralisation', () => {
  it('prefixes text that starts with = + - @ tab or CR, and only that', () => {
    expect(textCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(textCell('+86')).toBe("'+86");
    expect(textCell('-2')).toBe("'-2");
    expect(textCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(textCell('\t=1')).toBe("'\t=1");
    expect(textCell('\r=1')).toBe(`"'\r=1"`);
    for (const plain of ['南京市', 'a=b', '1+1', 'x-y', 'me@example.com', ' =1', '']) expect(textCell(plain)).toBe(plain);
  });

  it('quotes what needs quotes after the prefix', () => {
    expect(textCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(textCell('a,b')).toBe('"a,b"');
    expect(textCell('a\nb')).toBe('"a\nb"');
  });

  it('leaves numbers as numbers, negative ones too', () => {
    expect(numberCell(-4.5)).toBe('-4.5');
    expect(numberCell(-0)).toBe('0');
    expect(numberCell(NaN)).toBe('');
  });

  it('in a results file: hostile ids are neutralised, a negative score stays a number', () => {
    const csv = 'id,a\n"=HYPERLINK(""http://x"")",-3\n+1,2\n@x,1\n-5,0\n';
    const rows = parse(resultsCsv(run(schemeWith(['a']), csv)), { columns: true }) as Record<string, string>[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(["'+1", "'-5", "'=HYPERLINK(\"http://x\")", "'@x"]);
    expect(byId.get("'=HYPERLINK(\"http://x\")")!.score).toBe('-3');
    expect(byId.get("'=HYPERLINK(\"http://x\")")!.n_a).toBe('-3');
  });
});
