/**
 * Seeded synthetic data for any plan, for demos and benchmarks (`kaohe synth`).
 *
 * The same (plan, n, seed) always gives the same values, on any machine: every column draws
 * from its own xoshiro128** stream, seeded from the seed and the column's id (so adding an
 * input to a scheme leaves the other columns as they were), and one more stream draws a
 * latent "quality" per entity that every input loads on, so that inputs are correlated the
 * way real ones are (a well-run enterprise tends to be good on everything). No Math.random.
 *
 * What each column looks like is read from the plan:
 * - a number scored by bands or goalposts spreads over the band edges or the targets (10%
 *   beyond them on each side), leaning towards the good end, as most entities comply; when a
 *   veto compares it with a number (`total_load_ratio > 100`), at most ~3% are past it;
 * - another number spreads over its `range`; with only a lower bound it is log-normal (long
 *   right tail, which is what outlier treatment is for); with no range, normal around 50;
 * - a count (unit 次, 起, 件, 项, 个, 家, 宗, 条, 人次) is a whole number: events (a count only rules
 *   look at, or one where fewer is better) are mostly 0, more often for low-quality entities;
 * - a number that only rules look at (deductions, vetoes, lists) is an event too: mostly 0;
 * - a boolean that rules look at, or nothing does, is a rare event (~3% true, more for
 *   low-quality entities); one scored in the tree is true about half the time;
 * - categories come from the declared list (or G01…G08 for an attribute that lists none),
 *   dates from 2020–2024, numeric attributes are 0/1 flags (20% 1);
 * - non-required inputs are missing for 1–5% of entities (a rate drawn per column);
 *   attributes are never missing;
 * - values are rounded to a plausible number of digits and kept within the declared range;
 * - ids are unique: for `subject: enterprise`, valid unified social credit codes (see
 *   uscc.ts); otherwise R000001… (region), P… (official), S… (section).
 *
 * synthFrame builds the typed columns directly (for benchmarks); synthCsv / synthCsvChunks
 * write the same values as text, each number as the shortest decimal that reads back to the
 * same double, so reading the CSV gives exactly the frame synthFrame builds.
 */
import { Xoshiro128, type Frame, type PlanIndicator, type ScoringPlan, type SourceColumn } from '../engine/index.js';
import { children, dayNumber, formatDay, references, type Ast } from '../indicators/index.js';
import { textCell } from './csv-output.js';
import { makeEnterpriseUscc } from './uscc.js';
import { MAX_SYNTHETIC_DIVISIONS, syntheticDivisionCode } from './division-codes.js';

/**
 * How a region's synthetic id is made: `sequence` R000001… (the default, so a seed's bytes stay
 * the same), or `division`, well-formed GB/T 2260 codes that a service roster takes (up to
 * MAX_SYNTHETIC_DIVISIONS regions).
 */
export type SynthIds = 'sequence' | 'division';

/** The most rows `kaohe synth` makes in one file. */
export const MAX_SYNTH_ROWS = 5_000_000;

// ── PRNG ────────────────────────────────────────────────────────────────────────────────

/** xoshiro128** (engine/prng.ts), seeded by splitmix32 from a 32-bit hash. */
export class Rng extends Xoshiro128 {
  private spare = NaN;

  constructor(seed32: number) {
    let s = seed32 >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    const [a, b, c, d] = [next(), next(), next(), next()];
    super(a, b, c, (a | b | c | d) === 0 ? 1 : d);
  }

  /** The next 32 random bits, as an unsigned integer. */
  u32(): number {
    return this.nextUint32();
  }

  /** Uniform in (0, 1), never 0 or 1. */
  uniform(): number {
    return (this.u32() + 0.5) / 4294967296;
  }

  /** Standard normal (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare === this.spare) {
      const v = this.spare;
      this.spare = NaN;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const th = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(th);
    return r * Math.cos(th);
  }

  /** Poisson(λ), by Knuth's product of uniforms (λ is small here). */
  poisson(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }
}

