/**
 * Building a Frame row by row, shared by the CSV and workbook readers: one growing typed column
 * per source of the plan, category codes (the declared list, or assigned in order of first
 * appearance), entity ids checked (empty, too long, duplicate, off the roster), required values
 * and cell lengths checked, and every problem collected — the first 100 of each kind listed, the
 * rest counted — so that a file with any problem yields no frame.
 */
import { KaoheError, type Problem } from '../indicators/index.js';
import type { Frame, ScoringPlan } from '../engine/index.js';
import { missingMarkers, parseCell, type CellResult } from './cells.js';
import { IdTable } from './id-table.js';
import { inputCaps, truncated, type InputCaps } from './input-caps.js';

const MAX_LISTED = 100;
const MISSING: CellResult = { kind: 'missing' };

/** A kind of problem counted on its own: its first 100 are listed whatever the others are. */
export interface ProblemKind {
  zh: string;
  en: string;
}

export const OFF_ROSTER: ProblemKind = { zh: '不在名单中的编码', en: 'ids not on the roster' };

/** How a reader names places in its file, for the problems it reports. */
export interface Places {
  /** The whole file: where a summary problem is reported. */
  file: string;
  /** A source's cell in a row: `data.csv:12 forest_cover`, `数据!D7`. */
  cell(row: number, source: number): string;
  /** The id cell of a row. */
  id(row: number): string;
  /** The name cell of a row (when the file has a name column). */
  name(row: number): string;
  /** A row's number as the user sees it (line of the CSV, row of the sheet). */
  line(row: number): number;
  /** What `line` counts, in English: `line` or `row`. */
  lineWord: string;
}

/** Problems of one file: of each kind the first 100 kept, the rest counted. */
export class ProblemList {
  readonly listed: Problem[] = [];
  private count = 0;
  /** Per kind (undefined: every other problem), how many were found and how many listed. */
  private readonly kinds = new Map<ProblemKind | undefined, { found: number; listed: number }>();
  add(p: Problem, kind?: ProblemKind): void {
    this.count++;
    let k = this.kinds.get(kind);
    if (!k) this.kinds.set(kind, (k = { found: 0, listed: 0 }));
    k.found++;
    if (k.listed < MAX_LISTED) {
      k.listed++;
      this.listed.push(p);
    }
  }
  get size(): number {
    return this.count;
  }
  /** The problems listed, and for each kind with more, one saying how many more there were. */
  all(file: string): Problem[] {
    const out = [...this.listed];
    for (const [kind, { found, listed }] of this.kinds) {
      const more = found - listed;
      if (more === 0) continue;
      out.push(kind
        ? { where: file, zh: `另有 ${more} 处同类错误（${kind.zh}）未列出`, en: `${more} more problem(s) of this kind (${kind.en}) not listed` }
        : { where: file, zh: `另有 ${more} 处错误未列出`, en: `${more} more problem(s) not listed` });
    }
    return out;
  }
  throwIfAny(file: string): void {
    if (this.count > 0) throw new KaoheError(this.all(file));
  }
}

/**
 * A header naming its values' unit: `gdp[亿港元]`, `gdp（亿港元）` or `gdp(亿港元)` → the column
 * `gdp` in 亿港元 (the store converts it as the round declares, or refuses it); else as written.
 */
export function headerUnit(header: string): { name: string; unit: string | null } {
  const m = /^([^[（(]+?)\s*[[（(]\s*([^\]）)]+?)\s*[\]）)]$/.exec(header);
  return m ? { name: m[1], unit: m[2] } : { name: header, unit: null };
}

/**
 * The machine header's problems: duplicate and unknown columns, no id column, a required
 * input without a column. `columns` are the header's non-empty names with where each is.
 */
export function headerProblems(plan: ScoringPlan, columns: { name: string; where: string }[], headerWhere: string): Problem[] {
  const problems: Problem[] = [];
  const known = new Set(plan.sources.map((s) => s.id));
  const seen = new Set<string>();
  for (const { name: h, where } of columns) {
    if (seen.has(h)) problems.push({ where, zh: `表头「${h}」重复`, en: `duplicate column "${h}"` });
    seen.add(h);
    if (h !== 'id' && h !== 'name' && !known.has(h)) {
      const list = plan.sources.map((s) => s.id).join(', ');
      problems.push({
        where,
        zh: `未知列「${h}」：不是方案「${plan.scheme.id}」的输入或属性列（可用：id, name, ${list}）`,
        en: `unknown column "${h}": not an input or attribute of scheme ${plan.scheme.id} (expected: id, name, ${list})`,
      });
    }
  }
  if (!seen.has('id')) problems.push({ where: headerWhere, zh: '缺少必需的 id 列（实体编码）', en: 'the required id column (entity code) is missing' });
  for (const s of plan.sources) {
    if (s.required && !seen.has(s.id)) {
      problems.push({ where: headerWhere, zh: `缺少必填输入「${s.label.zh}」的列 ${s.id}`, en: `the column for required input ${s.id} (${s.label.en}) is missing` });
    }
  }
  return problems;
}

