/**
 * The results workbook (io/xlsx/results-workbook.ts), read back with exceljs and checked
 * against the engine's own results: ranking (rank order, rounded scores, grade colours, rank
 * change, peer-group ranks), one sheet per tree level, every indicator, every rule that fired
 * (against `explain`), formats, filters, frozen headers and colour scales; user text stays
 * text; tables longer than a sheet continue on the next; and a 200,000-entity write in a
 * 64 MB heap, which exceljs's in-memory writer cannot do.
 */
import { execFile } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, ENGINE_VERSION, evaluate, explain, roundHalfEven, type Results } from '../../engine/index.js';
import { LATEST_SEMANTICS } from '../../indicators/index.js';
import { loadSchemeFile, readCsvText, resultsCsv, writeResultsWorkbook, writeResultsWorkbookTo } from '../../io/index.js';
import { TableSheet } from '../../io/xlsx/table-sheet.js';
import { writeXlsxFile, xlsxBuffer } from '../../io/xlsx/xlsx-writer.js';
import { root } from '../cli-runner.js';
import { L, run, schemeWith } from '../helpers.js';
import { openWorkbook, rowValues, sheet, tableRows } from './xlsx-read.js';

const dir = mkdtempSync(join(tmpdir(), 'kaohe-results-xlsx-'));
let demo: Results;
let demoBook: ExcelJS.Workbook;
const previousRanks = new Map([['320100', 3], ['341800', 1], ['341100', 9]]);

beforeAll(async () => {
  const compiled = compile(await loadSchemeFile(join(root, 'templates/demo-green.yaml')));
  demo = evaluate(compiled, readCsvText(readFileSync(join(root, 'templates/demo-green.csv'), 'utf8'), compiled.plan));
  const path = join(dir, 'demo.xlsx');
  await writeResultsWorkbook(demo, path, { previousRanks });
  demoBook = await openWorkbook(path);
});

/** Entity indices in rank order (ties by entity order), unranked last: computed here with a plain sort. */
function byRank(r: Results): number[] {
  const rank = (i: number): number => (r.rank[i] === r.rank[i] ? r.rank[i] : Infinity);
  return Array.from({ length: r.frame.n }, (_, i) => i).sort((a, b) => rank(a) - rank(b) || a - b);
}

const rounded = (r: Results, v: number): number | null => (v === v ? roundHalfEven(v, r.plan.rounding.decimals) : null);

describe('results workbook: sheets', () => {
  it('has the ranking, a sheet per level with aggregates, the indicators, the rules and the run', () => {
    expect(demoBook.worksheets.filter((w) => w.state !== 'hidden').map((w) => w.name)).toEqual(['排名 Ranking', '第1层 Level 1', '指标得分 Indicators', '规则 Rules', '运行信息 Run']);
  });

  it('and, hidden before the run sheet, the results CSV\'s cells (for kaohe hash)', () => {
    expect(demoBook.worksheets.map((w) => [w.name, w.state])).toEqual([
      ['排名 Ranking', 'visible'], ['第1层 Level 1', 'visible'], ['指标得分 Indicators', 'visible'], ['规则 Rules', 'visible'], ['_results', 'hidden'], ['运行信息 Run', 'visible'],
    ]);
    const csv = resultsCsv(demo).trim().split('\n').map((l) => l.split(','));
    const width = csv[0].length;
    // Empty cells (missing numbers, no vetoes) read back as nothing: the CSV's empty fields.
    const rows = sheet(demoBook, '_results').getSheetValues().slice(1).map((r) => Array.from({ length: width }, (_, k) => String((r as unknown[])[k + 1] ?? '')));
    expect(rows).toEqual(csv);
  });

  it('every table has a bilingual header over its column keys, frozen, with an auto-filter', () => {
    for (const ws of demoBook.worksheets.slice(0, 4)) {
      const labels = rowValues(ws, 1) as string[];
      expect(labels.every((l) => /\n[A-Za-z]/.test(l)), ws.name).toBe(true);
      expect(ws.views[0], ws.name).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(ws.autoFilter, ws.name).toBe(`A2:${String.fromCharCode(64 + labels.length)}${ws.rowCount}`);
    }
  });

  it('names the scheme, version, plan hash, engine and semantics level on the run sheet', () => {
    const facts = Object.fromEntries([1, 2, 3, 4, 5, 6, 7, 8].map((r) => rowValues(sheet(demoBook, '运行信息 Run'), r, 2)));
    expect(facts).toMatchObject({
      '方案编号 Scheme id': 'demo-green', '版本 Version': '2025.1', '方案指纹 Plan hash': demo.planHash, '引擎 Engine': ENGINE_VERSION, '实体数 Entities': 9,
      '语义级别 Semantics level': LATEST_SEMANTICS,
    });
  });
});

