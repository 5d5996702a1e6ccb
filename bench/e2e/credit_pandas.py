"""The credit round in pandas, vectorised with NumPy: read_csv, np.select per band, rank, to_csv."""
import sys
import numpy as np
import pandas as pd
from credit_rules import CATEGORIES, COLUMNS, DEDUCTION_CAP, DEDUCTIONS, GRADES, INPUTS, VETOES, WORST


def band(x, bands, last):
    def value(a, b, lo, hi, clamp=False):
        if lo is None:
            return np.full(x.shape, float(a))
        xv = np.minimum(x, 100.0) if clamp else x
        return a + (b - a) * ((xv - lo) / (hi - lo))
    conds = [x < below for below, *_ in bands]
    values = [value(*rest) for _, *rest in bands]
    other = value(*last, clamp=True) if isinstance(last, tuple) else np.full(x.shape, float(last))
    return np.select(conds, values, other)


def main(src, out):
    df = pd.read_csv(src, dtype={'id': str, **{c: 'float64' for c in INPUTS}})
    res = pd.DataFrame({'id': df['id']})
    cs = np.zeros(len(df))
    cw = np.zeros(len(df))
    for cat, cwt, inds in CATEGORIES:
        s = np.zeros(len(df))
        w = np.zeros(len(df))
        for node, inp, weight, zero, bands, last in inds:
            x = df[inp].to_numpy()
            y = np.where(np.isnan(x), 0.0 if zero else np.nan, band(x, bands, last))
            res[node] = y
            present = ~np.isnan(y)
            s += np.where(present, weight * y, 0.0)
            w += np.where(present, weight, 0)
        with np.errstate(invalid='ignore', divide='ignore'):
            c = np.where(w > 0, s / w, np.nan)
        res[cat] = c
        cs += np.where(np.isnan(c), 0.0, cwt * c)
        cw += np.where(np.isnan(c), 0, cwt)
    res['credit'] = cs / cw
    d = np.zeros(len(df))
    for inp, kind, t, k, cap in DEDUCTIONS:
        x = df[inp].to_numpy()
        if kind == 'over':
            q = np.where(x > t, (x - t) * k, 0.0)
        elif kind == 'under':
            q = np.where(x < t, (t - x) * k, 0.0)
        elif kind == 'flat_over':
            q = np.where(x > t, float(k), 0.0)
        else:
            q = np.where(x < t, float(k), 0.0)
        d += np.clip(q, 0, cap) if cap is not None else q
    res['deductions'] = np.minimum(d, DEDUCTION_CAP)
    res['bonuses'] = 0.0
    res['score'] = np.clip(res['credit'].to_numpy() - res['deductions'].to_numpy(), 0, 100)
    fired = []
    for vid, inp, test, v in VETOES:
        x = df[inp].to_numpy()
        cond = (x == 1) if test == 'true' else (x > v) if test == '>' else (x >= v) if test == '>=' else (x < v)
        fired.append(np.where(cond, vid, ''))
    vetoes = pd.Series(fired[0])
    for f in fired[1:]:
        vetoes = vetoes.str.cat(pd.Series(f), sep=';')
    res['vetoes'] = vetoes.str.replace(r';+', ';', regex=True).str.strip(';')
    res['lists'] = ''
    score = res['score'].to_numpy()
    grade = np.select([score >= edge for _, edge in GRADES], [g for g, _ in GRADES], WORST)
    res['grade'] = np.where(res['vetoes'].to_numpy() != '', WORST, grade)
    res['rank'] = res['score'].rank(method='min', ascending=False).astype('int64')
    res[COLUMNS].to_csv(out, index=False)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
