/**
 * The results workbook of a round: 排名 Ranking (rank, entity, score, grade in its colour,
 * change of rank), one sheet of scores per level of the tree, 指标得分 (every indicator's
 * normalised score), 规则 Rules (every rule that fired, for whom and why), 不确定性 Uncertainty
 * (when an analysis is given: each entity's rank and score intervals) and 运行信息 (what
 * made the numbers: scheme, engine, plan, snapshot, as-of, run, results hashes and the audit chain
 * head, results-provenance.ts). Entities appear in rank order on every sheet. A hidden sheet,
 * _results, holds the results CSV's cells as text, numbers in full precision (header, then
 * entities in CSV order), from which `kaohe hash` recomputes the results hash. Written as a stream
 * (xlsx-writer.ts), so a million entities don't have to fit in memory as cells. A workbook holds
 * up to MAX_WORKBOOK_ENTITIES entities (one worksheet's rows): more is refused before any work.
 *
 * Scores are written rounded half-to-even to the scheme's decimals, the published values:
 * writing full precision under a '0.00' format would let Excel round the display half away
 * from zero, and 72.125 would show as 72.13 where the publication says 72.12.
 */
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import { ENGINE_VERSION, planSemantics, settlements, type Results } from '../../engine/index.js';
import { argsortAscending } from '../../engine/sort.js';
import { KaoheError, type Label } from '../../indicators/index.js';
import { ruleFirings } from './rule-firings.js';
import { hasListDateColumns, listDateCells, OUTPUT_CHUNK_ROWS, resultsCsvHeader, resultsHeaderOf, textCell, type OutputProgress } from '../csv-output.js';
import { provenanceFacts, provenanceOf, type Provenance, type RunContext } from '../results-provenance.js';
import { EXCEL_MAX_ROWS } from './contract.js';
import { nextTurn, ROWS_PER_TURN } from './stream-workbook.js';
import { solid, textColourOn } from './styles.js';
import { TableSheet, widthFor, type TableColumn } from './table-sheet.js';
import { writeUncertaintySheet } from './uncertainty-sheet.js';
import type { UncertaintySummary } from '../uncertainty-output.js';
import { writeXlsxFile, writeXlsxTo, type Cell, type XlsxWriter } from './xlsx-writer.js';
import { ByteChunks } from './byte-chunks.js';

export interface ResultsWorkbookOptions {
  /** Each entity's rank in the previous round, by id: adds a change-of-rank column. */
  previousRanks?: ReadonlyMap<string, number>;
  /** The stored run the results are (its provenance goes on 运行信息). */
  run?: RunContext | null;
  /** An uncertainty analysis of the same plan: adds the 不确定性 sheet (uncertainty-sheet.ts). */
  uncertainty?: UncertaintySummary | null;
  /** Called as the sheets are written: entity-rows done of the total (every sheet's entities). */
  onProgress?: OutputProgress;
}

/** The hidden _results sheet holds the header and one row per entity, on one worksheet. */
export const MAX_WORKBOOK_ENTITIES = EXCEL_MAX_ROWS - 1;

/** A workbook can't hold more entities than that: refused before any work, with what to do instead. */
export function refuseOversizedWorkbook(entities: number, where: string): void {
  if (entities <= MAX_WORKBOOK_ENTITIES) return;
  throw new KaoheError([{
    where,
    zh: `结果工作簿最多容纳 ${MAX_WORKBOOK_ENTITIES} 个实体（Excel 工作表最多 ${EXCEL_MAX_ROWS} 行），本轮有 ${entities} 个：请改用 -o 结果.csv 或 .json`,
    en: `a results workbook holds at most ${MAX_WORKBOOK_ENTITIES} entities (an Excel sheet has ${EXCEL_MAX_ROWS} rows); this round has ${entities}: write -o OUT.csv or .json instead`,
  }]);
}

export const RESULT_SHEETS = {
  ranking: '排名 Ranking',
  level: (d: number): string => `第${d}层 Level ${d}`,
  indicators: '指标得分 Indicators',
  rules: '规则 Rules',
  settlement: '结算 Settlement',
  run: '运行信息 Run',
  /** Hidden: the results CSV's cells. */
  data: '_results',
} as const;

