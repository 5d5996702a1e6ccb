/**
 * The byte reader (io/csv-bytes.ts) against the general path (csv-parse's rows of strings, each
 * cell read by io/cells.ts): on seeded random files full of what people and tools write —
 * lenient numbers, percent signs, full-width digits, missing markers, quotes, blank rows, CRLF,
 * a BOM, malformed quoting, ragged rows — both give the same frame to the bit, or the same
 * problems, word for word.
 */
import { describe, expect, it } from 'vitest';
import { compile, type Frame, type ScoringPlan } from '../../engine/index.js';
import { KaoheError, parseSchemeObject } from '../../indicators/index.js';
import { eachCsvRecord, readCsvFile, readCsvText, Rng, type CsvReadOptions } from '../../io/index.js';
import { readCsvBytes } from '../../io/csv-bytes.js';
import { CsvFrameReader } from '../../io/csv-input.js';
import { L } from '../helpers.js';

function planOf(missingValues?: string[]): ScoringPlan {
  return compile(parseSchemeObject({
    id: 'bytes', version: '1', name: L('Bytes'), subject: 'region',
    ...(missingValues ? { missingValues } : {}),
    attributes: [
      { id: 'province', label: L('province'), categories: ['江苏', '安徽'] },
      { id: 'kind', label: L('kind') },
    ],
    inputs: [
      { id: 'cover', label: { zh: '森林覆盖率', en: 'forest cover' }, unit: '%', range: [0, 100], required: true },
      { id: 'gdp', label: L('gdp'), unit: '亿元', range: [-50, null] },
      { id: 'fraud', label: L('fraud'), type: 'boolean' },
      { id: 'opened', label: L('opened'), type: 'date' },
    ],
    tree: { id: 'root', label: L('Root'), children: [{ id: 'f', input: 'cover', label: L('f'), normalise: { method: 'none' } }] },
  })).plan;
}

const NUMBERS = ['12.5', '0', '-0', '100', '100.0', '100.01', '-3', '+4', '.5', '5.', '007', '45%', '45 %', '４５．５', '12,345.6', '1,2345', '45,5',
  '1e3', '1E-2', ' 7 ', '\u30008', 'NA', '—', '/', '无', '-', '.', '', '', '', '12345678901234567', '0.1234567890123456', '999999999999999', 'abc', '"quoted"', '1.5.2', '−2'];
const BOOLEANS = ['1', '0', '是', '否', 'true', 'FALSE', 'yes', '2', '', 'NA', ' 1'];
const DATES = ['2024-02-29', '2023-02-29', '2024-13-01', '0999-01-01', '1970-01-01', '2024-1-1', '２０２４-01-01', '', '2024-04-31', '9999-12-31'];
const PROVINCES = ['江苏', '安徽', '浙江', '', 'NA'];
const KINDS = ['a', 'b', 'c,d', 'say "hi"', '', ' x '];

function quote(cell: string, rng: Rng): string {
  if (cell.includes('"')) return `"${cell.replaceAll('"', '""')}"`;
  if (cell.includes(',') || rng.uniform() < 0.1) return `"${cell}"`;
  return cell;
}

function pick<T>(list: readonly T[], rng: Rng): T {
  return list[Math.floor(rng.uniform() * list.length)];
}

/** A random file: mostly well-formed, now and then with one of the shapes or faults that send it to the general path. */
function randomCsv(rng: Rng): string {
  const columns = ['id', 'name', 'province', 'kind', 'cover', 'gdp', 'fraud', 'opened'].filter((c, i) => i < 2 || c === 'cover' || rng.uniform() < 0.8);
  if (rng.uniform() < 0.3) columns.reverse();
  const values: Record<string, readonly string[]> = {
    name: ['南京市', '常州市', '', ' 苏州 '], province: PROVINCES, kind: KINDS, cover: NUMBERS, gdp: NUMBERS, fraud: BOOLEANS, opened: DATES,
  };
  const eol = rng.uniform() < 0.2 ? '\r\n' : '\n';
  const lines = [columns.join(',')];
  const rows = 1 + Math.floor(rng.uniform() * 12);
  for (let r = 0; r < rows; r++) {
    const u = rng.uniform();
    if (u < 0.05) lines.push('');
    else if (u < 0.1) lines.push(columns.map(() => (rng.uniform() < 0.5 ? '' : ' ')).join(','));
    else {
      const id = rng.uniform() < 0.05 ? '' : rng.uniform() < 0.1 ? 'dup' : `e${r}`;
      lines.push(columns.map((c) => (c === 'id' ? id : quote(pick(values[c], rng), rng))).join(','));
    }
  }
  let text = lines.join(eol) + (rng.uniform() < 0.8 ? eol : '');
  const fault = rng.uniform();
  if (fault < 0.03) text = text.replace(',', ',"open');
  else if (fault < 0.06) text = `${text}x,"a\nb"${eol}`;
  else if (fault < 0.09) text = text.replace(eol, eol === '\n' ? '\r\n' : '\n');
  else if (fault < 0.12) text = `${text}a,b${eol}`;
  else if (fault < 0.15) text = text.replace('e0', 'e"0');
  else if (fault < 0.18) text = `\uFEFF${text}`;
  else if (fault < 0.2) text = `\uFEFF\uFEFF${text}`;
  else if (fault < 0.22) text = text.replace(eol, '\r');
  return text;
}

