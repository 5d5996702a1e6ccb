/**
 * A run's results as stored: the columns of the results CSV contract (score, rank, grade, base,
 * deductions, bonuses, every node, ranks within peer groups, veto and list flags) for every
 * entity, in the column-blob layout; the results hash is the SHA-256 of these bytes. The same
 * plan on the same snapshot gives the same bits, so a rerun gives the same hash.
 */
import { planSemantics, type Results, type ScoringPlan } from '../engine/index.js';
import { sha256Hex } from '../indicators/index.js';
import { decodeColumns, encodeColumns, readHead } from './column-blob.js';
import { buildEntityIndex, type EntityIndex } from './entity-index.js';

export const RESULTS_MAGIC = 'KHRES001';
const MAGIC = RESULTS_MAGIC;

export interface ResultsHeader {
  format: 1;
  n: number;
  ids: string[];
  names: (string | null)[] | null;
  planHash: string;
  /** The plan's semantics mark, as the plan carries it (engine/semantics.ts): level 1 `engine: '0.1.0'`, later levels `semantics`. */
  engine?: string;
  semantics?: number;
  asOf: number | null;
  columns: string[];
  /** Grade ids by code, so a stored grade can be read without the plan. */
  grades: string[];
}

export interface StoredResults {
  n: number;
  ids: string[];
  names: (string | null)[] | null;
  planHash: string;
  semantics: number;
  grades: string[];
  /** By name: `score`, `rank`, `grade`, `base`, `deductions`, `bonuses`, `node:ID`, `rank:GROUP`, `veto:ID`, `list:ID`. */
  columns: Map<string, Float64Array>;
}

/** The plan's own semantics mark (level 1: `engine: '0.1.0'`, as the first release wrote every header, so level-1 results keep their hash). */
const semanticsMark = (plan: ScoringPlan): Pick<ResultsHeader, 'engine' | 'semantics'> =>
  (plan.semantics === undefined ? { engine: plan.engine } : { semantics: plan.semantics });

/** The header and the columns of a run's results, in stored order. */
export function resultsParts(results: Results): { header: ResultsHeader; columns: Float64Array[] } {
  const { plan, frame } = results;
  const named: [string, Float64Array][] = [
    ['score', results.score], ['rank', results.rank], ['grade', results.grade], ['base', results.base],
    ['deductions', results.deductions], ['bonuses', results.bonuses],
    ...plan.nodes.map((n, j): [string, Float64Array] => [`node:${n.id}`, results.nodeScores[j]]),
    ...plan.ranking.groups.map((g, k): [string, Float64Array] => [`rank:${g}`, results.groupRanks[k]]),
    ...plan.vetoes.map((v, k): [string, Float64Array] => [`veto:${v.id}`, results.vetoes[k]]),
    ...plan.lists.map((l, k): [string, Float64Array] => [`list:${l.id}`, results.lists[k]]),
  ];
  const header: ResultsHeader = {
    format: 1, n: frame.n, ids: frame.ids, names: frame.names, planHash: results.planHash, ...semanticsMark(plan),
    asOf: results.asOf, columns: named.map(([k]) => k), grades: plan.grades.map((g) => g.id),
  };
  return { header, columns: named.map(([, c]) => c) };
}

export function encodeResults(results: Results): { hash: string; data: Buffer } {
  const { header, columns } = resultsParts(results);
  const data = encodeColumns(MAGIC, header, columns);
  return { hash: sha256Hex(data), data };
}

export function decodeResults(blob: Uint8Array): StoredResults {
  const { header, columns } = decodeColumns<ResultsHeader>(MAGIC, blob, (h) => h.columns.map(() => h.n));
  return {
    n: header.n, ids: header.ids, names: header.names, planHash: header.planHash, semantics: planSemantics(header), grades: header.grades,
    columns: new Map(header.columns.map((c, k) => [c, columns[k]])),
  };
}

/**
 * Some columns of a run's stored results (by name), with its ids, names and grades: what a diff
 * or an entity index reads, without copying the other columns. The columns are aligned copies
 * (in SharedArrayBuffers when `shared`), bit for bit the stored ones.
 */
export function decodeResultsColumns(blob: Uint8Array, names: readonly string[], shared = false): StoredResults {
  const { head, start } = readHead(MAGIC, blob);
  const header = JSON.parse(head) as ResultsHeader;
  const { n } = header;
  if (blob.byteLength !== start + header.columns.length * n * 8) throw new Error(`${MAGIC} blob has ${blob.byteLength} bytes, expected ${start + header.columns.length * n * 8}`);
  const column = (name: string): Float64Array => {
    const k = header.columns.indexOf(name);
    if (k < 0) throw new Error(`${MAGIC} blob has no column ${name}`);
    // An aligned copy: the blob's own offset need not be a multiple of 8.
    const out = new Float64Array(shared ? new SharedArrayBuffer(n * 8) : new ArrayBuffer(n * 8));
    new Uint8Array(out.buffer).set(blob.subarray(start + k * n * 8, start + (k + 1) * n * 8));
    return out;
  };
  return {
    n, ids: header.ids, names: header.names, planHash: header.planHash, semantics: planSemantics(header), grades: header.grades,
    columns: new Map(names.map((name) => [name, column(name)])),
  };
}

/**
 * The entity index of a run's results (entity-index.ts) straight from the stored bytes: the
 * header and the score, rank and grade columns only, not the whole results. `shared`: in
 * SharedArrayBuffers (built by the store's worker for the main thread).
 */
export function resultsEntityIndex(blob: Uint8Array, shared = false): EntityIndex {
  const r = decodeResultsColumns(blob, ['score', 'rank', 'grade']);
  const c = (name: string): Float64Array => r.columns.get(name)!;
  return buildEntityIndex(r.ids, { score: c('score'), rank: c('rank'), grade: c('grade') }, r.grades, shared);
}
