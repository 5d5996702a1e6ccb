/**
 * Schemes as sheets: YAML → framework workbook → scheme is lossless for every built-in template
 * and for a scheme using every option of the language; the YAML written back loads to the same
 * scheme; export refuses what the layout can't hold; import accepts what people really type and
 * names the sheet and cell of every problem.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/index.js';
import { indicatorNodeSchema, aggregateNodeSchema, inputSchema, KaoheError, loadSchemeText, parseSchemeObject, validitySchema, type Problem, type Scheme } from '../../indicators/index.js';
import { readSchemeWorkbookBuffer, readSchemeWorkbookFile, schemeToSheets, schemeToWorkbook, schemeToYaml } from '../../io/index.js';
import { readSheetsBuffer } from '../../io/scheme-sheets/read-sheets.js';
import { FRAMEWORK, SCHEME_SHEET, TABLES, sheetName } from '../../io/scheme-sheets/layout.js';
import { root } from '../cli-runner.js';
import { everyOptionScheme } from './scheme-sheets-fixture.js';

/** Every scheme under templates/ (templates/uncertainty/ holds uncertainty specs, not schemes). */
function templateFiles(dir = join(root, 'templates')): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (p === join(root, 'templates', 'uncertainty')) return [];
    if (statSync(p).isDirectory()) return templateFiles(p);
    return p.endsWith('.yaml') ? [p] : [];
  });
}

const demo = (): Scheme => loadSchemeText(readFileSync(join(root, 'templates/demo-green.yaml'), 'utf8'));

async function roundTrip(scheme: Scheme): Promise<Scheme> {
  return readSchemeWorkbookBuffer(await schemeToWorkbook(scheme));
}

