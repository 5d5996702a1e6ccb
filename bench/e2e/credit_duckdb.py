"""The credit round in DuckDB: read_csv, CASE per band, rank() OVER, COPY to the results CSV."""
import sys
import duckdb
from credit_rules import CATEGORIES, COLUMNS, DEDUCTION_CAP, DEDUCTIONS, GRADES, INPUTS, VETOES, WORST


def band(x, bands, last):
    def value(a, b, lo, hi, clamp=False):
        if lo is None:
            return f'{float(a)!r}'
        xv = f'least({x}, 100.0)' if clamp else x
        return f'({a} + ({b - a}) * (({xv} - {lo}) / {float(hi - lo)!r}))'
    whens = ' '.join(f'WHEN {x} < {below} THEN {value(*rest)}' for below, *rest in bands)
    other = value(*last, clamp=True) if isinstance(last, tuple) else f'{float(last)!r}'
    return f'CASE {whens} ELSE {other} END'


def main(src, out):
    leaves, cats = [], []
    for cat, cw, inds in CATEGORIES:
        s, w = [], []
        for node, inp, weight, zero, bands, last in inds:
            leaves.append(f'CASE WHEN {inp} IS NULL THEN {"0.0" if zero else "NULL"} ELSE {band(inp, bands, last)} END AS {node}')
            s.append(f'coalesce({weight} * {node}, 0)')
            w.append(f'(CASE WHEN {node} IS NULL THEN 0 ELSE {weight} END)')
        cats.append(f'({" + ".join(s)}) / nullif({" + ".join(w)}, 0) AS {cat}')
    cs = ' + '.join(f'coalesce({cw} * {cat}, 0)' for cat, cw, _ in CATEGORIES)
    cw = ' + '.join(f'(CASE WHEN {cat} IS NULL THEN 0 ELSE {w} END)' for cat, w, _ in CATEGORIES)
    ded = []
    for inp, kind, t, k, cap in DEDUCTIONS:
        q = {'over': f'CASE WHEN {inp} > {t} THEN ({inp} - {t}) * {k} ELSE 0 END',
             'under': f'CASE WHEN {inp} < {t} THEN ({t} - {inp}) * {k} ELSE 0 END',
             'flat_over': f'CASE WHEN {inp} > {t} THEN {k} ELSE 0 END',
             'flat_under': f'CASE WHEN {inp} < {t} THEN {k} ELSE 0 END'}[kind]
        ded.append(f'least(greatest(coalesce({q}, 0), 0), {cap})' if cap is not None else f'coalesce({q}, 0)')
    veto = []
    for vid, inp, test, v in VETOES:
        cond = f'{inp} = 1' if test == 'true' else f'{inp} {test} {v}'
        veto.append(f"CASE WHEN {cond} THEN '{vid}' END")
    grade = ' '.join(f"WHEN score >= {edge!r} THEN '{gid}'" for gid, edge in GRADES)
    select = [
        'rank() OVER (ORDER BY score DESC) AS rank' if c == 'rank'
        else f"CASE WHEN vetoes <> '' THEN '{WORST}' {grade} ELSE '{WORST}' END AS grade" if c == 'grade'
        else f'"{c}"'
        for c in COLUMNS
    ]
    types = ', '.join([f"'id': 'VARCHAR'"] + [f"'{c}': 'DOUBLE'" for c in INPUTS])
    sql = f"""
    COPY (
      WITH t AS (SELECT * FROM read_csv('{src}', header = true, types = {{{types}}})),
      l AS (SELECT *, {', '.join(leaves)} FROM t),
      c AS (SELECT *, {', '.join(cats)} FROM l),
      s AS (SELECT *, ({cs}) / nullif({cw}, 0) AS credit,
                   least({' + '.join(ded)}, {DEDUCTION_CAP}) AS deductions, 0.0 AS bonuses,
                   concat_ws(';', {', '.join(veto)}) AS vetoes, '' AS lists FROM c),
      r AS (SELECT *, greatest(least(credit - deductions, 100), 0) AS score FROM s)
      SELECT {', '.join(select)}
      FROM r
    ) TO '{out}' (HEADER, DELIMITER ',')
    """
    duckdb.connect().execute(sql)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
