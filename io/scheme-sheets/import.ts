/**
 * Framework workbook → scheme. The sheets become the plain object a YAML file would give, which
 * then goes through the scheme language's own validation (parseSchemeObject); every problem it
 * finds is mapped from its YAML path back to the sheet and cell the value came from. Problems
 * of the sheets themselves (a weight that is text, an unknown parent, a duplicate code, a cycle,
 * a missing sheet or column, an unknown one) are found first, each with its cell.
 */
import { formatPath, KaoheError, parseSchemeObject, type Problem, type Scheme } from '../../indicators/index.js';
import { columnLetter } from '../csv-input.js';
import { showCell, type Bi, type CellValue } from './codecs.js';
import { GUIDE_SHEET, headerText, SCHEME_SHEET, sheetName, TABLES, type Column, type Path, type Rec, type TableSheet } from './layout.js';
import { getPath, setPath, type SheetData } from './model.js';
import { readSheetsBuffer, readSheetsFile } from './read-sheets.js';

/** Rows read from one sheet at most: a framework has hundreds, not tens of thousands. */
export const MAX_SCHEME_SHEET_ROWS = 10_000;

interface Loc {
  where: string;
  header?: Bi;
}

type Role = NonNullable<Column['role']>;

interface Row {
  rec: Rec;
  /** Where the record sits in the scheme, once placed. */
  path?: Path;
  codeLoc: Loc;
  cells: { path: Path; loc: Loc }[];
  roles: Partial<Record<Role, { value: unknown; loc: Loc }>>;
}

/** A record that rows of another sheet may belong to, by its code. */
interface Owned {
  rec: Rec;
  path: Path;
}

