/**
 * The rows of a file's entity ids, for telling a duplicate: an open-addressing table of row
 * numbers (typed arrays, grown by doubling), each id compared as a string only when its hash
 * matches. A million ids cost two typed arrays, not a million map entries.
 */
export class IdTable {
  private slots: Int32Array;
  private hashes: Int32Array;
  private mask: number;
  private count = 0;

  /** `ids`: every row's id, in row order (the table keeps row numbers into it). */
  constructor(private readonly ids: readonly string[], expected = 1024) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
  }

  /** The first row with `id`, or -1 after taking `row` as the first with it. */
  firstOrAdd(id: string, row: number): number {
    const h = hashOf(id);
    const { slots, hashes, mask, ids } = this;
    let at = h & mask;
    for (;;) {
      const r = slots[at];
      if (r < 0) break;
      if (hashes[at] === h && ids[r] === id) return r;
      at = (at + 1) & mask;
    }
    slots[at] = row;
    hashes[at] = h;
    if (++this.count * 2 > slots.length) this.grow();
    return -1;
  }

  private grow(): void {
    const { slots, hashes } = this;
    const size = slots.length * 2;
    this.slots = new Int32Array(size).fill(-1);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] < 0) continue;
      let at = hashes[i] & this.mask;
      while (this.slots[at] >= 0) at = (at + 1) & this.mask;
      this.slots[at] = slots[i];
      this.hashes[at] = hashes[i];
    }
  }
}

/** FNV-1a over the UTF-16 code units, mixed at the end so the low bits spread. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return (h ^ (h >>> 13)) | 0;
}
