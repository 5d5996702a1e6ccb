"""The credit round in Polars (lazy, vectorised): read the CSV, score, write the results CSV."""
import sys
import polars as pl
from credit_rules import CATEGORIES, COLUMNS, DEDUCTION_CAP, DEDUCTIONS, GRADES, INPUTS, VETOES, WORST


def band(x, bands, last):
    def value(a, b, lo, hi, clamp=False):
        if lo is None:
            return pl.lit(float(a))
        xv = pl.min_horizontal(x, pl.lit(100.0)) if clamp else x
        return a + (b - a) * ((xv - lo) / (hi - lo))
    e = pl.when(x < bands[0][0]).then(value(*bands[0][1:]))
    for below, *rest in bands[1:]:
        e = e.when(x < below).then(value(*rest))
    return e.otherwise(value(*last, clamp=True) if isinstance(last, tuple) else pl.lit(float(last)))


def main(src, out):
    lf = pl.scan_csv(src, schema_overrides={'id': pl.Utf8, **{c: pl.Float64 for c in INPUTS}})
    nodes = {}
    cat_sum, cat_w = [], []
    for cat, cw, inds in CATEGORIES:
        s, w = [], []
        for node, inp, weight, zero, bands, last in inds:
            x = pl.col(inp)
            y = pl.when(x.is_null()).then(pl.lit(0.0 if zero else None)).otherwise(band(x, bands, last))
            nodes[node] = y
            s.append((weight * pl.col(node)).fill_null(0.0))
            w.append(pl.col(node).is_not_null().cast(pl.Float64) * weight)
        nodes[cat] = pl.sum_horizontal(s) / pl.sum_horizontal(w)
        cat_sum.append((cw * pl.col(cat)).fill_nan(None).fill_null(0.0))
        cat_w.append(pl.col(cat).is_not_nan().fill_null(False).cast(pl.Float64) * cw)
    ded = []
    for inp, kind, t, k, cap in DEDUCTIONS:
        x = pl.col(inp)
        if kind == 'over':
            q = pl.when(x > t).then((x - t) * k).otherwise(0.0)
        elif kind == 'under':
            q = pl.when(x < t).then((t - x) * k).otherwise(0.0)
        elif kind == 'flat_over':
            q = pl.when(x > t).then(float(k)).otherwise(0.0)
        else:
            q = pl.when(x < t).then(float(k)).otherwise(0.0)
        q = q.fill_null(0.0).clip(0.0, cap) if cap is not None else q.fill_null(0.0)
        ded.append(q)
    vetoes = []
    for vid, inp, test, v in VETOES:
        x = pl.col(inp)
        cond = (x == 1) if test == 'true' else (x > v) if test == '>' else (x >= v) if test == '>=' else (x < v)
        vetoes.append(pl.when(cond.fill_null(False)).then(pl.lit(vid)))
    leaves = {n: e for n, e in nodes.items() if n not in {c[0] for c in CATEGORIES}}
    lf = lf.with_columns(**leaves)
    lf = lf.with_columns(**{c[0]: nodes[c[0]] for c in CATEGORIES})
    lf = lf.with_columns(credit=pl.sum_horizontal(cat_sum) / pl.sum_horizontal(cat_w),
                         deductions=pl.min_horizontal(pl.sum_horizontal(ded), pl.lit(float(DEDUCTION_CAP))),
                         bonuses=pl.lit(0.0),
                         vetoes=pl.concat_str(vetoes, separator=';', ignore_nulls=True),
                         lists=pl.lit(''))
    lf = lf.with_columns(score=(pl.col('credit') - pl.col('deductions')).clip(0.0, 100.0))
    g = pl.when(pl.col('vetoes') != '').then(pl.lit(WORST))
    for gid, edge in GRADES:
        g = g.when(pl.col('score') >= edge).then(pl.lit(gid))
    lf = lf.with_columns(grade=g.otherwise(pl.lit(WORST)), rank=pl.col('score').rank(method='min', descending=True))
    lf.select(COLUMNS).sink_csv(out)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