type Outcome = { frame: Frame } | { problems: unknown };

function outcome(read: () => Frame): Outcome {
  try {
    return { frame: read() };
  } catch (e) {
    if (e instanceof KaoheError) return { problems: e.problems };
    throw e;
  }
}

function generalPath(text: string, plan: ScoringPlan, options: CsvReadOptions): Frame {
  const reader = new CsvFrameReader(plan, 'data.csv', { ...options, caps: { maxRows: Infinity, maxEmptyRows: Infinity, ...options.caps } });
  eachCsvRecord(text, 'data.csv', (record, line) => reader.record(record, line));
  return reader.finish().frame;
}

/** The frame as plain values, -0 and NaN kept apart from 0 (toEqual tells -0 from 0 with Object.is). */
function plain(o: Outcome): unknown {
  if (!('frame' in o)) return o;
  const { n, ids, names, columns, dictionaries } = o.frame;
  return { n, ids, names, columns: [...columns].map(([k, c]) => [k, Array.from(c)]), dictionaries: [...dictionaries] };
}

describe('the byte reader', () => {
  for (const [label, plan] of [['plain', planOf()], ['with missingValues', planOf(['—', '/', '无', '-'])]] as const) {
    it(`reads every random file as the general path does (${label})`, () => {
      const rng = new Rng(label.length);
      let fast = 0;
      let refused = 0;
      for (let i = 0; i < 1500; i++) {
        const text = randomCsv(rng);
        const options: CsvReadOptions = rng.uniform() < 0.3 ? { blankRows: true } : rng.uniform() < 0.2 ? { caps: { maxCellChars: 3 } } : {};
        const expected = plain(outcome(() => generalPath(text, plan, options)));
        expect(plain(outcome(() => readCsvText(text, plan, 'data.csv', options))), text).toEqual(expected);
        const reader = new CsvFrameReader(plan, 'data.csv', { ...options, caps: { maxRows: Infinity, maxEmptyRows: Infinity, ...options.caps } });
        try {
          if (readCsvBytes(Buffer.from(text), reader)) fast++;
        } catch (e) {
          if (!(e instanceof KaoheError)) throw e;
          fast++;
        }
        if ('problems' in (expected as object)) refused++;
      }
      // Most files take the byte path, and both good and bad files are among them.
      expect(fast).toBeGreaterThan(1000);
      expect(refused).toBeGreaterThan(300);
    });
  }

  it('reads rows wider than its first cell buffers (64 cells) as the general path does', () => {
    for (const width of [63, 64, 65, 200, 1999]) {
      const inputs = Array.from({ length: width }, (_, i) => `x${i}`);
      const plan = compile(parseSchemeObject({
        id: 'wide', version: '1', name: L('wide'), subject: 'region',
        inputs: inputs.map((id) => ({ id, label: L(id), type: 'number' })),
        tree: { id: 'root', label: L('root'), children: inputs.map((id) => ({ id: `n${id}`, input: id, label: L(id), normalise: { method: 'none' } })) },
      })).plan;
      const csv = `id,${inputs.join(',')}\n${['e1', 'e2', 'e3'].map((id, r) => `${id},${inputs.map((_, i) => String((i * 7 + r) % 10)).join(',')}`).join('\n')}\n`;
      const frame = readCsvText(csv, plan);
      expect(frame.ids, `${width} columns`).toEqual(['e1', 'e2', 'e3']);
      expect(plain({ frame }), `${width} columns`).toEqual(plain(outcome(() => generalPath(csv, plan, {}))));
    }
  });

  it('reads a plain number as Number() does, to the bit', () => {
    const plan = planOf();
    const rng = new Rng(7);
    const cells: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(rng.uniform() * 15);
      let s = '';
      for (let d = 0; d < digits; d++) s += Math.floor(rng.uniform() * 10);
      const point = Math.floor(rng.uniform() * (digits + 1));
      cells.push(point === digits ? s : `${s.slice(0, point)}.${s.slice(point)}`);
    }
    const csv = `id,cover,gdp\n${cells.map((c, i) => `e${i},1,${c}`).join('\n')}\n`;
    const column = readCsvText(csv, plan).columns.get('gdp')!;
    cells.forEach((c, i) => expect(Object.is(column[i], Number(c)), c).toBe(true));
  });

  it('tells the progress callback the rows and bytes read, ending with the whole file', () => {
    const plan = planOf();
    const rows = 70_000;
    const csv = Buffer.from(`id,cover\n${Array.from({ length: rows }, (_, i) => `e${i},${i % 100}`).join('\n')}\n`);
    const seen: [number, number][] = [];
    readCsvFile(csv, plan, 'data.csv', { onProgress: (r, b) => seen.push([r, b]) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toEqual([rows, csv.length]);
    for (let i = 1; i < seen.length; i++) expect(seen[i][0] > seen[i - 1][0] && seen[i][1] > seen[i - 1][1]).toBe(true);
  });
});