const blank = (c: CellValue | undefined): boolean => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');
const squash = (s: string): string => s.replace(/[\s\u3000]+/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
/** A header or sheet name matches its bilingual text, or either half of it. */
const names = (b: Bi): string[] => [squash(`${b.zh}${b.en}`), squash(b.zh), squash(b.en)];
const cellAt = (sheet: string, row: number, col: number): string => `${sheet}!${columnLetter(col)}${row + 1}`;

export function sheetsToScheme(sheets: SheetData[], source: string): Scheme {
  return new SchemeReader(source).read(sheets);
}

class SchemeReader {
  private readonly problems: (Problem & { structural: boolean })[] = [];
  /** Formatted YAML path → where its value came from (the first claim wins). */
  private readonly locs = new Map<string, Loc>();
  private readonly raw: Rec = {};
  private readonly owners = new Map<string, Map<string, Owned>>();
  private readonly finishing: { table: TableSheet; row: Row }[] = [];

  constructor(private readonly source: string) {}

  read(sheets: SheetData[]): Scheme {
    const found = this.matchSheets(sheets);
    const schemeSheet = found.get(sheetName(SCHEME_SHEET.name));
    if (schemeSheet) this.readSchemeSheet(schemeSheet);
    else this.missingSheet(SCHEME_SHEET.name);
    for (const t of TABLES) {
      const sheet = found.get(sheetName(t.name));
      if (sheet) this.readTable(t, sheet);
      else if (t.required) this.missingSheet(t.name);
    }
    for (const { table, row } of this.finishing) {
      for (const p of table.finish?.(row.rec) ?? []) if (row.path) this.add(this.locate(formatPath([...row.path, ...p.path])), p.zh, p.en);
    }
    if (this.problems.some((p) => p.structural)) this.fail();
    let scheme: Scheme | undefined;
    try {
      scheme = parseSchemeObject(this.raw);
    } catch (e) {
      if (!(e instanceof KaoheError)) throw e;
      const reported = new Set(this.problems.map((p) => p.where));
      for (const p of e.problems) {
        const loc = this.locate(p.where);
        // A cell already reported (text in a number cell) also reads as "missing": say it once.
        if (reported.has(loc.where)) continue;
        this.add(loc, p.zh, p.en);
      }
    }
    if (this.problems.length > 0 || !scheme) this.fail();
    return scheme;
  }

  private fail(): never {
    throw new KaoheError(this.problems.map(({ where, zh, en }) => ({ where, zh, en })));
  }

  private add(loc: Loc, zh: string, en: string, structural = false): void {
    const h = loc.header;
    this.problems.push({ where: loc.where, zh: h ? `${h.zh}：${zh}` : zh, en: h ? `${h.en}: ${en}` : en, structural });
  }

  private claim(path: Path, loc: Loc): void {
    const key = formatPath(path);
    if (!this.locs.has(key)) this.locs.set(key, loc);
  }

  /** Where a YAML path's value came from: the path itself, else its nearest registered ancestor. */
  private locate(where: string): Loc {
    for (let w: string | undefined = where; w; w = parentOf(w)) {
      const loc = this.locs.get(w);
      if (loc) return loc;
    }
    return { where: this.source };
  }

  private missingSheet(name: Bi): void {
    this.add({ where: this.source }, `缺少工作表「${sheetName(name)}」`, `the sheet "${sheetName(name)}" is missing`, true);
  }

  private matchSheets(sheets: SheetData[]): Map<string, SheetData> {
    const known = [SCHEME_SHEET.name, ...TABLES.map((t) => t.name), GUIDE_SHEET];
    const found = new Map<string, SheetData>();
    for (const sheet of sheets) {
      const key = squash(sheet.name);
      const layout = known.find((n) => names(n).includes(key));
      if (!layout) {
        this.add(
          { where: sheet.name },
          `未知工作表「${sheet.name}」：工作表应为 ${known.map(sheetName).join('、')}；请改正名称或删除该表`,
          `unknown sheet "${sheet.name}": the sheets are ${known.map(sheetName).join(', ')}; rename or delete it`,
        );
        continue;
      }
      const full = sheetName(layout);
      const twin = found.get(full);
      if (twin) {
        this.add({ where: sheet.name }, `工作表「${sheet.name}」与「${twin.name}」重复`, `the sheet "${sheet.name}" duplicates "${twin.name}"`, true);
        continue;
      }
      if (layout !== GUIDE_SHEET) found.set(full, sheet);
    }
    return found;
  }

  private tooLong(sheet: SheetData): boolean {
    if (sheet.rows.length - 1 <= MAX_SCHEME_SHEET_ROWS) return false;
    this.add({ where: sheet.name }, `行数超过 ${MAX_SCHEME_SHEET_ROWS}：这不像一张指标方案表`, `more than ${MAX_SCHEME_SHEET_ROWS} rows: this doesn't look like a scheme sheet`, true);
    return true;
  }

  /** 方案 Scheme: one field per row, its name in column A and its value in column B. */
  private readSchemeSheet(sheet: SheetData): void {
    if (this.tooLong(sheet)) return;
    const heads: Bi[] = [{ zh: '项目', en: 'Field' }, { zh: '值', en: 'Value' }, { zh: '说明', en: 'Note' }];
    const seen = new Map<Column, string>();
    const header = sheet.rows[0] ?? [];
    heads.slice(0, 2).forEach((h, c) => {
      if (!names(h).includes(squash(String(header[c] ?? '')))) {
        this.add({ where: cellAt(sheet.name, 0, c) }, `表头应为「${headerText(h)}」，实际为「${showCell(header[c] ?? '')}」`, `the header should be "${headerText(h)}", got "${showCell(header[c] ?? '')}"`, true);
      }
    });
    sheet.rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (c >= heads.length && !blank(cell)) {
          this.add({ where: cellAt(sheet.name, r, c) }, `本表只有「${heads.map(headerText).join('」「')}」三列，此处不应有内容`, `this sheet has only the columns ${heads.map(headerText).join(', ')}: nothing belongs here`);
        }
      });
      if (r === 0) return;
      const [label, value] = [row[0] ?? null, row[1] ?? null];
      if (blank(label)) {
        if (!blank(value)) this.add({ where: cellAt(sheet.name, r, 0) }, 'B 列有值但 A 列没有项目名称', 'a value in column B without a field name in column A');
        return;
      }
      const field = SCHEME_SHEET.fields.find((f) => names(f.header).includes(squash(String(label))));
      const labelLoc = { where: cellAt(sheet.name, r, 0) };
      if (!field) {
        this.add(labelLoc, `未知项目「${showCell(label)}」：可用的项目有 ${SCHEME_SHEET.fields.map((f) => headerText(f.header)).join('、')}`, `unknown field "${showCell(label)}": the fields are ${SCHEME_SHEET.fields.map((f) => headerText(f.header)).join(', ')}`);
        return;
      }
      const first = seen.get(field);
      if (first) {
        this.add(labelLoc, `项目「${headerText(field.header)}」重复（已在 ${first}）`, `the field "${headerText(field.header)}" is given twice (already at ${first})`);
        return;
      }
      const loc = { where: cellAt(sheet.name, r, 1), header: field.header };
      seen.set(field, loc.where);
      this.readField(field, value, loc, this.raw, []);
    });
    // A field without a row: its problems point where the row would go.
    const next = { where: cellAt(sheet.name, Math.max(sheet.rows.length, 1), 0) };
    for (const f of SCHEME_SHEET.fields) if (!seen.has(f)) this.claim(f.path!, { ...next, header: f.header });
  }

  /** Read one cell into `rec` at the column's path; returns false when the cell is wrong. */
  private readField(col: Column, cell: CellValue, loc: Loc, rec: Rec, recordPath: Path, row?: Row): boolean {
    const r = col.codec.read(cell);
    if (!r.ok) this.add(loc, r.zh, r.en);
    if (col.role) {
      if (row) row.roles[col.role] = { value: r.ok ? r.value : undefined, loc };
      return r.ok;
    }
    const path = col.path!;
    const cells: Path[] = [path];
    if (r.ok && r.value !== undefined) {
      if (col.rest) {
        for (const [k, v] of Object.entries(r.value as Rec)) {
          setPath(rec, [...path, k], v);
          cells.unshift([...path, k]);
        }
      } else setPath(rec, path, r.value);
    }
    for (const p of cells) {
      if (row) row.cells.push({ path: p, loc });
      else this.claimWithParents(recordPath, p, loc);
    }
    return r.ok;
  }

  /** Claim a field's path and the parents it introduces within its record (`normalise` → its method cell). */
  private claimWithParents(recordPath: Path, path: Path, loc: Loc): void {
    for (let n = path.length; n >= 1; n--) this.claim([...recordPath, ...path.slice(0, n)], loc);
  }

  private readTable(t: TableSheet, sheet: SheetData): void {
    if (this.tooLong(sheet)) return;
    const columns = this.readHeader(t, sheet);
    if (!columns) return;
    const rows: Row[] = [];
    const codeCol = columns.findIndex((c) => c?.path?.length === 1 && c.path[0] === 'id');
    for (let r = 1; r < sheet.rows.length; r++) {
      const cells = sheet.rows[r] ?? [];
      if (cells.every(blank)) continue;
      const row: Row = { rec: {}, codeLoc: { where: cellAt(sheet.name, r, Math.max(codeCol, 0)), header: columns[codeCol]?.header }, cells: [], roles: {} };
      const failed = new Set<Column>();
      columns.forEach((col, c) => {
        if (!col) return;
        const loc = { where: cellAt(sheet.name, r, c), header: col.header };
        if (!this.readField(col, cells[c] ?? null, loc, row.rec, [], row)) failed.add(col);
      });
      for (const col of columns) {
        // [0, 不限]: an open end beside a filled one. A cell already in error is left to its error.
        if (col?.hole === undefined || failed.has(col)) continue;
        const tuple = getPath(row.rec, col.path!.slice(0, -1));
        const i = col.path![col.path!.length - 1] as number;
        if (Array.isArray(tuple) && tuple[i] === undefined) tuple[i] = col.hole;
      }
      rows.push(row);
      this.finishing.push({ table: t, row });
    }
    const firstRow = { where: cellAt(sheet.name, 1, 0) };
    if (t.tree) this.placeTree(t, sheet, rows, columns);
    else if (t.owner) this.placeOwned(t, rows);
    else {
      const arrayPath = t.path;
      this.claim(arrayPath, firstRow);
      const owned = new Map<string, Owned>();
      rows.forEach((row, i) => {
        const path = [...arrayPath, i];
        this.place(row, path);
        if (typeof row.rec.id === 'string') owned.set(row.rec.id, { rec: row.rec, path });
      });
      setPath(this.raw, arrayPath, rows.map((row) => row.rec));
      this.owners.set(sheetName(t.name), owned);
    }
  }

  /** Register where each of a placed row's values came from. */
  private place(row: Row, path: Path): void {
    row.path = path;
    this.claim(path, row.codeLoc);
    for (const c of row.cells) this.claimWithParents(path, c.path, c.loc);
  }

  /** The header row → the column of each position; undefined when the sheet can't be read. */
  private readHeader(t: TableSheet, sheet: SheetData): (Column | undefined)[] | undefined {
    const header = sheet.rows[0] ?? [];
    const width = sheet.rows.reduce((w, r) => Math.max(w, r.length), header.length);
    const columns: (Column | undefined)[] = [];
    for (let c = 0; c < width; c++) {
      const h = header[c] ?? null;
      const at = { where: cellAt(sheet.name, 0, c) };
      if (blank(h)) {
        if (sheet.rows.some((row, r) => r > 0 && !blank(row[c] ?? null))) {
          this.add(at, '这一列有内容但没有表头：请填写表头或删除该列', 'this column has values but no header: give it a header or delete it');
        }
        continue;
      }
      const col = t.columns.find((k) => names(k.header).includes(squash(String(h))));
      if (!col) {
        this.add(
          at,
          `未知的列「${showCell(h)}」：本表的列有 ${t.columns.map((k) => headerText(k.header)).join('、')}；请改正表头或删除该列`,
          `unknown column "${showCell(h)}": the columns of this sheet are ${t.columns.map((k) => headerText(k.header)).join(', ')}; correct the header or delete the column`,
        );
      } else if (columns.includes(col)) {
        this.add(at, `列「${headerText(col.header)}」重复`, `the column "${headerText(col.header)}" appears twice`, true);
      } else columns[c] = col;
    }
    let ok = true;
    for (const col of t.columns) {
      if (col.required && !columns.includes(col)) {
        this.add({ where: `${sheet.name}!1:1` }, `缺少必需的列「${headerText(col.header)}」`, `the required column "${headerText(col.header)}" is missing`, true);
        ok = false;
      }
    }
    return ok ? columns : undefined;
  }

  /** 指标体系 Framework: rows linked by parent code into one tree; children in row order. */
  private placeTree(t: TableSheet, sheet: SheetData, rows: Row[], columns: (Column | undefined)[]): void {
    const byCode = new Map<string, Row>();
    const problemsBefore = this.problems.length;
    for (const row of rows) {
      const code = row.rec.id;
      if (typeof code !== 'string') {
        this.add(row.codeLoc, '缺少编码', 'the code is missing', true);
        continue;
      }
      const first = byCode.get(code);
      if (first) this.add(row.codeLoc, `编码「${code}」重复（已在 ${first.codeLoc.where}）`, `duplicate code "${code}" (already at ${first.codeLoc.where})`, true);
      else byCode.set(code, row);
    }
    const parentOf = (row: Row): string | undefined => row.roles.parent?.value as string | undefined;
    const roots: Row[] = [];
    for (const row of byCode.values()) {
      const p = parentOf(row);
      if (p === undefined) roots.push(row);
      else if (!byCode.has(p)) {
        const loc = row.roles.parent!.loc;
        this.add(loc, `上级编码「${p}」不是本表中任何节点的编码`, `the parent code "${p}" is not the code of any node in this sheet`, true);
      }
    }
    const parentCol = columns.findIndex((c) => c?.role === 'parent');
    if (roots.length === 0 && byCode.size > 0) {
      this.add({ where: cellAt(sheet.name, 0, parentCol) }, '没有根节点：恰好一行的上级编码应为空', 'no root: exactly one row must have an empty parent code', true);
    }
    for (const extra of roots.slice(1)) {
      this.add(
        extra.roles.parent?.loc ?? extra.codeLoc,
        `只能有一个根节点（上级编码为空的行），「${String(roots[0].rec.id)}」（${roots[0].codeLoc.where}）已是根节点：请填写上级编码`,
        `there can be only one root (a row with no parent code), and "${String(roots[0].rec.id)}" (${roots[0].codeLoc.where}) is it: fill in the parent code`,
        true,
      );
    }
    if (rows.length === 0) {
      this.add({ where: cellAt(sheet.name, 1, 0) }, '指标体系为空：至少需要一个根节点和一个指标', 'the framework is empty: it needs a root and at least one indicator', true);
    }
    if (this.problems.length > problemsBefore) return;

    const children = new Map<string, Row[]>();
    for (const row of byCode.values()) {
      const p = parentOf(row);
      if (p !== undefined) children.set(p, [...(children.get(p) ?? []), row]);
    }
    const owned = new Map<string, Owned>();
    const visit = (row: Row, path: Path, depth: number): Rec => {
      const code = row.rec.id as string;
      owned.set(code, { rec: row.rec, path });
      this.place(row, path);
      const kids = children.get(code) ?? [];
      this.checkLevel(row, depth);
      this.checkKind(row, kids);
      if (kids.length > 0) row.rec.children = kids.map((k, i) => visit(k, [...path, 'children', i], depth + 1));
      return row.rec;
    };
    const root = roots[0];
    this.raw.tree = visit(root, t.path, 1);
    for (const row of byCode.values()) {
      if (owned.has(row.rec.id as string)) continue;
      // Not reached from the root: its chain of parents goes round in a circle.
      const chain = [row.rec.id as string];
      for (let p = parentOf(row); p !== undefined && !chain.includes(p); p = parentOf(byCode.get(p)!)) chain.push(p);
      chain.push(parentOf(byCode.get(chain[chain.length - 1])!)!);
      this.add(row.roles.parent!.loc, `上级编码构成循环：${chain.join(' → ')}`, `the parent codes go round in a circle: ${chain.join(' → ')}`, true);
    }
    this.owners.set(sheetName(t.name), owned);
  }

  private checkLevel(row: Row, depth: number): void {
    const level = row.roles.level;
    if (level?.value !== undefined && level.value !== depth) {
      this.add(level.loc, `层级应为 ${depth}（按上级编码推算），实际为 ${String(level.value)}；请改正层级或上级编码，或清空层级`, `the level should be ${depth} (from the parent codes), got ${String(level.value)}; correct the level or the parent, or clear the level`, true);
    }
  }

  private checkKind(row: Row, kids: Row[]): void {
    const kind = row.roles.kind;
    if (kind?.value === 'aggregate' && kids.length === 0) {
      this.add(kind.loc, '汇总节点没有下级：请添加以它为上级的行，或改为 indicator', 'an aggregate with no children: add rows with it as their parent, or make it an indicator', true);
    }
    if (kind?.value === 'indicator' && kids.length > 0) {
      const codes = kids.map((k) => String(k.rec.id));
      this.add(kind.loc, `指标不能有下级（${codes.join('、')} 以它为上级）：请改为 aggregate，或改正这些行的上级编码`, `an indicator can't have children (${codes.join(', ')} name it as their parent): make it an aggregate, or correct their parent codes`, true);
    }
  }

  /** Rows that belong to a record of another sheet (a band to its indicator). */
  private placeOwned(t: TableSheet, rows: Row[]): void {
    const owners = this.owners.get(t.owner!);
    if (!owners) return; // the owner's sheet is missing or broken: already reported
    for (const row of rows) {
      const key = row.roles.owner;
      const owner = typeof key?.value === 'string' ? owners.get(key.value) : undefined;
      if (!owner) {
        if (key?.value !== undefined) this.add(key.loc, `「${String(key.value)}」不是「${t.owner}」表中的编码`, `"${String(key.value)}" is not a code on the sheet "${t.owner}"`, true);
        else if (key) this.add(key.loc, '缺少所属编码', 'the code this row belongs to is missing', true);
        continue;
      }
      const arrayPath = [...owner.path, ...t.path];
      let list = getPath(owner.rec, t.path);
      if (!Array.isArray(list)) {
        list = [];
        setPath(owner.rec, t.path, list);
        this.claim(arrayPath, key!.loc);
      }
      const items = list as Rec[];
      this.place(row, [...arrayPath, items.length]);
      items.push(row.rec);
    }
  }
}

/** `a.b[2].c` → `a.b[2]` → `a.b` → `a` → undefined. */
function parentOf(where: string): string | undefined {
  const m = /(\[\d+\]|\.[^.[\]]*)$/.exec(where);
  return m && m.index > 0 ? where.slice(0, m.index) : undefined;
}

/** Read a framework workbook file into a validated scheme. */
export async function readSchemeWorkbookFile(path: string, where = path): Promise<Scheme> {
  return sheetsToScheme(await readSheetsFile(path, where), where);
}

/** The same for bytes (an upload). */
export async function readSchemeWorkbookBuffer(bytes: Uint8Array, where = 'framework.xlsx'): Promise<Scheme> {
  return sheetsToScheme(await readSheetsBuffer(bytes, where), where);
}