/** FNV-1a over the UTF-16 code units of `${seed}/${name}`. */
function streamSeed(seed: number, name: string): number {
  const s = `${seed}/${name}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// ── What each column looks like ─────────────────────────────────────────────────────────

const COUNT_UNITS = new Set(['次', '起', '件', '项', '个', '家', '宗', '条', '人次']);
const DAY0 = dayNumber(2020, 1, 1);
const DAYS = dayNumber(2025, 1, 1) - DAY0;
const GENERIC_GROUPS = ['G01', 'G02', 'G03', 'G04', 'G05', 'G06', 'G07', 'G08'];
/** Registering authorities for synthetic enterprise codes (GB/T 2260 prefecture codes). */
const DIVISIONS = ['110108', '310115', '320100', '320500', '330100', '340100', '340800', '350100', '370200', '420100', '440300', '440100', '500000', '510100', '610100'];

type Shape =
  /**
   * Spread over [lo, hi], leaning by `shift` toward the good end; with `log`, [lo, hi] bounds
   * ln(x + offset) and values keep 4 significant digits, else `digits` decimals.
   */
  | { kind: 'spread'; lo: number; hi: number; shift: number; digits: number; log: boolean; offset: number }
  /** base + a log-normal amount (median `median`), or base − it when only an upper bound is known. */
  | { kind: 'lognormal'; base: number; median: number; mirror: boolean }
  | { kind: 'normal'; mean: number; sd: number }
  /** Whole numbers; `events`: zero-inflated, P(≥1) = rate, more for low quality. */
  | { kind: 'count'; events: boolean; rate: number }
  /** Zero-inflated amount (not a count): P(> 0) = rate, then log-normal. */
  | { kind: 'amount'; rate: number }
  | { kind: 'flag'; rate: number }
  | { kind: 'category'; values: string[] }
  | { kind: 'date' }
  | { kind: 'attrFlag' };

interface ColumnSpec {
  source: SourceColumn;
  shape: Shape;
  /** +1: higher is better, −1: lower is better (how it loads on quality). */
  sign: number;
  /** Loading on the latent quality, in [0, 1). */
  rho: number;
  missingRate: number;
  clampLo: number;
  clampHi: number;
  /** Category values as written (declared list, or generated). */
  values: string[] | null;
}

interface Usage {
  indicators: PlanIndicator[];
  /** Referenced by derived indicators, denominators or applicability (used in scoring). */
  scoring: boolean;
  /** Referenced by adjustments, vetoes or lists. */
  rules: boolean;
  /** `input < c` / `input > c` in a veto: entities beyond c should be rare. */
  vetoAt: { value: number; badHigh: boolean }[];
}

/** Simple comparisons of a name with a number anywhere in an expression. */
function thresholds(ast: Ast, out: (name: string, value: number, badHigh: boolean) => void): void {
  if (ast.t === 'bin' && (ast.op === '<' || ast.op === '<=' || ast.op === '>' || ast.op === '>=')) {
    const high = ast.op === '>' || ast.op === '>=';
    if (ast.a.t === 'ref' && ast.b.t === 'num') out(ast.a.name, ast.b.v, high);
    else if (ast.a.t === 'num' && ast.b.t === 'ref') out(ast.b.name, ast.a.v, !high);
  }
  children(ast).forEach((c) => thresholds(c, out));
}

function usage(plan: ScoringPlan): Map<string, Usage> {
  const u = new Map<string, Usage>(plan.sources.map((s) => [s.id, { indicators: [], scoring: false, rules: false, vetoAt: [] }]));
  const mark = (ast: Ast | null, key: 'scoring' | 'rules'): void => {
    if (!ast) return;
    for (const name of references(ast).names) {
      const x = u.get(name);
      if (x) x[key] = true;
    }
  };
  for (const d of plan.derived) mark(d.expr, 'scoring');
  for (const node of plan.nodes) {
    mark(node.applicable, 'scoring');
    if (node.kind !== 'indicator') continue;
    const direct = u.get(node.input);
    if (direct) {
      if (node.denominate) direct.scoring = true;
      else direct.indicators.push(node);
    }
    if (node.denominate) {
      const by = u.get(node.denominate.by);
      if (by) by.scoring = true;
    }
  }
  for (const r of plan.adjustments.rules) {
    mark(r.points, 'rules');
    mark(r.when, 'rules');
  }
  for (const v of plan.vetoes) {
    mark(v.when, 'rules');
    thresholds(v.when, (name, value, badHigh) => u.get(name)?.vetoAt.push({ value, badHigh }));
  }
  for (const l of plan.lists) mark(l.when, 'rules');
  return u;
}

/** Decimal digits for values spread over a width: 100 → 1 (87.3), 10 → 2, 1 → 3. */
function digitsFor(width: number): number {
  if (!(width > 0)) return 2;
  return Math.max(0, Math.min(6, 3 - Math.floor(Math.log10(width))));
}

function bandScore(score: number | [number, number]): number {
  return Array.isArray(score) ? (score[0] + score[1]) / 2 : score;
}

function specFor(source: SourceColumn, use: Usage, rng: Rng): ColumnSpec {
  const rho = source.role === 'attribute' ? 0 : 0.55 + 0.25 * rng.uniform();
  const missingRate = source.required || source.role === 'attribute' ? 0 : 0.01 + 0.04 * rng.uniform();
  const [rlo, rhi] = source.range ?? [null, null];
  const spec: ColumnSpec = { source, shape: { kind: 'normal', mean: 50, sd: 15 }, sign: 1, rho, missingRate, clampLo: rlo ?? -Infinity, clampHi: rhi ?? Infinity, values: null };

  if (source.role === 'attribute') {
    if (source.type === 'category') {
      spec.values = source.categories ?? GENERIC_GROUPS;
      spec.shape = { kind: 'category', values: spec.values };
    } else spec.shape = { kind: 'attrFlag' };
    return spec;
  }
  switch (source.type) {
    case 'category':
      spec.values = source.categories!;
      spec.shape = { kind: 'category', values: spec.values };
      return spec;
    case 'date':
      spec.shape = { kind: 'date' };
      return spec;
    case 'boolean': {
      const scored = use.indicators.length > 0 || use.scoring;
      const eventLike = use.rules || !scored;
      spec.shape = { kind: 'flag', rate: eventLike ? 0.03 : 0.5 };
      spec.sign = eventLike ? -1 : 1;
      return spec;
    }
    default:
      break;
  }

  // Numbers. Which way is better, and where the values that matter lie, come from the tree.
  const ind = use.indicators[0];
  let spreadLo = NaN;
  let spreadHi = NaN;
  let log = false;
  if (ind) {
    const n = ind.normalise;
    if (n.method === 'bands') {
      const edges = n.bands.flatMap((b) => [b.min, b.max]).filter((v): v is number => v !== null);
      if (edges.length > 0 && Math.max(...edges) > Math.min(...edges)) {
        spreadLo = Math.min(...edges);
        spreadHi = Math.max(...edges);
      }
      const sorted = [...n.bands].sort((a, b) => (a.min ?? -Infinity) - (b.min ?? -Infinity));
      spec.sign = bandScore(sorted[sorted.length - 1].score) >= bandScore(sorted[0].score) ? 1 : -1;
    } else if (n.method === 'goalpost') {
      spreadLo = Math.min(n.best, n.worst);
      spreadHi = Math.max(n.best, n.worst);
      spec.sign = n.best > n.worst ? 1 : -1;
      const offset = n.transform === 'ln' ? 0 : n.transform === 'ln_alpha' ? n.alpha! : NaN;
      if (offset === offset && spreadLo + offset > 0) log = true;
    } else {
      spec.sign = ind.direction;
    }
  }
  const counted = source.unit !== undefined && COUNT_UNITS.has(source.unit);
  const onlyRules = use.rules && use.indicators.length === 0 && !use.scoring;
  if (counted) {
    const events = onlyRules || spec.sign < 0 || !ind;
    if (onlyRules || !ind) spec.sign = -1;
    spec.shape = { kind: 'count', events, rate: onlyRules ? 0.08 : 0.3 };
    spec.clampLo = Math.max(0, spec.clampLo);
    return spec;
  }
  if (onlyRules && (rlo ?? -1) >= 0) {
    spec.sign = -1;
    spec.shape = { kind: 'amount', rate: 0.08 };
    return spec;
  }
  if (log) {
    const off = ind!.normalise.method === 'goalpost' && ind!.normalise.transform === 'ln_alpha' ? ind!.normalise.alpha! : 0;
    const a = Math.log(spreadLo + off);
    const b = Math.log(spreadHi + off);
    const pad = 0.1 * (b - a);
    spec.shape = { kind: 'spread', lo: a - pad, hi: b + pad, shift: leanFor(use, spec.sign, a - pad, b + pad, (v) => Math.log(v + off)), digits: 0, log: true, offset: off };
    return spec;
  }
  if (spreadLo === spreadLo) {
    const pad = 0.1 * (spreadHi - spreadLo);
    const lo = Math.max(spreadLo - pad, spec.clampLo);
    const hi = Math.min(spreadHi + pad, spec.clampHi);
    if (hi > lo) {
      spec.shape = { kind: 'spread', lo, hi, shift: leanFor(use, spec.sign, lo, hi, (v) => v), digits: digitsFor(hi - lo), log: false, offset: 0 };
      return spec;
    }
  }
  if (rlo !== null && rhi !== null) {
    spec.shape = rhi > rlo
      ? { kind: 'spread', lo: rlo, hi: rhi, shift: 0, digits: digitsFor(rhi - rlo), log: false, offset: 0 }
      : { kind: 'normal', mean: rlo, sd: 0 };
  } else if (rlo !== null) {
    spec.shape = { kind: 'lognormal', base: rlo, median: 100, mirror: false };
  } else if (rhi !== null) {
    spec.shape = { kind: 'lognormal', base: rhi, median: 100, mirror: true };
  }
  return spec;
}

/** Quantile of the standard normal at 3%: Φ⁻¹(0.03). */
const Z03 = -1.8807936081512509;

/**
 * How far a scored input leans toward its good end: by default one standard deviation (the
 * median entity sits 85% of the way along the spread), and further when a veto fires beyond a
 * threshold, so that no more than 3% of entities are past it. The draw is
 * u = σ(1.7·(g + shift)), g ~ N(0, 1), so P(u < p) = Φ(logit(p)/1.7 − shift) exactly.
 */
function leanFor(use: Usage, sign: number, lo: number, hi: number, scale: (v: number) => number): number {
  let shift = 1;
  for (const t of use.vetoAt) {
    if (t.badHigh !== sign < 0) continue;
    const w = (scale(t.value) - lo) / (hi - lo);
    const p = sign > 0 ? w : 1 - w;
    if (!(p > 0 && p < 1)) continue;
    shift = Math.max(shift, Math.log(p / (1 - p)) / 1.7 - Z03);
  }
  return shift;
}

// ── Generation ──────────────────────────────────────────────────────────────────────────

/** x rounded to `digits` decimals (tens, hundreds… when negative); never −0, which CSV can't carry. */
function quantise(x: number, digits: number): number {
  if (digits >= 0) {
    const p = 10 ** digits;
    return Math.round(x * p) / p + 0;
  }
  const q = 10 ** -digits;
  return Math.round(x / q) * q + 0;
}

function sigmoid(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

/** Draws rows in order; values for rows [k, k + count) come out the same however the rows are batched. */
class Synthesizer {
  readonly specs: ColumnSpec[];
  private readonly latent: Rng;
  private readonly streams: Rng[];
  private readonly idStream: Rng;
  private readonly idWidth: number;
  private readonly orgA: number;
  private readonly orgB: number;

  constructor(readonly plan: ScoringPlan, n: number, seed: number, private readonly idKind: SynthIds = 'sequence') {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`synth: n must be a non-negative integer, got ${n}`);
    if (idKind === 'division' && n > MAX_SYNTHETIC_DIVISIONS) throw new Error(`synth: at most ${MAX_SYNTHETIC_DIVISIONS} regions have division codes, got ${n}`);
    if (!Number.isSafeInteger(seed)) throw new Error(`synth: the seed must be an integer, got ${seed}`);
    const uses = usage(plan);
    this.latent = new Rng(streamSeed(seed, '#quality'));
    this.streams = plan.sources.map((s) => new Rng(streamSeed(seed, `column:${s.id}`)));
    this.specs = plan.sources.map((s, k) => specFor(s, uses.get(s.id)!, this.streams[k]));
    this.idStream = new Rng(streamSeed(seed, '#id'));
    this.idWidth = Math.max(6, String(n).length);
    // org = (A·i + B) mod 10^8 is one-to-one for i < 10^8 when A is coprime with 10.
    const a = 1 + 2 * (this.idStream.u32() % 49_999_999);
    this.orgA = a % 5 === 0 ? a + 2 : a;
    this.orgB = this.idStream.u32() % 100_000_000;
  }

  /** The next `count` rows: ids and one column per source. */
  next(start: number, count: number): { ids: string[]; columns: Float64Array[] } {
    const q = new Float64Array(count);
    for (let i = 0; i < count; i++) q[i] = this.latent.normal();
    const columns = this.specs.map((spec, k) => this.column(spec, this.streams[k], q));
    const ids = new Array<string>(count);
    const enterprise = this.plan.scheme.subject === 'enterprise';
    const prefix = this.plan.scheme.subject === 'official' ? 'P' : this.plan.scheme.subject === 'section' ? 'S' : 'R';
    const divisions = this.idKind === 'division' && this.plan.scheme.subject === 'region';
    for (let i = 0; i < count; i++) {
      const row = start + i;
      if (enterprise) {
        // A < 10^8 and row < 10^8: the product is below 2^53, exact.
        const org = String((this.orgA * row + this.orgB) % 100_000_000).padStart(8, '0');
        ids[i] = makeEnterpriseUscc(DIVISIONS[this.idStream.u32() % DIVISIONS.length], org);
      } else if (divisions) ids[i] = syntheticDivisionCode(row);
      else ids[i] = prefix + String(row + 1).padStart(this.idWidth, '0');
    }
    return { ids, columns };
  }

  private column(spec: ColumnSpec, rng: Rng, q: Float64Array): Float64Array {
    const count = q.length;
    const out = new Float64Array(count);
    const { shape, sign, rho, missingRate, clampLo, clampHi } = spec;
    const noise = Math.sqrt(1 - rho * rho);
    for (let i = 0; i < count; i++) {
      if (missingRate > 0 && rng.uniform() < missingRate) {
        out[i] = NaN;
        continue;
      }
      // How good this entity is on this input: standard normal, correlated with quality.
      const g = rho * q[i] + noise * rng.normal();
      let v: number;
      switch (shape.kind) {
        case 'spread': {
          const u = sigmoid(1.7 * (g + shape.shift));
          const w = sign > 0 ? u : 1 - u;
          if (shape.log) {
            const x = Math.exp(shape.lo + (shape.hi - shape.lo) * w) - shape.offset;
            v = quantise(x, x !== 0 ? 3 - Math.floor(Math.log10(Math.abs(x))) : 0);
          } else v = quantise(shape.lo + (shape.hi - shape.lo) * w, shape.digits);
          break;
        }
        case 'lognormal': {
          const x = shape.median * Math.exp(0.9 * sign * g);
          v = quantise(shape.mirror ? shape.base - x : shape.base + x, 2);
          break;
        }
        case 'normal':
          v = quantise(shape.mean + shape.sd * sign * g, 2);
          break;
        case 'count':
          if (shape.events) {
            // Entities that are bad on this input (low g) have events more often; on average
            // 2σ(−1.5g) is 1, so the share with events is `rate`.
            v = rng.uniform() < shape.rate * 2 * sigmoid(-1.5 * g) ? 1 + rng.poisson(0.8) : 0;
          } else v = rng.poisson(Math.max(0.2, 2 * Math.exp(0.5 * g)));
          break;
        case 'amount':
          v = rng.uniform() < shape.rate * 2 * sigmoid(-1.5 * g) ? quantise(Math.exp(1.5 + 1.2 * rng.normal()), 2) : 0;
          break;
        case 'flag':
          v = rng.uniform() < (shape.rate === 0.5 ? sigmoid(1.5 * g) : shape.rate * 2 * sigmoid(-1.5 * g)) ? 1 : 0;
          break;
        case 'category':
          v = rng.u32() % shape.values.length;
          break;
        case 'date':
          v = DAY0 + (rng.u32() % DAYS);
          break;
        default:
          v = rng.uniform() < 0.2 ? 1 : 0;
      }
      out[i] = v < clampLo ? clampLo : v > clampHi ? clampHi : v;
    }
    return out;
  }
}

/** Plausible, correlated, seeded data for every source column of the plan, as typed columns. */
export function synthFrame(plan: ScoringPlan, n: number, seed: number): Frame {
  const s = new Synthesizer(plan, n, seed);
  const { ids, columns } = s.next(0, n);
  const frame: Frame = { n, ids, names: null, columns: new Map(), dictionaries: new Map() };
  plan.sources.forEach((source, k) => {
    const col = columns[k];
    frame.columns.set(source.id, col);
    if (source.type !== 'category') return;
    const values = s.specs[k].values!;
    if (source.categories) {
      frame.dictionaries.set(source.id, [...source.categories]);
      return;
    }
    // Undeclared categories are coded in order of first appearance, as the CSV reader does.
    const recode = new Float64Array(values.length).fill(-1);
    const dict: string[] = [];
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (v !== v) continue;
      if (recode[v] < 0) {
        recode[v] = dict.length;
        dict.push(values[v]);
      }
      col[i] = recode[v];
    }
    frame.dictionaries.set(source.id, dict);
  });
  return frame;
}

/**
 * The same data as synthFrame, as CSV text in pieces of `rowsPerChunk` rows (the header
 * first): for files too big for one string. Join the pieces for the whole file.
 */
export function* synthCsvChunks(plan: ScoringPlan, n: number, seed: number, rowsPerChunk = 16_384, ids: SynthIds = 'sequence'): Generator<string> {
  const s = new Synthesizer(plan, n, seed, ids);
  // Division-coded regions get a name too, so the file serves as a service roster (id,name) as well as data.
  const named = ids === 'division' && plan.scheme.subject === 'region';
  const header = ['id', ...(named ? ['name'] : []), ...plan.sources.map((src) => src.id)];
  yield `${header.map(textCell).join(',')}\n`;
  const formats = s.specs.map((spec) => formatter(spec));
  for (let start = 0; start < n; start += rowsPerChunk) {
    const count = Math.min(rowsPerChunk, n - start);
    const { ids, columns } = s.next(start, count);
    const lines = new Array<string>(count);
    for (let i = 0; i < count; i++) {
      let line = named ? `${ids[i]},合成地区 ${ids[i]}` : textCell(ids[i]);
      for (let k = 0; k < columns.length; k++) {
        const v = columns[k][i];
        line += v === v ? `,${formats[k](v)}` : ',';
      }
      lines[i] = line;
    }
    yield `${lines.join('\n')}\n`;
  }
}

/** The same data as synthFrame, as the text of an input CSV (header `id`, then every source column). */
export function synthCsv(plan: ScoringPlan, n: number, seed: number): string {
  return [...synthCsvChunks(plan, n, seed)].join('');
}

function formatter(spec: ColumnSpec): (v: number) => string {
  switch (spec.source.type) {
    case 'boolean':
      return (v) => (v === 1 ? '1' : '0');
    case 'category': {
      const cells = spec.values!.map(csvQuote);
      return (v) => cells[v];
    }
    case 'date':
      return formatDay;
    default:
      return (v) => String(v);
  }
}

/** CSV quoting only: a category must read back exactly as declared. */
function csvQuote(s: string): string {
  return /[",\n\r]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}
