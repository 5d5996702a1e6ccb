/**
 * Exact summation, fast: a "superaccumulator" of 32-bit blocks. Each finite term is split
 * exactly into three pieces of at most 32 bits aligned to 32-bit block boundaries of the binary
 * exponent, and each piece is added to its block's bin; a bin is a double holding an integer
 * (times its block's power of two) that stays below 2^53 for 2^21 additions, so no addition
 * rounds. The bins (and any term outside the range the split handles) then go into an ExactSum,
 * whose value is the exact total correctly rounded: the same bits as adding every term to an
 * ExactSum one by one, in any order, at a few nanoseconds a term instead of tens.
 *
 * A NaN or infinite term is not handled (ExactSum's answer then depends on the order of the
 * terms): `nonFinite` is set and the caller sums the terms with ExactSum in their order instead.
 */
import { ExactSum } from './exact-sum.js';

/** Blocks k = ⌊e / 32⌋ for binary exponents e in [−960, 960], and the two below the lowest. */
const K_MIN = -32;
const K_MAX = 30;
const E_LIMIT = 960;
const BINS = K_MAX - K_MIN + 1;
/** Fold the bins into the ExactSum before any bin can reach 2^53. */
const FOLD_EVERY = 1 << 20;
const TWO32 = 4294967296;

/** POW2[k − K_MIN] = 2^(32k); UNSCALE[k − K_MIN] = 2^(−32k). */
const POW2 = Float64Array.from({ length: BINS }, (_, i) => 2 ** (32 * (i + K_MIN)));
const UNSCALE = Float64Array.from({ length: BINS }, (_, i) => 2 ** (-32 * (i + K_MIN)));

const word = new Float64Array(1);
const words = new Uint32Array(word.buffer);
/** Index of the word holding sign and exponent (1 on little-endian machines). */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

export class BlockSum {
  private readonly bins = new Float64Array(BINS);
  private adds = 0;
  private rest: ExactSum | null = null;
  /** A NaN or ±Infinity was added: the sum is not valid, sum the terms with ExactSum. */
  nonFinite = false;

  add(v: number): void {
    if (v === 0) return;
    word[0] = v;
    const e = ((words[HIGH] >>> 20) & 0x7ff) - 1023;
    if (e < -E_LIMIT || e > E_LIMIT) {
      if (e === 1024) this.nonFinite = true;
      else (this.rest ??= new ExactSum()).add(v);
      return;
    }
    const k = e >> 5;
    const i = k - K_MIN;
    // |t| < 2^32 with its lowest bit at 2^−52 or above, so a, b and g are exact integers below 2^32.
    const t = v * UNSCALE[i];
    const a = Math.trunc(t);
    const f = (t - a) * TWO32;
    const b = Math.trunc(f);
    const g = (f - b) * TWO32;
    const bins = this.bins;
    bins[i] += a;
    bins[i - 1] += b;
    bins[i - 2] += g;
    if (++this.adds === FOLD_EVERY) this.fold();
  }

  /** The exact sum as an ExactSum (to merge with others or send to another thread). */
  toExactSum(): ExactSum {
    this.fold();
    const s = this.rest ?? new ExactSum();
    this.rest = null;
    return s;
  }

  value(): number {
    this.fold();
    return this.rest?.value() ?? 0;
  }

  private fold(): void {
    const bins = this.bins;
    for (let i = 0; i < BINS; i++) {
      if (bins[i] === 0) continue;
      (this.rest ??= new ExactSum()).add(bins[i] * POW2[i]);
      bins[i] = 0;
    }
    this.adds = 0;
  }
}
