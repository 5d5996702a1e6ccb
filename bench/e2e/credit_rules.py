"""bench/schemes/credit-bench.yaml written out as tables, as an analyst would for Polars, DuckDB
and pandas (the same constants as bench/credit-handwritten.ts; change them together).

A band list is tried in order: the first `(below, a, b, lo, hi)` with x < below scores
a + (b - a) * ((x - lo) / (hi - lo)) (a constant a when lo is None); past them all, LAST does,
with x clamped at 100 for a rising band. No data: 0 for the four core indicators, else left out
of its category's weighted mean (the weight shared among the others).
"""
import math
from fractions import Fraction

SCORE_BANDS = ([(60, 0, None, None, None), (75, 0, 49, 60, 75), (90, 50, 79, 75, 90)], (80, 100, 90, 100))

# (node, input, weight, no data scores 0, bands, last); last is a constant or (a, b, lo, hi) clamped at 100.
CATEGORIES = [
    ('pollution', 35, [
        ('emission', 'emission_compliance', 15, True, [(50, 0, None, None, None), (75, 0, 49, 50, 75), (90, 50, 79, 75, 90)], (80, 100, 90, 100)),
        ('solid_waste', 'solid_waste_rate', 5, False, [(60, 0, None, None, None), (85, 0, 49, 60, 85), (95, 50, 79, 85, 95)], (80, 100, 95, 100)),
        ('hazwaste', 'hazwaste_score', 8, True, [(60, 0, None, None, None), (75, 0, 49, 60, 75), (90, 50, 79, 75, 90)], (80, 100, 90, 100)),
        ('noise', 'noise_compliance', 4, False, [(50, 0, None, None, None), (80, 0, 49, 50, 80), (95, 50, 79, 80, 95)], (80, 100, 95, 100)),
        ('total_load', 'total_load_ratio', 3, False, [(80, 100, None, None, None), (90, 99, 80, 80, 90), (100, 79, 50, 90, 100), (120, 49, 0, 100, 120)], 0),
    ]),
    ('ecology', 12, [
        ('siting', 'siting_score', 4, False, *SCORE_BANDS),
        ('resource_use', 'water_reuse_rate', 4, False, [(40, 0, None, None, None), (60, 0, 49, 40, 60), (80, 50, 79, 60, 80)], (80, 100, 80, 100)),
        ('construction', 'restoration_rate', 4, False, [(50, 0, None, None, None), (70, 0, 49, 50, 70), (90, 50, 79, 70, 90)], (80, 100, 90, 100)),
    ]),
    ('management', 38, [
        ('permit', 'permit_compliance', 6, False, [(60, 0, None, None, None), (80, 0, 49, 60, 80), (95, 50, 79, 80, 95)], (80, 100, 95, 100)),
        ('reporting', 'report_delay', 3, False, [(1, 100, None, None, None), (15, 79, 50, 1, 15), (60, 49, 0, 15, 60)], 0),
        ('tax', 'tax_paid_rate', 3, False, [(70, 0, None, None, None), (90, 0, 49, 70, 90), (99, 50, 79, 90, 99)], (80, 100, 99, 100)),
        ('facilities', 'facility_uptime', 6, True, [(60, 0, None, None, None), (85, 0, 49, 60, 85), (95, 50, 79, 85, 95)], (80, 100, 95, 100)),
        ('outfall', 'outfall_score', 3, False, *SCORE_BANDS),
        ('monitoring', 'self_monitoring_rate', 5, True, [(60, 0, None, None, None), (80, 0, 49, 60, 80), (95, 50, 79, 80, 95)], (80, 100, 95, 100)),
        ('internal', 'internal_mgmt_score', 4, False, *SCORE_BANDS),
        ('risk', 'risk_mgmt_score', 5, False, *SCORE_BANDS),
        ('clean_audit', 'clean_audit_score', 3, False, *SCORE_BANDS),
    ]),
    ('supervision', 15, [
        ('complaint', 'complaints', 5, False, [(1, 100, None, None, None), (3, 79, 50, 1, 3), (10, 49, 0, 3, 10)], 0),
        ('media', 'media_exposures', 3, False, [(1, 100, None, None, None), (2, 60, None, None, None), (4, 40, 20, 2, 4)], 0),
        ('disclosure', 'disclosure_rate', 4, False, [(50, 0, None, None, None), (80, 0, 49, 50, 80), (95, 50, 79, 80, 95)], (80, 100, 95, 100)),
        ('voluntary', 'voluntary_measures', 3, False, [(1, 40, None, None, None), (2, 70, None, None, None), (4, 80, 95, 2, 4)], 100),
    ]),
]

# Deductions in rule order: (input, 'over' | 'under' | 'flat', threshold, per unit or points, cap).
DEDUCTIONS = [
    ('complaints', 'over', 2, 1, 5),
    ('media_exposures', 'over', 0, 2, 6),
    ('penalties', 'over', 0, 3, 12),
    ('emission_compliance', 'under', 90, 0.2, 6),
    ('self_monitoring_rate', 'under', 90, 0.1, 3),
    ('tax_paid_rate', 'under', 100, 0.1, 3),
    ('report_delay', 'flat_over', 30, 2, None),
    ('total_load_ratio', 'over', 90, 0.3, 5),
    ('facility_uptime', 'under', 90, 0.15, 4),
    ('hazwaste_score', 'flat_under', 60, 3, None),
]
DEDUCTION_CAP = 20

# Vetoes in scheme order: (id, input, test, value); test 'true' is a boolean input set.
VETOES = [
    ('crime', 'env_crime', 'true', None), ('unapproved_build', 'no_eia', 'true', None),
    ('controls_missing', 'controls_unbuilt', 'true', None), ('major_change', 'unapproved_change', 'true', None),
    ('over_quota', 'total_load_ratio', '>', 100), ('bypass', 'bypass_discharge', 'true', None),
    ('dumping', 'hazwaste_dumping', 'true', None), ('repeat_offender', 'penalties', '>=', 5),
    ('controls_idle', 'facility_uptime', '<', 50), ('chronic_excess', 'emission_compliance', '<', 50),
]


def least_rounding_to(edge, decimals=2):
    """The least double whose score rounds (half to even, 2 decimals) to at least `edge`."""
    half = Fraction(edge) - Fraction(1, 2 * 10 ** decimals)
    x = float(half)
    while Fraction(x) <= half:
        x = math.nextafter(x, math.inf)
    while Fraction(math.nextafter(x, -math.inf)) > half:
        x = math.nextafter(x, -math.inf)
    return x


# Grades on the score rounded to 2 decimals: 诚信 ≥ 95, 良好 ≥ 80, 警示 ≥ 60, else 不良; any veto → 不良.
GRADES = [('trustworthy', least_rounding_to(95)), ('good', least_rounding_to(80)), ('warning', least_rounding_to(60))]
WORST = 'bad'

NODES = ['credit'] + [x for cat, _, inds in CATEGORIES for x in [cat] + [i[0] for i in inds]]
COLUMNS = ['id', 'rank', 'score', 'grade'] + NODES + ['deductions', 'bonuses', 'vetoes', 'lists']
INPUTS = sorted({i[1] for _, _, inds in CATEGORIES for i in inds} | {d[0] for d in DEDUCTIONS} | {v[1] for v in VETOES})