/** A cell longer than its cap: named, shown by its start and length. */
function tooLong(zh: string, en: string, text: string, cap: number): { zh: string; en: string } {
  return {
    zh: `${zh}过长（${text.length} 个字符，上限 ${cap}）：「${truncated(text)}」`,
    en: `${en} is too long (${text.length} characters, at most ${cap}): "${truncated(text)}"`,
  };
}

export class FrameBuilder {
  readonly problems = new ProblemList();
  /** What a cell's text must be to mean missing. */
  readonly missing: ReadonlySet<string>;
  private n = 0;
  private capacity: number;
  private columns: Float64Array[];
  private readonly ids: string[] = [];
  private readonly names: (string | null)[] | null;
  private readonly dictionaries: (string[] | null)[];
  private readonly codes: (Map<string, number> | null)[];
  /** Per source: is it an input (a value in it makes the row filled)? */
  private readonly inputs: boolean[];
  private readonly firstRowOfId: IdTable;
  private readonly roster: ReadonlySet<string> | null;
  private readonly blankRowsAllowed: boolean;
  private readonly caps: Pick<InputCaps, 'maxIdChars' | 'maxCellChars'>;
  /** With blank rows allowed, the current row's cell problems wait for the end of the row: is it blank? */
  private rowFilled = false;
  private rowProblems: { problem: Problem; emptyRequired: boolean }[] = [];
  /** Columns in SharedArrayBuffers (see the constructor's `shared`). */
  private readonly shared: boolean;

  /**
   * With a roster, an id not on it is an error (a typo, or an entity not in this round). With
   * `blankRows`, a row without any input value (a roster row someone else fills in) is not
   * checked for required values: the caller decides what such a row means. `caps`: the
   * longest id and other cell (input-caps.ts).
   */
  constructor(private readonly plan: ScoringPlan, private readonly places: Places, options: { names: boolean; capacity?: number; roster?: ReadonlySet<string>; blankRows?: boolean; caps?: Partial<InputCaps>; shared?: boolean }) {
    this.missing = missingMarkers(plan);
    this.caps = inputCaps(options.caps);
    this.roster = options.roster ?? null;
    this.blankRowsAllowed = options.blankRows ?? false;
    this.capacity = Math.max(1, options.capacity ?? 1024);
    this.names = options.names ? [] : null;
    this.shared = options.shared ?? false;
    this.columns = plan.sources.map(() => this.column(this.capacity));
    this.dictionaries = plan.sources.map((s) => (s.type === 'category' ? [...(s.categories ?? [])] : null));
    this.codes = this.dictionaries.map((d) => (d ? new Map(d.map((v, k) => [v, k])) : null));
    this.inputs = plan.sources.map((s) => s.role === 'input');
    this.firstRowOfId = new IdTable(this.ids, this.capacity);
  }

  get rows(): number {
    return this.n;
  }

  /**
   * Starts the next row with its entity id (and name, when the file has a name column); returns
   * the row. `idProblem`: the reader could not read the id cell, and says why.
   */
  addRow(id: string, name: string | null, idProblem?: { zh: string; en: string }): number {
    this.endRow();
    const r = this.n++;
    if (r === this.capacity) this.grow();
    if (name !== null && name.length > this.caps.maxCellChars) {
      this.problems.add({ where: this.places.name(r), ...tooLong('名称', 'the name', name, this.caps.maxCellChars) });
      name = null;
    }
    if (idProblem) this.problems.add({ where: this.places.id(r), ...idProblem });
    else if (id === '') this.problems.add({ where: this.places.id(r), zh: '实体编码 id 为空', en: 'the entity id is empty' });
    else if (id.length > this.caps.maxIdChars) {
      this.problems.add({ where: this.places.id(r), ...tooLong('实体编码', 'the entity id', id, this.caps.maxIdChars) });
      id = '';
    } else {
      const first = this.firstRowOfId.firstOrAdd(id, r);
      if (first >= 0) {
        const at = this.places.line(first);
        this.problems.add({ where: this.places.id(r), zh: `实体编码「${id}」重复（第 ${at} 行已出现）`, en: `duplicate entity id "${id}" (already on ${this.places.lineWord} ${at})` });
      }
      if (this.roster && !this.roster.has(id)) {
        this.problems.add({ where: this.places.id(r), zh: `实体编码「${id}」不在本轮名单中（编码写错，或不属于本轮评价）`, en: `entity id "${id}" is not on this round's roster (a typo, or not part of this round)` }, OFF_ROSTER);
      }
    }
    this.ids.push(id);
    this.names?.push(name);
    return r;
  }