describe('lossless: YAML → workbook → scheme', () => {
  const files = templateFiles();
  it('finds the built-in templates', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });
  for (const file of files) {
    it(`${relative(root, file)}: the same scheme and the same plan hash`, async () => {
      const scheme = loadSchemeText(readFileSync(file, 'utf8'));
      const back = await roundTrip(scheme);
      expect(back).toEqual(scheme);
      expect(compile(back).hash).toBe(compile(scheme).hash);
    });
  }

  it('a scheme using every option of the language comes back the same', async () => {
    const scheme = parseSchemeObject(everyOptionScheme());
    const back = await roundTrip(scheme);
    expect(back).toEqual(scheme);
    expect(compile(back).hash).toBe(compile(scheme).hash);
  });

  it('that scheme really uses every method the language has, and fills every column of the workbook', () => {
    const scheme = parseSchemeObject(everyOptionScheme());
    const used = { normalise: new Set<string>(), missing: new Set<string>(), outliers: new Set<string>(), aggregate: new Set<string>() };
    const walk = (n: Record<string, unknown>): void => {
      for (const k of ['normalise', 'missing', 'outliers', 'aggregate'] as const) {
        const r = n[k];
        if (r !== undefined) used[k].add(typeof r === 'string' ? r : (r as { method: string }).method);
      }
      for (const c of (n.children as Record<string, unknown>[] | undefined) ?? []) walk(c);
    };
    walk(scheme.tree as unknown as Record<string, unknown>);
    // The language's own lists, read from its zod schemas.
    type Def = { type: string; innerType?: unknown; out?: unknown; options?: unknown[]; shape?: Record<string, unknown>; values?: unknown[]; entries?: Record<string, string> };
    const def = (s: unknown): Def => (s as { def: Def }).def;
    const methods = (s: unknown): string[] => {
      const d = def(s);
      if (d.type === 'default' || d.type === 'optional') return methods(d.innerType);
      if (d.type === 'pipe') return methods(d.out);
      if (d.type === 'union') return d.options!.flatMap(methods);
      if (d.type === 'object') return methods(d.shape!.method);
      if (d.type === 'literal') return d.values!.map(String);
      if (d.type === 'enum') return Object.values(d.entries!);
      return [];
    };
    expect([...used.normalise].sort()).toEqual(methods(indicatorNodeSchema.shape.normalise).sort());
    expect([...used.missing].sort()).toEqual(methods(indicatorNodeSchema.shape.missing).sort());
    expect([...used.outliers].sort()).toEqual(methods(indicatorNodeSchema.shape.outliers).sort());
    expect([...used.aggregate].sort()).toEqual(methods(aggregateNodeSchema.shape.aggregate).sort());
    expect(new Set(scheme.inputs.map((i) => i.type))).toEqual(new Set(methods(inputSchema.shape.type)));
    expect(new Set(scheme.records.flatMap((r) => (r.validity ? Object.keys(r.validity) : [])))).toEqual(new Set(def(validitySchema).options!.flatMap((o) => Object.keys(def(o).shape!))));

    const sheets = schemeToSheets(scheme);
    const byName = new Map(sheets.map((s) => [s.name, s]));
    for (const t of TABLES) {
      const rows = byName.get(sheetName(t.name))!.rows.slice(1);
      t.columns.forEach((c, k) => {
        expect(rows.some((r) => r[k] !== null && r[k] !== undefined), `${sheetName(t.name)}: ${c.header.en}`).toBe(true);
      });
    }
    const fields = byName.get(sheetName(SCHEME_SHEET.name))!.rows.slice(1);
    expect(fields.filter((r) => r[1] === null).map((r) => r[0])).toEqual([]);
  });

  it('workbook → YAML text → workbook is stable, cell for cell', async () => {
    for (const scheme of [demo(), parseSchemeObject(everyOptionScheme())]) {
      const first = await schemeToWorkbook(scheme);
      const yaml = schemeToYaml(await readSchemeWorkbookBuffer(first), { source: 'first.xlsx' });
      const second = await schemeToWorkbook(loadSchemeText(yaml));
      expect(await readSheetsBuffer(second)).toEqual(await readSheetsBuffer(first));
    }
  });

  it('ranking lowest first (ranking.order: ascending) goes to its cell and back, in the workbook and in the YAML', async () => {
    const scheme = loadSchemeText(readFileSync(join(root, 'templates/xinan-compensation/scheme.yaml'), 'utf8'));
    expect(scheme.ranking.order).toBe('ascending');
    const rows = schemeToSheets(scheme).find((t) => t.name === sheetName(SCHEME_SHEET.name))!.rows;
    expect(rows.find((r) => String(r[0]).startsWith('排名方向'))?.[1]).toBe('ascending');
    const back = await roundTrip(scheme);
    expect(back.ranking).toEqual({ on: 'exact', groups: [], order: 'ascending' });
    const yaml = schemeToYaml(back);
    expect(yaml).toMatch(/^ranking: \{ order: ascending \}$/m);
    expect(compile(loadSchemeText(yaml)).hash).toBe(compile(scheme).hash);
    // Descending is the default: left out of the YAML, as before the option existed.
    expect(schemeToYaml(await roundTrip(demo()))).not.toMatch(/order:/);
  });

  it('the YAML is readable: a header comment, defaults left out, and it loads to the same scheme', async () => {
    const scheme = demo();
    const yaml = schemeToYaml(await roundTrip(scheme), { source: 'framework.xlsx' });
    expect(yaml.split('\n')[0]).toMatch(/^# 由 Excel 指标体系工作簿转换而来.*framework\.xlsx$/);
    expect(yaml).toContain('Converted from a framework workbook');
    expect(loadSchemeText(yaml)).toEqual(scheme);
    // The demo never says `direction: higher` or `outliers: none`; neither does the output.
    expect(yaml).not.toMatch(/direction: higher|outliers:|threshold: 0\b/);
  });
});