describe('results workbook: ranking', () => {
  it('lists entities in rank order with the engine rank, score rounded half-to-even, grade and its colour', () => {
    const ws = sheet(demoBook, '排名 Ranking');
    const rows = tableRows(ws);
    const order = byRank(demo);
    expect(rows.map((r) => r.id)).toEqual(order.map((i) => demo.frame.ids[i]));
    order.forEach((i, k) => {
      const g = demo.grade[i];
      const grade = demo.plan.grades[g];
      expect(rows[k]).toMatchObject({
        rank: demo.rank[i], name: demo.frame.names![i], score: rounded(demo, demo.score[i]), grade: grade.label.zh, grade_id: grade.id,
        base: rounded(demo, demo.base[i]), deductions: rounded(demo, demo.deductions[i]), bonuses: rounded(demo, demo.bonuses[i]),
        province: demo.frame.dictionaries.get('province')![demo.frame.columns.get('province')![i]], rank_province: demo.groupRanks[0][i],
      });
      const cell = ws.getCell(3 + k, 5);
      expect(cell.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${grade.color!.slice(1).toUpperCase()}` } });
    });
  });

  it('gives the change of rank against the previous round (positive = up), empty for entities not in it', () => {
    const rows = tableRows(sheet(demoBook, '排名 Ranking'));
    for (const row of rows) {
      const before = previousRanks.get(row.id as string);
      expect(row.rank_change, String(row.id)).toBe(before === undefined ? null : before - (row.rank as number));
    }
    expect(rows.some((r) => (r.rank_change as number) > 0) && rows.some((r) => (r.rank_change as number) < 0)).toBe(true);
  });

  it('formats scores with the scheme decimals and colours them on a scale', () => {
    const ws = sheet(demoBook, '排名 Ranking');
    expect(ws.getCell('D3').numFmt).toBe('0.00');
    expect(ws.getCell('G3').numFmt).toBe('+0;-0;0');
    const scales = (ws as unknown as { conditionalFormattings: { ref: string; rules: { type: string }[] }[] }).conditionalFormattings;
    expect(scales).toEqual([{ ref: `D3:D${2 + demo.frame.n}`, rules: [expect.objectContaining({ type: 'colorScale' })] }]);
  });
});

describe('results workbook: a scheme ranking the lowest score first', () => {
  type Scale = { ref: string; rules: { type: string; color: { argb: string }[] }[] };
  const scalesOf = (ws: ExcelJS.Worksheet): Scale[] => (ws as unknown as { conditionalFormattings: Scale[] }).conditionalFormattings;
  const [RED, YELLOW, GREEN] = ['FFF8696B', 'FFFFEB84', 'FF63BE7B'];

  it('colours low scores green (and the demo high ones), lists rank 1 (the lowest) first', async () => {
    const compiled = compile(await loadSchemeFile(join(root, 'templates/xinan-compensation/scheme.yaml')));
    const r = evaluate(compiled, readCsvText(readFileSync(join(root, 'templates/xinan-compensation/2025.csv'), 'utf8'), compiled.plan));
    const path = join(dir, 'xinan.xlsx');
    await writeResultsWorkbook(r, path);
    const book = await openWorkbook(path);
    const ranking = sheet(book, '排名 Ranking');
    const rows = tableRows(ranking);
    expect(rows[0].rank).toBe(1);
    expect(rows[0].score).toBe(rounded(r, Math.min(...r.score)));
    for (const ws of [ranking, sheet(book, '指标得分 Indicators')]) {
      const scales = scalesOf(ws);
      expect(scales.length, ws.name).toBeGreaterThan(0);
      for (const sc of scales) expect(sc.rules[0].color.map((c) => c.argb), ws.name).toEqual([GREEN, YELLOW, RED]);
    }
    expect(scalesOf(sheet(demoBook, '排名 Ranking'))[0].rules[0].color.map((c) => c.argb)).toEqual([RED, YELLOW, GREEN]);
  });
});

describe('results workbook: scores by level and indicator', () => {
  it('has every level-1 node and every indicator, rounded, in rank order', () => {
    const order = byRank(demo);
    for (const [name, nodes] of [
      ['第1层 Level 1', demo.plan.nodes.flatMap((n, j) => (n.depth === 1 ? [j] : []))],
      ['指标得分 Indicators', demo.plan.nodes.flatMap((n, j) => (n.kind === 'indicator' ? [j] : []))],
    ] as const) {
      const ws = sheet(demoBook, name);
      expect((rowValues(ws, 2) as string[]).slice(3)).toEqual(nodes.map((j) => demo.plan.nodes[j].id));
      const rows = tableRows(ws);
      order.forEach((i, k) => {
        expect(rows[k].id).toBe(demo.frame.ids[i]);
        for (const j of nodes) expect(rows[k][demo.plan.nodes[j].id], `${name} ${demo.frame.ids[i]} ${demo.plan.nodes[j].id}`).toBe(rounded(demo, demo.nodeScores[j][i]));
      });
      const scales = (ws as unknown as { conditionalFormattings: unknown[] }).conditionalFormattings;
      expect(scales).toHaveLength(nodes.length);
    }
  });
});

describe('results workbook: rules that fired', () => {
  it('lists exactly the rules explain() reports for each entity, with signed points and why', () => {
    const rows = tableRows(sheet(demoBook, '规则 Rules'));
    const expected = byRank(demo).flatMap((i) => explain(demo, demo.frame.ids[i])!.fired.map((f) => ({
      id: demo.frame.ids[i], rule: f.id, label: f.label.zh,
      points: f.points === undefined ? null : rounded(demo, f.kind === 'deduction' ? -f.points : f.points),
    })));
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => ({ id: r.id, rule: r.rule, label: r.label, points: r.points }))).toEqual(expected);
    const incident = rows.find((r) => r.rule === 'incident')!;
    expect(incident.kind).toBe('扣分 Deduction');
    expect(incident.why).toMatch(/较大及以上突发环境事件次数（incidents）= [12]/);
    expect(rows.find((r) => r.rule === 'serious_incident')!.why).toMatch(/等级最高为 grade at most「良好 Good」/);
  });
});

describe('results workbook: edge cases', () => {
  const csv = [
    'id,name,a',
    '=1+1,"=HYPERLINK(""http://example.com"",""x"")",5',
    '+1,@SUM(A1),5',
    '-2,-3,NA',
    '@x,普通,-4.0625',
  ].join('\n');
  const scheme = schemeWith(['a'], {
    rounding: { decimals: 3 },
    grades: [{ id: 'hi', label: L('High'), min: 0, color: '#fff59d' }, { id: 'lo', label: L('Low'), max: 0 }],
    adjustments: { rules: [{ id: 'plus', kind: 'bonus', label: L('Plus'), points: '1', when: 'a > 4' }] },
  });

  it('keeps ids and names that look like formulas as text, ties in entity order, unranked last, negatives as numbers', async () => {
    const r = run(scheme, csv);
    const path = join(dir, 'edge.xlsx');
    await writeResultsWorkbook(r, path);
    const ws = sheet(await openWorkbook(path), '排名 Ranking');
    const rows = tableRows(ws);
    expect(rows.map((row) => [row.rank, row.id, row.name, row.score, row.grade_id])).toEqual([
      [1, '=1+1', '=HYPERLINK("http://example.com","x")', 6, 'hi'],
      [1, '+1', '@SUM(A1)', 6, 'hi'],
      [3, '@x', '普通', -4.062, 'lo'], // -4.0625 is a tie: half to even
      [null, '-2', '-3', null, null],
    ]);
    for (let r = 3; r <= 6; r++) {
      for (const c of [2, 3]) expect(ws.getCell(r, c).type).toBe(ExcelJS.ValueType.String);
    }
    expect(ws.getCell('D3').numFmt).toBe('0.000');
    expect(ws.getCell('E3').font?.color?.argb).toBe('FF000000'); // dark text on a light grade colour
    expect(ws.getCell('E5').fill?.type ?? 'none').not.toBe('pattern'); // a grade without colour stays plain
    const rules = tableRows(sheet(await openWorkbook(path), '规则 Rules'));
    expect(rules.map((x) => [x.id, x.rule, x.points])).toEqual([['=1+1', 'plus', 1], ['+1', 'plus', 1]]);
  });

  it('uses a whole-number format when the scheme rounds to 0 decimals', async () => {
    const r = run(schemeWith(['a'], { rounding: { decimals: 0 } }), 'id,a\nx,2.5\ny,3.5\n');
    const path = join(dir, 'int.xlsx');
    await writeResultsWorkbook(r, path);
    const ws = sheet(await openWorkbook(path), '排名 Ranking');
    expect(ws.getCell('D3').numFmt).toBe('0');
    expect(tableRows(ws).map((row) => row.score)).toEqual([4, 2]); // half to even: 3.5 → 4, 2.5 → 2
  });

  it('continues a table longer than a sheet on NAME (2), NAME (3), each with its header', async () => {
    const bytes = await xlsxBuffer(async (wb) => {
      const t = new TableSheet(wb, 'T', [{ key: 'n', label: L('N'), width: 8 }], 0, 5);
      for (let n = 1; n <= 7; n++) await t.add([n]);
      await t.finish();
    });
    const wb = await openWorkbook(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['T', 'T (2)', 'T (3)']);
    expect(wb.worksheets.map((w) => tableRows(w).map((r) => r.n))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('a write that fails half-way leaves no file, not even a temporary one', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kaohe-results-half-'));
    const failing = writeXlsxFile(join(d, 'x.xlsx'), async (wb) => {
      const t = new TableSheet(wb, 'T', [{ key: 'n', label: L('N'), width: 8 }], 0);
      for (let n = 1; n <= 2500; n++) await t.add([n]);
      throw new Error('disk full (simulated)');
    });
    await expect(failing).rejects.toThrow('disk full (simulated)');
    expect(readdirSync(d)).toEqual([]);
  });

  it('a download given up half-way fails the write instead of leaving it waiting', async () => {
    const out = new PassThrough();
    let bytes = 0;
    out.on('data', (c: Buffer) => { bytes += c.length; if (bytes > 100_000) out.destroy(); });
    const r = run(schemeWith(['a']), `id,a\n${Array.from({ length: 50_000 }, (_, i) => `e${i},${(i * 7919) % 1000}`).join('\n')}\n`);
    await expect(writeResultsWorkbookTo(r, out)).rejects.toThrow(/closed before the zip was written/);
  }, 60_000);

  it('fails on a path it cannot write, leaving nothing behind', async () => {
    const d = mkdtempSync(join(tmpdir(), 'kaohe-results-bad-'));
    await expect(writeResultsWorkbook(demo, join(d, 'missing', 'x.xlsx'))).rejects.toThrow(/ENOENT/);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('results workbook: streaming', () => {
  /** Count `<row ` elements of one sheet by streaming it out of the zip. */
  function countRows(path: string, entry: string): Promise<number> {
    return new Promise((resolve, reject) => {
      yauzl.open(path, { lazyEntries: true }, (err, zip) => {
        if (err) return reject(err);
        zip.on('entry', (e: yauzl.Entry) => {
          if (e.fileName.replace(/^\//, '') !== entry) return zip.readEntry();
          zip.openReadStream(e, (err2, stream) => {
            if (err2) return reject(err2);
            let count = 0;
            let tail = ''; // shorter than '<row ', so no match is counted twice
            stream.on('data', (chunk: Buffer) => {
              const text = tail + chunk.toString('latin1');
              count += text.split('<row ').length - 1;
              tail = text.slice(-4);
            });
            stream.on('end', () => { zip.close(); resolve(count); });
          });
        });
        zip.on('end', () => reject(new Error(`no ${entry}`)));
        zip.readEntry();
      });
    });
  }

  it('writes 200,000 entities within a 64 MB heap (the in-memory writer runs out of memory there)', async () => {
    const dist = join(root, 'dist/io/index.js');
    expect(existsSync(dist), 'dist/ is missing: run `npm run build` (npm test does it first)').toBe(true);
    const out = join(dir, 'big.xlsx');
    const script = `
      import { compile, evaluate } from ${JSON.stringify(join(root, 'dist/engine/index.js'))};
      import { parseSchemeObject } from ${JSON.stringify(join(root, 'dist/indicators/index.js'))};
      import { writeResultsWorkbook } from ${JSON.stringify(dist)};
      const n = 200000, L = (en) => ({ zh: en, en });
      const c = compile(parseSchemeObject({ id: 'big', version: '1', name: L('Big'), subject: 'region',
        inputs: [{ id: 'a', label: L('a') }, { id: 'b', label: L('b') }],
        tree: { id: 'root', label: L('Root'), children: ['a', 'b'].map((x) => ({ id: 'n_' + x, input: x, label: L(x), normalise: { method: 'minmax' } })) },
        grades: [{ id: 'hi', label: L('High'), min: 50, color: '#2e7d32' }, { id: 'lo', label: L('Low'), max: 50 }] }));
      const a = new Float64Array(n), b = new Float64Array(n);
      for (let i = 0; i < n; i++) { a[i] = (i * 7919) % 1000; b[i] = (i * 104729) % 997; }
      const frame = { n, ids: Array.from({ length: n }, (_, i) => 'E' + i), names: null, columns: new Map([['a', a], ['b', b]]), dictionaries: new Map() };
      await writeResultsWorkbook(evaluate(c, frame), ${JSON.stringify(out)});
    `;
    // Asynchronously: the test runner's own messages must go on while the child works.
    const r = await promisify(execFile)(process.execPath, ['--max-old-space-size=64', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(await countRows(out, 'xl/worksheets/sheet1.xml')).toBe(200_002);
  }, 120_000);
});