export async function writeResultsWorkbook(results: Results, path: string, options: ResultsWorkbookOptions = {}): Promise<void> {
  refuseOversizedWorkbook(results.frame.n, path);
  await writeXlsxFile(path, (wb) => fillResults(wb, results, options));
}

/** The same workbook streamed to `out` (an HTTP response). */
export async function writeResultsWorkbookTo(results: Results, out: Writable, options: ResultsWorkbookOptions = {}): Promise<void> {
  refuseOversizedWorkbook(results.frame.n, 'export');
  await writeXlsxTo(out, (wb) => fillResults(wb, results, options));
}

const L = (zh: string, en: string): Label => ({ zh, en });

/** Entity-rows written, across the sheets, reported to onProgress every OUTPUT_CHUNK_ROWS. */
type Tick = () => void;

function ticker(onProgress: OutputProgress | undefined, total: number): Tick {
  let done = 0;
  return () => {
    if (++done % OUTPUT_CHUNK_ROWS === 0 || done === total) onProgress?.(done, total);
  };
}

async function fillResults(wb: XlsxWriter, results: Results, options: ResultsWorkbookOptions): Promise<void> {
  const order = rankOrder(results);
  const identity = identityColumns(results);
  const maxDepth = Math.max(...results.plan.nodes.map((n) => n.depth));
  // A level made only of indicators is the indicators sheet again; it gets no sheet of its own.
  const levels: [number, number[]][] = [];
  for (let d = 1; d <= maxDepth; d++) {
    const nodes = results.plan.nodes.flatMap((n, j) => (n.depth === d ? [j] : []));
    if (nodes.some((j) => results.plan.nodes[j].kind === 'aggregate')) levels.push([d, nodes]);
  }
  // Ranking, levels, indicators, rules and the hidden sheet: a pass over the entities each.
  const tick = ticker(options.onProgress, (levels.length + 4) * results.frame.n);
  await writeRanking(wb, results, order, identity, tick, options.previousRanks);
  for (const [d, nodes] of levels) await writeNodeSheet(wb, RESULT_SHEETS.level(d), results, order, identity, nodes, tick);
  const indicators = results.plan.nodes.flatMap((n, j) => (n.kind === 'indicator' ? [j] : []));
  await writeNodeSheet(wb, RESULT_SHEETS.indicators, results, order, identity, indicators, tick);
  await writeRules(wb, results, order, identity, tick);
  if (results.plan.settlement) await writeSettlement(wb, results, order, identity);
  if (options.uncertainty) await writeUncertaintySheet(wb, results, order, identity, options.uncertainty);
  const csvHash = await writeResultsData(wb, results, tick);
  await writeRun(wb, results, provenanceOf(results, options.run ?? null, csvHash));
}

/**
 * The results CSV's cells on the hidden sheet, in CSV order, as text: numbers as their CSV
 * text, so a spreadsheet that saves the file again (LibreOffice keeps 15 digits) can't round
 * them; an empty field is an empty cell. Hashed as the CSV's lines (csv-output.ts) on the way.
 */