describe('the workbook an office edits', () => {
  it('has the sheets in order, bilingual frozen headers, drop-downs, text columns, colours and indentation', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await schemeToWorkbook(demo())) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([sheetName(SCHEME_SHEET.name), ...TABLES.map((t) => sheetName(t.name)), '说明 Guide']);
    const fw = wb.getWorksheet(sheetName(FRAMEWORK.name))!;
    expect(fw.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const headers = (fw.getRow(1).values as unknown[]).slice(1) as string[];
    expect(headers).toEqual(FRAMEWORK.columns.map((c) => `${c.header.zh}\n${c.header.en}`));
    const col = (zh: string): number => headers.findIndex((h) => h.split('\n')[0] === zh) + 1;
    const rowOf = (code: string): number => {
      for (let r = 2; r <= fw.rowCount; r++) if (fw.getCell(r, col('编码')).value === code) return r;
      throw new Error(`no row ${code}`);
    };
    // The tree reads as an outline: the root at level 1, a category's name indented once, aggregates bold.
    expect(fw.getCell(rowOf('GDI'), col('层级')).value).toBe(1);
    expect(fw.getCell(rowOf('resources'), col('中文名称')).alignment?.indent).toBe(1);
    expect(fw.getCell(rowOf('energy'), col('中文名称')).alignment?.indent).toBe(2);
    expect(fw.getCell(rowOf('resources'), col('编码')).font?.bold).toBe(true);
    expect(fw.getCell(rowOf('energy'), col('上级编码')).value).toBe('resources');
    // Drop-downs come from the language; text columns are formatted as text.
    const dv = (fw as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } }).dataValidations.model;
    const letter = String.fromCharCode(64 + col('方向'));
    // Also below the data, for rows the office adds.
    expect(dv[`${letter}2`]?.formulae).toEqual(['"higher,lower"']);
    expect(dv[`${letter}${fw.rowCount + 100}`]?.formulae).toEqual(['"higher,lower"']);
    expect(fw.getCell(rowOf('energy'), col('适用条件')).numFmt).toBe('@');
    const grades = wb.getWorksheet('等级 Grades')!;
    const colour = grades.getCell(2, 6);
    expect(colour.value).toBe('#2e7d32');
    expect(colour.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF2E7D32' } });
    const scheme = wb.getWorksheet(sheetName(SCHEME_SHEET.name))!;
    expect(scheme.getCell('A3').value).toBe('版本 Version');
    expect(scheme.getCell('B3').value).toBe('2025.1');
  });
});