  /** A cell given as text: parsed as its column's type says. */
  text(row: number, source: number, text: string): void {
    if (text.length > this.caps.maxCellChars) {
      const s = this.plan.sources[source];
      if (s.role === 'input') this.rowFilled = true;
      this.cellProblem({ where: this.places.cell(row, source), ...tooLong(`「${s.label.zh}」`, s.id, text, this.caps.maxCellChars) }, false);
      return;
    }
    this.result(row, source, parseCell(text, this.plan.sources[source], this.codes[source] ?? undefined, this.missing));
  }

  /** A value the byte reader read as parseCell would have (in range, not a missing marker). */
  value(row: number, source: number, v: number): void {
    if (this.inputs[source]) this.rowFilled = true;
    this.columns[source][row] = v;
  }

  /** Values of one source for rows from `fromRow` on, read by a worker before their rows are added (see csv-bytes.ts mergeChunk). */
  place(source: number, fromRow: number, values: Float64Array): void {
    while (fromRow + values.length > this.capacity) this.grow();
    this.columns[source].set(values, fromRow);
  }

  /** The current row has an input value (one given through place()). */
  markFilled(): void {
    this.rowFilled = true;
  }

  /** An empty cell. */
  missingCell(row: number, source: number): void {
    this.result(row, source, MISSING);
  }

  /** A cell already turned into a result (a workbook's number, date or boolean cell). */
  result(row: number, source: number, parsed: CellResult): void {
    const s = this.plan.sources[source];
    if (parsed.kind !== 'missing' && s.role === 'input') this.rowFilled = true;
    switch (parsed.kind) {
      case 'value':
        this.columns[source][row] = parsed.value;
        return;
      case 'missing':
        if (s.required) this.cellProblem({ where: this.places.cell(row, source), zh: `必填项「${s.label.zh}」为空`, en: `required input ${s.id} is empty` }, true);
        return;
      case 'newCategory': {
        const dict = this.dictionaries[source]!;
        this.codes[source]!.set(parsed.value, dict.length);
        this.columns[source][row] = dict.length;
        dict.push(parsed.value);
        return;
      }
      case 'error':
        this.cellProblem({ where: this.places.cell(row, source), zh: `「${s.label.zh}」${parsed.zh}`, en: `${s.id}: ${parsed.en}` }, false);
    }
  }

  /** The Frame, or a KaoheError with every problem found. */
  finish(): Frame {
    this.endRow();
    this.problems.throwIfAny(this.places.file);
    const n = this.n;
    const columns = new Map<string, Float64Array>();
    const dictionaries = new Map<string, string[]>();
    this.plan.sources.forEach((s, k) => {
      columns.set(s.id, n === this.capacity ? this.columns[k] : this.column(n, this.columns[k].subarray(0, n)));
      const d = this.dictionaries[k];
      if (d) dictionaries.set(s.id, d);
    });
    return { n, ids: this.ids, names: this.names, columns, dictionaries };
  }

  private cellProblem(cell: Problem, emptyRequired: boolean): void {
    // The row's entity, so a clerk sees which city a cell belongs to, not only 数据!J7.
    const r = this.n - 1;
    const id = this.ids[r];
    const name = this.names?.[r];
    const problem = id ? { ...cell, entity: name ? `${name}（${id}）` : id } : cell;
    if (this.blankRowsAllowed) this.rowProblems.push({ problem, emptyRequired });
    else this.problems.add(problem);
  }

  /** The row just read: its empty required cells are no problem if it is blank (no input value at all). */
  private endRow(): void {
    if (this.rowProblems.length > 0) {
      for (const { problem, emptyRequired } of this.rowProblems) if (this.rowFilled || !emptyRequired) this.problems.add(problem);
      this.rowProblems = [];
    }
    this.rowFilled = false;
  }

  /** A column of `length` rows, all missing or a copy of `from`; in shared memory when asked for. */
  private column(length: number, from?: Float64Array): Float64Array {
    const c = new Float64Array(this.shared ? new SharedArrayBuffer(length * 8) : new ArrayBuffer(length * 8));
    if (from) c.set(from);
    else c.fill(NaN);
    return c;
  }

  private grow(): void {
    this.capacity *= 2;
    this.columns = this.columns.map((c) => {
      const next = this.column(this.capacity);
      next.set(c);
      return next;
    });
  }
}