async function writeResultsData(wb: XlsxWriter, results: Results, tick: Tick): Promise<string> {
  const { plan, frame, nodeScores, groupRanks, vetoes, lists } = results;
  const ws = await wb.addSheet(RESULT_SHEETS.data, { state: 'hidden' });
  const hash = createHash('sha256');
  const header = resultsHeaderOf(results);
  const transfers = plan.settlement ? settlements(results) : null;
  const dated = hasListDateColumns(plan);
  ws.row();
  header.forEach((h, k) => ws.cell(k, h));
  hash.update(resultsCsvHeader(results));
  const ids = (rules: readonly { id: string }[], flags: readonly Float64Array[], i: number): string => {
    let s = '';
    for (let k = 0; k < flags.length; k++) if (flags[k][i] === 1) s += s === '' ? rules[k].id : `;${rules[k].id}`;
    return s;
  };
  // Each cell's text is made once and written twice: into the sheet and into the CSV line that is hashed.
  const csv = new ByteChunks();
  let k = 0;
  const text = (s: string): void => {
    if (k > 0) csv.ascii(',');
    if (s !== '') {
      ws.cell(k, s);
      csv.utf8(textCell(s));
    }
    k++;
  };
  const number = (v: number): void => {
    if (k > 0) csv.ascii(',');
    if (v === v) ws.numberText(k, v, csv);
    k++;
  };
  for (let i = 0; i < frame.n; i++) {
    ws.row();
    k = 0;
    const g = results.grade[i];
    text(frame.ids[i]);
    number(results.rank[i]);
    number(results.score[i]);
    text(g === g ? plan.grades[g].id : '');
    for (let j = 0; j < nodeScores.length; j++) number(nodeScores[j][i]);
    for (let j = 0; j < groupRanks.length; j++) number(groupRanks[j][i]);
    number(results.deductions[i]);
    number(results.bonuses[i]);
    text(ids(plan.vetoes, vetoes, i));
    text(ids(plan.lists, lists, i));
    if (dated) for (const cell of listDateCells(results, i)) text(cell);
    if (transfers) {
      const t = transfers[i];
      text(t ? t.payer : '');
      text(t ? t.payee : '');
      number(t ? t.amount : NaN);
    }
    csv.ascii('\n');
    tick();
    if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1 || i === frame.n - 1) {
      for (const b of csv.take()) {
        hash.update(b);
        csv.recycle(b);
      }
      await ws.flushIfFull();
      await nextTurn();
    }
  }
  await wb.closeSheet();
  return hash.digest('hex');
}

/** Entities by rank (ties in entity order), then those without a rank. */
function rankOrder(results: Results): Uint32Array {
  const ranked = argsortAscending(results.rank);
  const order = new Uint32Array(results.frame.n);
  order.set(ranked);
  let k = ranked.length;
  for (let i = 0; i < results.frame.n; i++) if (results.rank[i] !== results.rank[i]) order[k++] = i;
  return order;
}

/**
 * Green where the scores are good: at the high end, or at the low end when rank 1 is the lowest
 * score. Node scores follow the final score's order, since every aggregation rises with its
 * children (weights are never negative), so a lower node score never makes a better final one worse.
 */
function scoreScale(plan: Results['plan']): NonNullable<TableColumn['colourScale']> {
  return plan.ranking.order === 'ascending' ? 'greenLow' : 'greenHigh';
}

function scoreFormat(decimals: number): string {
  return decimals === 0 ? '0' : `0.${'0'.repeat(decimals)}`;
}

interface Identity {
  columns: TableColumn[];
  values: (i: number) => Cell[];
  /** Entity i's rank, id and name into columns 0-2 of the sheet's current row. */
  put: (sheet: TableSheet, i: number) => void;
}

/** rank, id, name: the first three columns of every entity sheet. */
function identityColumns(results: Results): Identity {
  const { frame } = results;
  const names = frame.names;
  return {
    columns: [
      { key: 'rank', label: L('排名', 'Rank'), width: 8, numFmt: '0' },
      { key: 'id', label: L('编码', 'ID'), width: widthFor(L('编码', 'ID'), frame.ids) },
      { key: 'name', label: L('名称', 'Name'), width: widthFor(L('名称', 'Name'), names ?? []) },
    ],
    values: (i) => [num(results.rank[i]), frame.ids[i], names?.[i] ?? null],
    put: (sheet, i) => {
      sheet.put(0, results.rank[i]);
      sheet.put(1, frame.ids[i]);
      if (names) sheet.put(2, names[i]);
    },
  };
}

function num(v: number): number | null {
  return v === v ? v : null;
}

