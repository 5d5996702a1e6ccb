/**
 * A seeded random stream per (seed, sample, stream): xoshiro128** (Blackman and Vigna) on
 * 32-bit integer operations, its state derived from the three with the lowbias32 mixer (a
 * bijection of 32-bit words). So a replication's draws depend only on the seed, its sample index
 * and the assumption (the stream), never on which thread runs it or in what order, and distinct
 * samples of one seed and stream never share a state.
 */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

/** xoshiro128** (Blackman and Vigna) on 32-bit integer operations, from the four state words its user's seeding chose (not all zero). */
export class Xoshiro128 {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(s0: number, s1: number, s2: number, s3: number) {
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** The next 32-bit output. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }
}

export class ReplicationRng extends Xoshiro128 {
  /** `seed`, `sample` and `stream` are whole numbers from 0 to 2^32 − 1. */
  constructor(seed: number, sample: number, stream = 0) {
    const s0 = mix32(mix32(mix32((seed ^ 0x9e3779b9) >>> 0) ^ sample) ^ stream);
    const s1 = mix32((s0 + 0x6a09e667) >>> 0);
    const s2 = mix32((s1 + 0xbb67ae85) >>> 0);
    super(s0, s1, s2, mix32((s2 + 0x3c6ef372) >>> 0));
  }

  /** Uniform on [0, 1) with 53 random bits (two outputs). */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}
