/**
 * Results as JSON: the run's identity and provenance (results-provenance.ts) as top-level fields,
 * the node and peer-group ids in CSV column order (`columns`, with `listDates: true` when the CSV has list_since / list_until), and one record per entity, full
 * precision, null = missing; each list entry is `{ id, since, until }` (dates, or null when not
 * knowable); with a settlement, `payer`, `payee` and `amount` (engine/settlement.ts). It holds every cell of the results CSV, so `kaohe hash` gets the
 * CSV back from it (results-file-hash.ts).
 *
 * The bytes are JSON.stringify(document, null, 1) plus a line end, written piece by piece (the
 * entities OUTPUT_CHUNK_ROWS at a time, straight from the columns): a million entities are more
 * than one JavaScript string holds.
 */
import { formatDay, listDates, settlements, type Results } from '../engine/index.js';
import { hasListDateColumns, OUTPUT_CHUNK_ROWS, type OutputProgress } from './csv-output.js';
import { provenanceOf, type Provenance } from './results-provenance.js';

/** What JSON.stringify writes for a number: NaN and ±Infinity are null. */
const jsonNumber = (v: number): string => (Number.isFinite(v) ? String(v) : 'null');

/**
 * `{ "key": value, … }` at `indent` spaces (the closing brace one space less) with keys in the
 * order an object built from them lists them (integer-like keys first, as JSON.stringify would).
 */
function objectWriter(keys: readonly string[], indent: string): (values: readonly string[]) => string {
  const order = Object.keys(Object.fromEntries(keys.map((k, j) => [k, j])));
  const at = order.map((k) => keys.lastIndexOf(k));
  const names = order.map((k) => `${indent}${JSON.stringify(k)}: `);
  const close = `\n${indent.slice(1)}}`;
  return (values) => {
    if (at.length === 0) return '{}';
    let s = '{';
    for (let k = 0; k < at.length; k++) s += `${k === 0 ? '\n' : ',\n'}${names[k]}${values[at[k]]}`;
    return s + close;
  };
}

/** The document's pieces: everything before the entities, the entities in chunks, the end. */
export function* resultsJsonChunks(results: Results, provenance: Provenance = provenanceOf(results, null), onProgress?: OutputProgress): Generator<Buffer> {
  const { plan, frame } = results;
  const head = JSON.stringify({
    scheme: { id: plan.scheme.id, version: plan.scheme.version },
    ...provenance,
    columns: { nodes: plan.nodes.map((n) => n.id), groups: plan.ranking.groups, ...(hasListDateColumns(plan) ? { listDates: true } : {}), ...(plan.settlement ? { settlement: true } : {}) },
    entities: [],
  }, null, 1);
  // head ends `"entities": []\n}`: the entities go between the brackets.
  const open = head.slice(0, head.length - '[]\n}'.length + 1);
  if (frame.n === 0) {
    yield Buffer.from(`${head}\n`, 'utf8');
    return;
  }
  yield Buffer.from(open, 'utf8');
  const nodes = objectWriter(plan.nodes.map((n) => n.id), '    ');
  const groupRanks = objectWriter(plan.ranking.groups, '    ');
  const idList = (ids: readonly string[], flags: readonly Float64Array[], i: number): string => {
    let s = '';
    for (let k = 0; k < flags.length; k++) if (flags[k][i] === 1) s += `${s === '' ? '[\n' : ',\n'}    ${ids[k]}`;
    return s === '' ? '[]' : `${s}\n   ]`;
  };
  // Each list entry with its dates (engine/list-dates.ts): found from the dated records, null without them (or in rounds too large to rescore).
  const dates = plan.lists.length > 0 ? listDates(results) : null;
  const day = (v: number | undefined): string => (v !== undefined && v === v ? JSON.stringify(formatDay(v)) : 'null');
  const listEntries = (i: number): string => {
    let s = '';
    for (let k = 0; k < plan.lists.length; k++) {
      if (results.lists[k][i] !== 1) continue;
      s += `${s === '' ? '[\n' : ',\n'}    {\n     "id": ${listIds[k]},\n     "since": ${day(dates?.since[k][i])},\n     "until": ${day(dates?.until[k][i])}\n    }`;
    }
    return s === '' ? '[]' : `${s}\n   ]`;
  };
  const transfers = plan.settlement ? settlements(results) : null;
  const text = (v: string | null | undefined): string => (v === null || v === undefined ? 'null' : JSON.stringify(v));
  const settlementFields = (i: number): string => {
    if (!transfers) return '';
    const t = transfers[i];
    return `,\n   "payer": ${text(t?.payer)},\n   "payee": ${text(t?.payee)},\n   "amount": ${t ? jsonNumber(t.amount) : 'null'}`;
  };
  const vetoIds = plan.vetoes.map((v) => JSON.stringify(v.id));
  const listIds = plan.lists.map((l) => JSON.stringify(l.id));
  const gradeIds = plan.grades.map((g) => JSON.stringify(g.id));
  const nodeValues = new Array<string>(plan.nodes.length);
  const groupValues = new Array<string>(plan.ranking.groups.length);
  for (let from = 0; from < frame.n; from += OUTPUT_CHUNK_ROWS) {
    const to = Math.min(frame.n, from + OUTPUT_CHUNK_ROWS);
    let s = '';
    for (let i = from; i < to; i++) {
      for (let j = 0; j < nodeValues.length; j++) nodeValues[j] = jsonNumber(results.nodeScores[j][i]);
      for (let k = 0; k < groupValues.length; k++) groupValues[k] = jsonNumber(results.groupRanks[k][i]);
      const name = frame.names?.[i];
      const g = results.grade[i];
      s += `${i === 0 ? '\n' : ',\n'}  {\n   "id": ${JSON.stringify(frame.ids[i])},\n   "name": ${name === undefined || name === null ? 'null' : JSON.stringify(name)},`
        + `\n   "rank": ${jsonNumber(results.rank[i])},\n   "score": ${jsonNumber(results.score[i])},\n   "grade": ${g === g ? gradeIds[g] : 'null'},`
        + `\n   "nodes": ${nodes(nodeValues)},\n   "groupRanks": ${groupRanks(groupValues)},`
        + `\n   "deductions": ${jsonNumber(results.deductions[i])},\n   "bonuses": ${jsonNumber(results.bonuses[i])},`
        + `\n   "vetoes": ${idList(vetoIds, results.vetoes, i)},\n   "lists": ${listEntries(i)}${settlementFields(i)}\n  }`;
    }
    yield Buffer.from(s, 'utf8');
    onProgress?.(to, frame.n);
  }
  yield Buffer.from('\n ]\n}\n', 'utf8');
}

/** The whole JSON as one string: for results small enough to hold that way. */
export function resultsJson(results: Results, provenance: Provenance = provenanceOf(results, null)): string {
  return Buffer.concat([...resultsJsonChunks(results, provenance)]).toString('utf8');
}