async function writeRanking(wb: XlsxWriter, results: Results, order: Uint32Array, identity: Identity, tick: Tick, previous?: ReadonlyMap<string, number>): Promise<void> {
  const { plan, frame } = results;
  const decimals = plan.rounding.decimals;
  const fmt = scoreFormat(decimals);
  const gradeLabels = plan.grades.map((g) => g.label.zh);
  const scale = scoreScale(plan);
  const columns: TableColumn[] = [
    ...identity.columns,
    { key: 'score', label: L('得分', 'Score'), width: 10, numFmt: fmt, decimals, colourScale: scale },
    { key: 'grade', label: L('等级', 'Grade'), width: widthFor(L('等级', 'Grade'), gradeLabels) },
    { key: 'grade_id', label: L('等级编号', 'Grade id'), width: widthFor(L('等级编号', 'Grade id'), plan.grades.map((g) => g.id)) },
  ];
  if (previous) columns.push({ key: 'rank_change', label: L('名次变化（+ 为上升）', 'Rank change (+ = up)'), width: 14, numFmt: '+0;-0;0' });
  const adjusted = plan.adjustments.rules.length > 0;
  if (adjusted) {
    columns.push(
      { key: 'base', label: L('基础得分', 'Base score'), width: 10, numFmt: fmt, decimals },
      { key: 'deductions', label: L('扣分', 'Deductions'), width: 12, numFmt: fmt, decimals },
      { key: 'bonuses', label: L('加分', 'Bonuses'), width: 10, numFmt: fmt, decimals },
    );
  }
  const groups = plan.ranking.groups.map((g, k) => {
    const source = plan.sources.find((s) => s.id === g)!;
    const codes = frame.columns.get(g)!;
    const dict = frame.dictionaries.get(g);
    const value = (i: number): Cell => (codes[i] !== codes[i] ? null : dict ? dict[codes[i]] : codes[i]);
    columns.push(
      { key: g, label: source.label, width: widthFor(source.label, dict ?? []) },
      { key: `rank_${g}`, label: L(`${source.label.zh}内排名`, `Rank within ${source.label.en}`), width: 10, numFmt: '0' },
    );
    return { value, ranks: results.groupRanks[k] };
  });
  const sheet = new TableSheet(wb, RESULT_SHEETS.ranking, columns, identity.columns.length);
  const gradeStyles = plan.grades.map((g): number | undefined =>
    (g.color ? sheet.style({ fill: solid(g.color).fgColor.argb, bold: true, color: textColourOn(g.color) }) : undefined));
  const base = identity.columns.length;
  for (const i of order) {
    const g = results.grade[i];
    await sheet.next();
    identity.put(sheet, i);
    sheet.put(base, results.score[i]);
    if (g === g) {
      sheet.put(base + 1, plan.grades[g].label.zh, gradeStyles[g]);
      sheet.put(base + 2, plan.grades[g].id);
    }
    let k = base + 3;
    if (previous) {
      const before = previous.get(frame.ids[i]);
      sheet.put(k++, before !== undefined && results.rank[i] === results.rank[i] ? before - results.rank[i] : null);
    }
    if (adjusted) {
      sheet.put(k++, results.base[i]);
      sheet.put(k++, results.deductions[i]);
      sheet.put(k++, results.bonuses[i]);
    }
    for (const gr of groups) {
      sheet.put(k++, gr.value(i));
      sheet.put(k++, gr.ranks[i]);
    }
    tick();
  }
  await sheet.finish();
}

async function writeNodeSheet(wb: XlsxWriter, name: string, results: Results, order: Uint32Array, identity: Identity, nodes: number[], tick: Tick): Promise<void> {
  const { plan } = results;
  const decimals = plan.rounding.decimals;
  const fmt = scoreFormat(decimals);
  const scale = scoreScale(plan);
  const columns: TableColumn[] = [
    ...identity.columns,
    ...nodes.map((j): TableColumn => {
      const n = plan.nodes[j];
      return { key: n.id, label: n.label, width: widthFor(n.label, [], 10, 24), numFmt: fmt, decimals, colourScale: scale };
    }),
  ];
  const scores = nodes.map((j) => results.nodeScores[j]);
  const sheet = new TableSheet(wb, name, columns, identity.columns.length);
  const base = identity.columns.length;
  for (const i of order) {
    await sheet.next();
    identity.put(sheet, i);
    for (let j = 0; j < scores.length; j++) sheet.put(base + j, scores[j][i]);
    tick();
  }
  await sheet.finish();
}

