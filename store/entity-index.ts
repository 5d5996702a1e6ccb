/**
 * One entity's score, rank and grade in a run's stored results, found in O(1): an entity's
 * history (store/history.ts, the scorecard's trend) needs one row of each earlier round, and a
 * round may hold a million entities. Built once per run from its stored results — for a large
 * run in a file database by the store's worker thread (store/off-thread.ts), in shared memory, so
 * the main thread neither decodes the results nor parses or scans a million ids — and kept in the
 * results cache (results-cache.ts), counted by its bytes.
 *
 * The ids are kept as UTF-16 code units (exact for any string, lone surrogates included), with
 * an open-addressing hash table over them; the score, rank and grade columns are copies of the
 * stored ones, bit for bit. Not a stored format: nothing of it is written.
 */

export interface EntityIndex {
  n: number;
  /** Entities ranked in the run (rank not NaN). */
  ranked: number;
  /** Grade ids by code (the results header's). */
  grades: string[];
  /** The ids' UTF-16 code units, one after another: id i is chars[offsets[i], offsets[i + 1]). */
  chars: Uint16Array;
  offsets: Int32Array;
  /** Open addressing, linear probing: row + 1, or 0 for an empty slot; a power of two, at least twice n. */
  table: Int32Array;
  score: Float64Array;
  rank: Float64Array;
  grade: Float64Array;
}

/** FNV-1a over the UTF-16 code units. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function sameId(index: Pick<EntityIndex, 'chars' | 'offsets'>, row: number, id: string): boolean {
  const at = index.offsets[row];
  if (index.offsets[row + 1] - at !== id.length) return false;
  const { chars } = index;
  for (let i = 0; i < id.length; i++) if (chars[at + i] !== id.charCodeAt(i)) return false;
  return true;
}

/** The bytes an index holds (for the cache's budget). */
export const entityIndexBytes = (x: EntityIndex): number =>
  x.chars.byteLength + x.offsets.byteLength + x.table.byteLength + x.score.byteLength + x.rank.byteLength + x.grade.byteLength + 64 * x.grades.length + 256;

/**
 * The index of a run's results: its ids, its grades, and its score, rank and grade columns
 * (copied). `shared`: in SharedArrayBuffers, to hand to another thread without a copy.
 */
export function buildEntityIndex(
  ids: readonly string[], columns: { score: Float64Array; rank: Float64Array; grade: Float64Array }, grades: string[], shared = false,
): EntityIndex {
  const n = ids.length;
  const buffer = (bytes: number): ArrayBuffer | SharedArrayBuffer => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  let total = 0;
  for (let i = 0; i < n; i++) total += ids[i].length;
  const chars = new Uint16Array(buffer(total * 2));
  const offsets = new Int32Array(buffer((n + 1) * 4));
  let at = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    offsets[i] = at;
    for (let k = 0; k < id.length; k++) chars[at + k] = id.charCodeAt(k);
    at += id.length;
  }
  offsets[n] = at;
  let size = 8;
  while (size < 2 * n) size *= 2;
  const table = new Int32Array(buffer(size * 4));
  const mask = size - 1;
  const probe = { chars, offsets };
  for (let i = 0; i < n; i++) {
    let slot = hashOf(ids[i]) & mask;
    let duplicate = false;
    for (let r = table[slot]; r !== 0; r = table[slot]) {
      // A repeated id keeps its first row, as indexOf would find it.
      if (sameId(probe, r - 1, ids[i])) { duplicate = true; break; }
      slot = (slot + 1) & mask;
    }
    if (!duplicate) table[slot] = i + 1;
  }
  const cols = new Float64Array(buffer(3 * n * 8));
  const score = cols.subarray(0, n);
  const rank = cols.subarray(n, 2 * n);
  const grade = cols.subarray(2 * n, 3 * n);
  score.set(columns.score);
  rank.set(columns.rank);
  grade.set(columns.grade);
  let ranked = 0;
  for (let i = 0; i < n; i++) if (rank[i] === rank[i]) ranked++;
  return { n, ranked, grades, chars, offsets, table, score, rank, grade };
}

/** The entity's row, or -1: the first row with this id, as `ids.indexOf(id)`. */
export function entityRow(index: EntityIndex, id: string): number {
  const mask = index.table.length - 1;
  let slot = hashOf(id) & mask;
  for (let r = index.table[slot]; r !== 0; r = index.table[slot]) {
    if (sameId(index, r - 1, id)) return r - 1;
    slot = (slot + 1) & mask;
  }
  return -1;
}

/** The id of a row (its UTF-16 code units back to a string). */
export function entityId(index: EntityIndex, row: number): string {
  const { chars, offsets } = index;
  let s = '';
  for (let at = offsets[row], end = offsets[row + 1]; at < end; at += 4096) {
    s += String.fromCharCode.apply(null, chars.subarray(at, Math.min(end, at + 4096)) as unknown as number[]);
  }
  return s;
}

/**
 * The run's ranks as a read-only Map read in place (entity id → rank; entities without a rank
 * are not in it): the previous round's ranks for a ranking's rank changes, without decoding that
 * round's results or building a Map of a million ids. `get` and `has` are O(1); iterating
 * rebuilds the ids (row order, an id's first row, as `get` finds it). A run's ids are unique
 * (the roster and the frame builder refuse repeats).
 */
export function entityRanks(index: EntityIndex): ReadonlyMap<string, number> {
  return new RankView(index);
}

class RankView implements ReadonlyMap<string, number> {
  readonly #x: EntityIndex;
  #size = -1;

  constructor(index: EntityIndex) {
    this.#x = index;
  }

  get(id: string): number | undefined {
    const i = entityRow(this.#x, id);
    if (i < 0) return undefined;
    const r = this.#x.rank[i];
    return r === r ? r : undefined;
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  get size(): number {
    if (this.#size < 0) {
      let n = 0;
      for (const _ of this.#rows()) n++;
      this.#size = n;
    }
    return this.#size;
  }

  /** Rows with a rank whose id's first row they are. */
  *#rows(): Generator<[string, number], undefined> {
    const x = this.#x;
    for (let i = 0; i < x.n; i++) {
      const r = x.rank[i];
      if (r !== r) continue;
      const id = entityId(x, i);
      if (entityRow(x, id) === i) yield [id, r];
    }
    return undefined;
  }

  entries(): MapIterator<[string, number]> {
    return this.#rows();
  }

  *keys(): MapIterator<string> {
    for (const [id] of this.#rows()) yield id;
    return undefined;
  }

  *values(): MapIterator<number> {
    for (const [, r] of this.#rows()) yield r;
    return undefined;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.#rows();
  }

  forEach(f: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    for (const [id, r] of this.#rows()) f.call(thisArg, r, id, this);
  }
}
