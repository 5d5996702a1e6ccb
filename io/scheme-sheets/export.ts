/**
 * Scheme → framework workbook, losslessly: every part of the scheme goes to a sheet the layout
 * names, and before anything is written the sheets are read back (import.ts) and must give the
 * same scheme. A field the layout doesn't know (the language grew; layout.ts didn't) is an
 * error naming it, never a silent loss.
 */
import type { ZodType } from 'zod';
import { canonicalJson, formatPath, KaoheError, schemeSchema, type Problem, type Scheme } from '../../indicators/index.js';
import { writeFileAtomic } from '../atomic-write.js';
import { type CellValue } from './codecs.js';
import { sheetsToScheme } from './import.js';
import { headerText, KNOWN_TOP_LEVEL, SCHEME_SHEET, sheetName, TABLES, type Column, type Path, type Rec, type TableSheet } from './layout.js';
import { getPath, type SheetData } from './model.js';
import { renderWorkbook } from './render.js';

/** One row to be: a record and, in the tree and in owned sheets, where it sits. */
interface Item {
  rec: Rec;
  level?: number;
  parent?: string;
  kind?: 'aggregate' | 'indicator';
  owner?: string;
}

export function schemeToSheets(scheme: Scheme): SheetData[] {
  const s = scheme as unknown as Rec;
  checkTopLevel(s);
  const sheets: SheetData[] = [{
    name: sheetName(SCHEME_SHEET.name),
    rows: [
      ['项目 Field', '值 Value', '说明 Note'],
      ...SCHEME_SHEET.fields.map((f) => [headerText(f.header), f.codec.write(getPath(s, f.path!)), f.note ? headerText(f.note) : null]),
    ],
  }];
  const byCode = new Map<string, Item[]>();
  for (const t of TABLES) {
    const items = tableItems(t, s, byCode);
    byCode.set(sheetName(t.name), items);
    sheets.push({ name: sheetName(t.name), rows: [t.columns.map((c) => headerText(c.header)), ...items.map((it) => t.columns.map((c) => cell(t, c, it)))] });
  }
  verifyReadBack(scheme, sheets);
  return sheets;
}

/** The framework workbook's bytes. */
export async function schemeToWorkbook(scheme: Scheme): Promise<Buffer> {
  return renderWorkbook(schemeToSheets(scheme));
}

/** Write the framework workbook, whole or not at all. */
export async function writeSchemeWorkbook(scheme: Scheme, path: string): Promise<void> {
  await writeFileAtomic(path, await schemeToWorkbook(scheme));
}

function tableItems(t: TableSheet, s: Rec, byCode: Map<string, Item[]>): Item[] {
  const prep = (r: Rec): Rec => (t.prepare ? t.prepare(r) : r);
  if (t.tree) {
    const items: Item[] = [];
    const walk = (node: Rec, parent: string | undefined, level: number): void => {
      const kids = Array.isArray(node.children) ? (node.children as Rec[]) : undefined;
      items.push({ rec: prep(node), level, parent, kind: kids ? 'aggregate' : 'indicator' });
      for (const k of kids ?? []) walk(k, node.id as string, level + 1);
    };
    walk(getPath(s, t.path) as Rec, undefined, 1);
    return items;
  }
  if (t.owner) {
    return (byCode.get(t.owner) ?? []).flatMap((o) => {
      const list = getPath(o.rec, t.path);
      return Array.isArray(list) ? (list as Rec[]).map((r) => ({ rec: prep(r), owner: o.rec.id as string })) : [];
    });
  }
  const list = getPath(s, t.path);
  return Array.isArray(list) ? (list as Rec[]).map((r) => ({ rec: prep(r) })) : [];
}

function cell(t: TableSheet, c: Column, it: Item): CellValue {
  switch (c.role) {
    case 'level': return c.codec.write(it.level);
    case 'parent': return c.codec.write(it.parent);
    case 'kind': return c.codec.write(it.kind);
    case 'owner': return c.codec.write(it.owner);
    default:
      if (c.rest) return c.codec.write(unclaimed(t, c.path!, getPath(it.rec, c.path!)));
      return c.codec.write(c.get ? c.get(it.rec) : getPath(it.rec, c.path!));
  }
}

/** The fields under `prefix` that no other column of the sheet, nor a sheet it owns, holds. */
function unclaimed(t: TableSheet, prefix: Path, value: unknown): Rec | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const under = (p: Path | undefined): p is Path => !!p && p.length > prefix.length && prefix.every((seg, i) => p[i] === seg);
  const claimed = new Set<string | number>([
    ...t.columns.filter((c) => !c.rest).map((c) => c.path).filter(under).map((p) => p[prefix.length]),
    ...TABLES.filter((o) => o.owner === sheetName(t.name)).map((o) => o.path).filter(under).map((p) => p[prefix.length]),
  ]);
  const rest = Object.entries(value as Rec).filter(([k, v]) => !claimed.has(k) && v !== undefined);
  return rest.length > 0 ? Object.fromEntries(rest) : undefined;
}

/** A top-level part of the scheme with no sheet is refused, unless it holds nothing but its default. */
function checkTopLevel(s: Rec): void {
  const shape = schemeSchema.shape as unknown as Record<string, ZodType | undefined>;
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(s)) {
    if (value === undefined || KNOWN_TOP_LEVEL.has(key)) continue;
    const d = shape[key]?.safeParse(undefined);
    if (d?.success && canonicalJson(d.data) === canonicalJson(value)) continue;
    problems.push(cannotHold(key));
  }
  if (problems.length > 0) throw new KaoheError(problems);
}

function cannotHold(where: string): Problem {
  return {
    where,
    zh: '方案的这一部分在指标体系工作簿中还没有对应的表或列，导出会丢失它，因此未导出（需在 io/scheme-sheets/layout.ts 中补充）',
    en: 'this part of the scheme has no sheet or column in the framework workbook yet, so exporting would lose it: nothing was exported (io/scheme-sheets/layout.ts needs an entry for it)',
  };
}

/** Read the sheets back and demand the same scheme: whatever they can't hold is named. */
function verifyReadBack(scheme: Scheme, sheets: SheetData[]): void {
  let back: Scheme;
  try {
    back = sheetsToScheme(sheets, 'export');
  } catch (e) {
    if (!(e instanceof KaoheError)) throw e;
    throw new KaoheError(e.problems.map((p) => ({
      where: p.where,
      zh: `导出的工作簿读不回原方案：${p.zh}`,
      en: `the exported workbook doesn't read back as the scheme: ${p.en}`,
    })));
  }
  const lost: string[] = [];
  differences(scheme, back, [], lost);
  if (lost.length > 0) throw new KaoheError(lost.slice(0, 20).map(cannotHold));
}

function differences(a: unknown, b: unknown, path: Path, out: string[]): void {
  if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) return;
  const objects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object';
  if (!objects || Array.isArray(a) !== Array.isArray(b)) {
    out.push(formatPath(path));
    return;
  }
  const keys = new Set([...Object.keys(a as Rec), ...Object.keys(b as Rec)]);
  for (const k of keys) {
    const seg = Array.isArray(a) ? Number(k) : k;
    differences((a as Rec)[k], (b as Rec)[k], [...path, seg], out);
  }
}