const KIND: Record<string, string> = { deduction: '扣分 Deduction', bonus: '加分 Bonus', veto: '否决 Veto', list: '名单 List' };

async function writeRules(wb: XlsxWriter, results: Results, order: Uint32Array, identity: Identity, tick: Tick): Promise<void> {
  const { plan, frame } = results;
  const rules = [...plan.adjustments.rules, ...plan.vetoes, ...plan.lists];
  const columns: TableColumn[] = [
    identity.columns[1],
    identity.columns[2],
    { key: 'rule', label: L('规则编号', 'Rule id'), width: widthFor(L('规则编号', 'Rule id'), rules.map((r) => r.id)) },
    { key: 'label', label: L('规则', 'Rule'), width: widthFor(L('规则', 'Rule'), rules.map((r) => r.label.zh)) },
    { key: 'kind', label: L('类型', 'Kind'), width: 16 },
    { key: 'points', label: L('分值（扣分为负）', 'Points (− deduction)'), width: 12, numFmt: scoreFormat(plan.rounding.decimals) },
    { key: 'why', label: L('原因', 'Why'), width: 60 },
  ];
  const fired = ruleFirings(results);
  const sheet = new TableSheet(wb, RESULT_SHEETS.rules, columns, 2);
  for (const i of order) {
    for (const f of fired(i)) {
      await sheet.add([frame.ids[i], frame.names?.[i] ?? null, f.ruleId, f.label.zh, KIND[f.kind], f.points, f.why]);
    }
    tick();
  }
  await sheet.finish();
}

/** A scheme with a settlement: who pays whom how much, one row per entity a rule applied to. */
async function writeSettlement(wb: XlsxWriter, results: Results, order: Uint32Array, identity: Identity): Promise<void> {
  const { plan, frame } = results;
  const st = plan.settlement!;
  const transfers = settlements(results);
  const parties = transfers.flatMap((t) => (t ? [t.payer, t.payee] : []));
  const columns: TableColumn[] = [
    identity.columns[1],
    identity.columns[2],
    { key: 'payer', label: L('付款方', 'Payer'), width: widthFor(L('付款方', 'Payer'), parties) },
    { key: 'payee', label: L('收款方', 'Payee'), width: widthFor(L('收款方', 'Payee'), parties) },
    { key: 'amount', label: L(`金额（${st.unit}）`, `Amount (${st.unit})`), width: 14 },
    { key: 'rule', label: L('规则', 'Rule'), width: 20 },
  ];
  const sheet = new TableSheet(wb, RESULT_SHEETS.settlement, columns, 2);
  for (const i of order) {
    const t = transfers[i];
    if (t) await sheet.add([frame.ids[i], frame.names?.[i] ?? null, t.payer, t.payee, t.amount, st.rules[t.rule].list ?? `rules[${t.rule}]`]);
  }
  await sheet.finish();
}

async function writeRun(wb: XlsxWriter, results: Results, provenance: Provenance): Promise<void> {
  const { plan } = results;
  const ws = await wb.addSheet(RESULT_SHEETS.run, { columns: [{ width: 28 }, { width: 70 }] });
  const facts: [string, string | number][] = [
    ['方案 Scheme', `${plan.scheme.name.zh} ${plan.scheme.name.en}`],
    ['方案编号 Scheme id', plan.scheme.id],
    ['版本 Version', plan.scheme.version],
    ['方案指纹 Plan hash', results.planHash],
    ['引擎 Engine', ENGINE_VERSION],
    ['实体数 Entities', results.frame.n],
    ['得分小数位 Score decimals', plan.rounding.decimals],
    ['语义级别 Semantics level', planSemantics(plan)],
    ...provenanceFacts(provenance),
  ];
  for (const [label, value] of facts) {
    ws.row();
    ws.cell(0, label);
    ws.cell(1, value);
  }
  await wb.closeSheet();
}
