/**
 * Exact floating-point summation (Shewchuk's algorithm, as Python's math.fsum): the result is
 * the exact sum correctly rounded, whatever order the terms arrive in. That is what makes
 * column statistics independent of chunk size and thread count: partial sums of chunks merge
 * exactly.
 */
export class ExactSum {
  private partials: number[] = [];
  private count = 0;

  add(value: number): void {
    let x = value;
    const p = this.partials;
    const n = this.count;
    let i = 0;
    for (let j = 0; j < n; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    p[i] = x;
    this.count = i + 1;
  }

  /** The partials, for sending to another thread; fromPartials() rebuilds the sum. */
  toPartials(): number[] {
    return this.partials.slice(0, this.count);
  }

  static fromPartials(partials: readonly number[]): ExactSum {
    const s = new ExactSum();
    for (const v of partials) s.add(v);
    return s;
  }

  /** Fold another partial sum into this one (exact). */
  merge(other: ExactSum): void {
    for (let j = 0; j < other.count; j++) this.add(other.partials[j]);
  }

  value(): number {
    const p = this.partials;
    let n = this.count;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Round half-even correctly when the remaining partials push the tie one way.
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
    return hi;
  }
}