describe('export refuses what the layout cannot hold', () => {
  it('names a top-level part of the scheme it has no sheet for, and writes nothing', async () => {
    const grown = { ...demo(), assessmentCalendar: [{ round: 'H1' }] } as unknown as Scheme;
    const e = await schemeToWorkbook(grown).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(KaoheError);
    expect((e as KaoheError).problems.map((p) => p.where)).toEqual(['assessmentCalendar']);
    expect((e as KaoheError).problems[0].en).toMatch(/no sheet or column/);
  });

  it('names a field deeper down that no column holds', () => {
    const scheme = demo();
    const energy = (scheme.tree as unknown as { children: { children: Record<string, unknown>[] }[] }).children[0].children[0];
    energy.target2030 = 0.25;
    (scheme.inputs[0] as Record<string, unknown>).source = 'NBS';
    const e = (() => {
      try {
        schemeToSheets(scheme);
      } catch (x) {
        return x;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(KaoheError);
    expect((e as KaoheError).problems.map((p) => p.where).sort()).toEqual(['inputs[0].source', 'tree.children[0].children[0].target2030']);
  });

  it('a parameter the columns do not name goes to the other-parameters cell rather than being lost', async () => {
    const scheme = demo();
    const energy = (scheme.tree as { children: { children: { normalise: Record<string, unknown> }[] }[] }).children[0].children[0];
    energy.normalise = { method: 'zscore', mean: 70, sd: 12.5 };
    const sheets = schemeToSheets(scheme);
    const fw = sheets.find((s) => s.name === sheetName(FRAMEWORK.name))!;
    const k = FRAMEWORK.columns.findIndex((c) => c.rest && c.path?.[0] === 'normalise');
    expect(fw.rows.find((r) => r[1] === 'energy')![k]).toBe('mean=70; sd=12.5');
    expect(await roundTrip(scheme)).toEqual(scheme);
  });
});

// ── Editing a workbook as an office would ──────────────────────────────────────────────────────

async function edit(scheme: Scheme, change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await schemeToWorkbook(scheme)) as unknown as ExcelJS.Buffer);
  change(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A sheet's column by the Chinese half of its header, and a row by its code. */
function grid(wb: ExcelJS.Workbook, name: string): { ws: ExcelJS.Worksheet; col: (zh: string) => number; row: (code: string) => number; at: (code: string, zh: string) => string } {
  const ws = wb.getWorksheet(name)!;
  const col = (zh: string): number => {
    for (let c = 1; c <= ws.columnCount; c++) if (String(ws.getCell(1, c).value ?? '').split('\n')[0] === zh) return c;
    throw new Error(`no column ${zh} on ${name}`);
  };
  const row = (code: string): number => {
    const c = name === '分段计分 Bands' ? col('指标编码') : col('编码');
    for (let r = 2; r <= ws.rowCount; r++) if (ws.getCell(r, c).value === code) return r;
    throw new Error(`no row ${code} on ${name}`);
  };
  const at = (code: string, zh: string): string => `${name}!${ws.getCell(row(code), col(zh)).address}`;
  return { ws, col, row, at };
}

async function problems(bytes: Buffer, where = 'framework.xlsx'): Promise<Problem[]> {
  try {
    await readSchemeWorkbookBuffer(bytes, where);
  } catch (e) {
    if (e instanceof KaoheError) return e.problems;
    throw e;
  }
  throw new Error('the workbook was accepted but should have been refused');
}

const FW = sheetName(FRAMEWORK.name);

describe('import reads what people type', () => {
  it('Chinese-only headers and sheet names, rows added out of order, empty level and kind, numbers as text, 不限, TRUE', async () => {
    const scheme = demo();
    const bytes = await edit(scheme, (wb) => {
      const g = grid(wb, FW);
      g.ws.getCell(1, g.col('权重')).value = '权重';
      g.ws.name = '指标体系';
      wb.getWorksheet('输入 Inputs')!.name = 'Inputs';
      for (let r = 2; r <= g.ws.rowCount; r++) {
        g.ws.getCell(r, g.col('层级')).value = null;
        g.ws.getCell(r, g.col('节点类型')).value = null;
      }
      g.ws.getCell(g.row('energy'), g.col('权重')).value = ' 3.5 ';
      // A new indicator appended at the bottom, under 生态保护.
      const last = g.ws.rowCount + 1;
      const set = (zh: string, v: ExcelJS.CellValue): void => { g.ws.getCell(last, g.col(zh)).value = v; };
      set('编码', 'wetland2'); set('上级编码', 'ecology'); set('中文名称', '湿地面积'); set('英文名称', 'Wetland area');
      set('输入', 'wetland_rate'); set('标准化方法', 'efficacy'); set('权重', 2);
      const inputs = grid(wb, 'Inputs');
      inputs.ws.getCell(inputs.row('pm25'), inputs.col('上限')).value = '不限';
      inputs.ws.getCell(inputs.row('pm25'), inputs.col('必填')).value = true;
    });
    const expected = demo() as unknown as { tree: { children: { id: string; children: Record<string, unknown>[] }[] }; inputs: Record<string, unknown>[] };
    expected.tree.children[0].children[0].weight = 3.5;
    expected.tree.children.find((c) => c.id === 'ecology')!.children.push({ id: 'wetland2', label: { zh: '湿地面积', en: 'Wetland area' }, input: 'wetland_rate', weight: 2, normalise: { method: 'efficacy' } });
    const pm25 = expected.inputs.find((i) => i.id === 'pm25')!;
    pm25.range = [0, null];
    pm25.required = true;
    expect(await readSchemeWorkbookBuffer(bytes)).toEqual(parseSchemeObject(expected as unknown as Record<string, unknown>));
  });

  it('an optional sheet may be deleted (nothing of that kind), the guide sheet is ignored', async () => {
    const scheme = demo();
    const bytes = await edit(scheme, (wb) => {
      wb.removeWorksheet(wb.getWorksheet('名单 Lists')!.id);
      wb.getWorksheet('说明 Guide')!.getCell('A1').value = '随便写点什么';
    });
    expect(await readSchemeWorkbookBuffer(bytes)).toEqual({ ...scheme, lists: [] });
  });
});

describe('bad workbooks: every problem names its sheet and cell', () => {
  it('a weight that is text', async () => {
    let where = '';
    const bytes = await edit(demo(), (wb) => {
      const g = grid(wb, FW);
      g.ws.getCell(g.row('water'), g.col('权重')).value = '很重要';
      where = g.at('water', '权重');
    });
    const ps = await problems(bytes);
    expect(ps).toHaveLength(1);
    expect(ps[0].where).toBe(where);
    expect(ps[0].zh).toMatch(/^权重：应为数字，实际为「很重要」/);
    expect(ps[0].en).toMatch(/^Weight: expected a number, got "很重要"/);
  });

  it('an unknown parent code', async () => {
    let where = '';
    const bytes = await edit(demo(), (wb) => {
      const g = grid(wb, FW);
      g.ws.getCell(g.row('water'), g.col('上级编码')).value = 'resourcse';
      where = g.at('water', '上级编码');
    });
    const ps = await problems(bytes);
    expect(ps.map((p) => p.where)).toEqual([where]);
    expect(ps[0].en).toMatch(/"resourcse" is not the code of any node/);
  });

  it('a duplicate code names both cells', async () => {
    let first = '';
    let second = '';
    const bytes = await edit(demo(), (wb) => {
      const g = grid(wb, FW);
      first = g.at('energy', '编码');
      second = g.at('water', '编码');
      g.ws.getCell(g.row('water'), g.col('编码')).value = 'energy';
    });
    const ps = await problems(bytes);
    expect(ps.map((p) => p.where)).toEqual([second]);
    expect(ps[0].zh).toContain(`已在 ${first}`);
  });

  it('parent codes that go round in a circle', async () => {
    let where = '';
    const bytes = await edit(demo(), (wb) => {
      const g = grid(wb, FW);
      g.ws.getCell(g.row('resources'), g.col('上级编码')).value = 'energy';
      where = g.at('resources', '上级编码');
    });
    const ps = await problems(bytes);
    const circle = ps.find((p) => p.where === where);
    expect(circle?.en).toMatch(/circle: resources → energy → resources/);
    expect(ps.every((p) => /circle/.test(p.en))).toBe(true);
  });

  it('a missing sheet', async () => {
    const bytes = await edit(demo(), (wb) => wb.removeWorksheet(wb.getWorksheet(FW)!.id));
    const ps = await problems(bytes, 'office.xlsx');
    expect(ps).toEqual([expect.objectContaining({ where: 'office.xlsx', en: `the sheet "${FW}" is missing` })]);
  });

  it('an unknown column header, and a missing required column', async () => {
    let unknown = '';
    const bytes = await edit(demo(), (wb) => {
      const inputs = grid(wb, '输入 Inputs');
      const c = inputs.ws.columnCount + 1;
      inputs.ws.getCell(1, c).value = '数据来源';
      inputs.ws.getCell(2, c).value = '统计局';
      unknown = `输入 Inputs!${inputs.ws.getCell(1, c).address}`;
      const g = grid(wb, FW);
      g.ws.spliceColumns(g.col('上级编码'), 1);
    });
    const ps = await problems(bytes);
    expect(ps.find((p) => p.where === unknown)?.en).toMatch(/^unknown column "数据来源": the columns of this sheet are 编码 Code, /);
    expect(ps.find((p) => p.where === `${FW}!1:1`)?.en).toBe('the required column "上级编码 Parent code" is missing');
  });

  it('an unknown sheet', async () => {
    const bytes = await edit(demo(), (wb) => wb.addWorksheet('备注').addRow(['x']));
    expect((await problems(bytes)).map((p) => p.where)).toEqual(['备注']);
  });

  it('level and kind that contradict the parent codes', async () => {
    const at: string[] = [];
    const bytes = await edit(demo(), (wb) => {
      const g = grid(wb, FW);
      g.ws.getCell(g.row('energy'), g.col('层级')).value = 2;
      g.ws.getCell(g.row('ecology'), g.col('节点类型')).value = 'indicator';
      at.push(g.at('energy', '层级'), g.at('ecology', '节点类型'));
    });
    const ps = await problems(bytes);
    expect(ps.map((p) => p.where)).toEqual(at);
    expect(ps[0].en).toMatch(/the level should be 3/);
    expect(ps[1].en).toMatch(/an indicator can't have children \(forest, wetland, sewage/);
  });

  it('the language\'s shape checks point at the cells the values came from, all at once', async () => {
    const at: Record<string, string> = {};
    const bytes = await edit(demo(), (wb) => {
      const g = grid(wb, FW);
      g.ws.getCell(g.row('forest'), g.col('权重')).value = -1;
      at.weight = g.at('forest', '权重');
      g.ws.getCell(g.row('air_days'), g.col('标准化方法')).value = 'efficiency';
      at.method = g.at('air_days', '标准化方法');
      const grades = grid(wb, '等级 Grades');
      grades.ws.getCell(grades.row('good'), grades.col('颜色')).value = 'blue';
      at.colour = grades.at('good', '颜色');
      const bands = grid(wb, '分段计分 Bands');
      bands.ws.getCell(3, bands.col('得分')).value = null;
      at.band = `分段计分 Bands!${bands.ws.getCell(3, bands.col('得分')).address}`;
      const s = wb.getWorksheet('方案 Scheme')!;
      for (let r = 2; r <= s.rowCount; r++) if (String(s.getCell(r, 1).value).startsWith('考核对象')) { s.getCell(r, 2).value = 'city'; at.subject = `方案 Scheme!B${r}`; }
    });
    const ps = await problems(bytes);
    expect(ps.map((p) => p.where).sort()).toEqual(Object.values(at).sort());
    const of = (where: string): Problem | undefined => ps.find((p) => p.where === where);
    expect(of(at.weight)?.en).toBe('Weight: a weight must be ≥ 0');
    expect(of(at.method)?.en).toMatch(/^Normalisation: expected one of: none, minmax, efficacy/);
    expect(of(at.colour)?.zh).toBe('颜色：颜色应写成 #rrggbb');
    expect(of(at.band)?.en).toBe('Score: required: give the band its score');
    expect(of(at.subject)?.en).toMatch(/^Subject: expected one of: region, official, enterprise, section/);
  });

  it('a rank order that is neither ascending nor descending names its cell', async () => {
    let where = '';
    const bytes = await edit(demo(), (wb) => {
      const s = wb.getWorksheet('方案 Scheme')!;
      for (let r = 2; r <= s.rowCount; r++) if (String(s.getCell(r, 1).value).startsWith('排名方向')) { s.getCell(r, 2).value = 'sideways'; where = `方案 Scheme!B${r}`; }
    });
    const ps = await problems(bytes);
    expect(ps.map((p) => p.where)).toEqual([where]);
    expect(ps[0].en).toMatch(/^Rank order: expected one of: descending, ascending/);
    expect(ps[0].zh).toMatch(/^排名方向：应为以下之一：descending、ascending/);
  });

  it('the language\'s cross-checks (names, expressions) point at their cells too', async () => {
    const at: Record<string, string> = {};
    const bytes = await edit(demo(), (wb) => {
      const g = grid(wb, FW);
      g.ws.getCell(g.row('wetland'), g.col('输入')).value = 'wetland_rat';
      at.input = g.at('wetland', '输入');
      const adj = grid(wb, '扣分加分 Adjustments');
      adj.ws.getCell(adj.row('incident'), adj.col('条件')).value = 'incidents >';
      at.when = adj.at('incident', '条件');
      const vetoes = grid(wb, '否决 Vetoes');
      vetoes.ws.getCell(vetoes.row('fraud'), vetoes.col('直接定为')).value = 'failed';
      at.grade = vetoes.at('fraud', '直接定为');
    });
    const ps = await problems(bytes);
    expect(ps.map((p) => p.where).sort()).toEqual(Object.values(at).sort());
    expect(ps.find((p) => p.where === at.input)?.en).toMatch(/^Input: .*"wetland_rat".*did you mean "wetland_rate"/);
    expect(ps.find((p) => p.where === at.when)?.en).toMatch(/^When: /);
    expect(ps.find((p) => p.where === at.grade)?.en).toMatch(/^Force grade: .*failed/);
  });

  it('a goalpost without its worst value points at the empty Worst cell', async () => {
    const scheme = parseSchemeObject(everyOptionScheme());
    let where = '';
    const bytes = await edit(scheme, (wb) => {
      const g = grid(wb, FW);
      g.ws.getCell(g.row('n_goal'), g.col('最差值')).value = null;
      where = g.at('n_goal', '最差值');
    });
    expect(await problems(bytes)).toEqual([{ where, zh: '最差值：缺少必填项（应为数值）', en: 'Worst: required field is missing (expected number)' }]);
  });

  it('a validity period without its unit, and a band for an unknown indicator', async () => {
    const at: string[] = [];
    const bytes = await edit(parseSchemeObject(everyOptionScheme()), (wb) => {
      const types = grid(wb, '记录类型 Record types');
      types.ws.getCell(types.row('commitment'), types.col('有效期单位')).value = null;
      at.push(types.at('commitment', '有效期单位'));
      const bands = grid(wb, '分段计分 Bands');
      bands.ws.getCell(2, bands.col('指标编码')).value = 'n_band';
      at.push(`分段计分 Bands!${bands.ws.getCell(2, bands.col('指标编码')).address}`);
    });
    const ps = await problems(bytes);
    expect(ps.map((p) => p.where).sort()).toEqual([...at].sort());
  });

  it('not a workbook: a CSV, an old .xls, a truncated file, an oversized file', async () => {
    const csv = Buffer.from('id,name\n1,a\n');
    expect((await problems(csv))[0].en).toMatch(/not an \.xlsx workbook/);
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expect((await problems(xls))[0].en).toMatch(/old \.xls/);
    const good = await schemeToWorkbook(demo());
    expect((await problems(good.subarray(0, good.length - 200)))[0].en).toMatch(/damaged or incomplete/);
    const huge = Buffer.concat([good, Buffer.alloc(5 * 1024 * 1024)]);
    expect((await problems(huge))[0].en).toMatch(/too large/);
  });
});

describe('real spreadsheet software', () => {
  it('a workbook opened and saved again by LibreOffice reads back as the same scheme', async () => {
    // LibreOffice headless, as Debian's libreoffice-calc-nogui installs it (.ci/run installs it when missing).
    const dir = mkdtempSync(join(tmpdir(), 'kaohe-scheme-lo-'));
    const schemes = { demo: demo(), every: parseSchemeObject(everyOptionScheme()) };
    for (const [name, scheme] of Object.entries(schemes)) writeFileSync(join(dir, `${name}.xlsx`), await schemeToWorkbook(scheme));
    const r = spawnSync('soffice', [
      '--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'xlsx', '--outdir', join(dir, 'saved'),
      ...Object.keys(schemes).map((n) => join(dir, `${n}.xlsx`)),
    ], { encoding: 'utf8', timeout: 120_000 });
    expect(r.error).toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    for (const [name, scheme] of Object.entries(schemes)) {
      const back = await readSchemeWorkbookFile(join(dir, 'saved', `${name}.xlsx`));
      expect(back).toEqual(scheme);
      expect(compile(back).hash).toBe(compile(scheme).hash);
    }
  });
});
