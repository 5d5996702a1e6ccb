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
import { formatDay, listDates, MAX_LIST_DATE_ENTITIES, type Results } from '../engine/index.js';
import { hasListDateColumns, OUTPUT_CHUNK_ROWS, type OutputProgress } from './csv-output.js';
import { resultsChunk, resultsLabels, type ResultsChunk, type ResultsLabels } from './results-chunk.js';
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

/** The document's head: everything before the entities, which go between its brackets; the whole document when there are none. */
export function resultsJsonHead(results: Results, provenance: Provenance): { open: string; empty: string } {
  const { plan } = results;
  const head = JSON.stringify({
    scheme: { id: plan.scheme.id, version: plan.scheme.version },
    ...provenance,
    columns: { nodes: plan.nodes.map((n) => n.id), groups: plan.ranking.groups, ...(hasListDateColumns(plan) ? { listDates: true } : {}), ...(plan.settlement ? { settlement: true } : {}) },
    entities: [],
  }, null, 1);
  // head ends `"entities": []\n}`: the entities go between the brackets.
  return { open: head.slice(0, head.length - '[]\n}'.length + 1), empty: `${head}\n` };
}

/** The document's end, after the last entity. */
export const RESULTS_JSON_END = '\n ]\n}\n';

/** Each list entry's dates (engine/list-dates.ts): from the dated records, null without them (or in rounds too large to rescore). */
export const jsonListDates = (results: Results): ResultsChunk['dates'] => (results.frame.n <= MAX_LIST_DATE_ENTITIES ? listDates(results) : null);

/** A chunk's entities as the document's text, `,` between them (none before the document's first). */
export function jsonChunkText(chunk: ResultsChunk, labels: ResultsLabels): string {
  const nodes = objectWriter(labels.nodes, '    ');
  const groupRanks = objectWriter(labels.groups, '    ');
  const vetoIds = labels.vetoes.map((v) => JSON.stringify(v));
  const listIds = labels.lists.map((l) => JSON.stringify(l));
  const gradeIds = labels.grades.map((g) => JSON.stringify(g));
  const { dates, transfers } = chunk;
  const idList = (ids: readonly string[], flags: readonly Float64Array[], i: number): string => {
    let s = '';
    for (let k = 0; k < flags.length; k++) if (flags[k][i] === 1) s += `${s === '' ? '[\n' : ',\n'}    ${ids[k]}`;
    return s === '' ? '[]' : `${s}\n   ]`;
  };
  const day = (v: number | undefined): string => (v !== undefined && v === v ? JSON.stringify(formatDay(v)) : 'null');
  const listEntries = (i: number): string => {
    let s = '';
    for (let k = 0; k < listIds.length; k++) {
      if (chunk.lists[k][i] !== 1) continue;
      s += `${s === '' ? '[\n' : ',\n'}    {\n     "id": ${listIds[k]},\n     "since": ${day(dates?.since[k][i])},\n     "until": ${day(dates?.until[k][i])}\n    }`;
    }
    return s === '' ? '[]' : `${s}\n   ]`;
  };
  const text = (v: string | null | undefined): string => (v === null || v === undefined ? 'null' : JSON.stringify(v));
  const settlementFields = (i: number): string => {
    if (!transfers) return '';
    const t = transfers[i];
    return `,\n   "payer": ${text(t?.payer)},\n   "payee": ${text(t?.payee)},\n   "amount": ${t ? jsonNumber(t.amount) : 'null'}`;
  };
  const nodeValues = new Array<string>(labels.nodes.length);
  const groupValues = new Array<string>(labels.groups.length);
  let s = '';
  for (let i = 0; i < chunk.ids.length; i++) {
    for (let j = 0; j < nodeValues.length; j++) nodeValues[j] = jsonNumber(chunk.nodeScores[j][i]);
    for (let k = 0; k < groupValues.length; k++) groupValues[k] = jsonNumber(chunk.groupRanks[k][i]);
    const name = chunk.names?.[i];
    const g = chunk.grade[i];
    s += `${chunk.from + i === 0 ? '\n' : ',\n'}  {\n   "id": ${JSON.stringify(chunk.ids[i])},\n   "name": ${name === undefined || name === null ? 'null' : JSON.stringify(name)},`
      + `\n   "rank": ${jsonNumber(chunk.rank[i])},\n   "score": ${jsonNumber(chunk.score[i])},\n   "grade": ${g === g ? gradeIds[g] : 'null'},`
      + `\n   "nodes": ${nodes(nodeValues)},\n   "groupRanks": ${groupRanks(groupValues)},`
      + `\n   "deductions": ${jsonNumber(chunk.deductions[i])},\n   "bonuses": ${jsonNumber(chunk.bonuses[i])},`
      + `\n   "vetoes": ${idList(vetoIds, chunk.vetoes, i)},\n   "lists": ${listEntries(i)}${settlementFields(i)}\n  }`;
  }
  return s;
}

/** The document's pieces on this thread: the head, the entities in chunks, the end. */
export function* resultsJsonChunks(results: Results, provenance: Provenance = provenanceOf(results, null), onProgress?: OutputProgress, chunkRows = OUTPUT_CHUNK_ROWS): Generator<Buffer> {
  const { frame } = results;
  const head = resultsJsonHead(results, provenance);
  if (frame.n === 0) {
    yield Buffer.from(head.empty, 'utf8');
    return;
  }
  yield Buffer.from(head.open, 'utf8');
  const labels = resultsLabels(results);
  const dates = jsonListDates(results);
  for (let from = 0; from < frame.n; from += chunkRows) {
    const to = Math.min(frame.n, from + chunkRows);
    yield Buffer.from(jsonChunkText(resultsChunk(results, from, to, { names: true, dates }), labels), 'utf8');
    onProgress?.(to, frame.n);
  }
  yield Buffer.from(RESULTS_JSON_END, 'utf8');
}

/** The whole JSON as one string: for results small enough to hold that way. */
export function resultsJson(results: Results, provenance: Provenance = provenanceOf(results, null)): string {
  return Buffer.concat([...resultsJsonChunks(results, provenance)]).toString('utf8');
}
