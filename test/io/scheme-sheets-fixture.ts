/**
 * A scheme that uses every option of the scheme language the framework workbook must carry:
 * each normalisation with its parameters, each missing-data rule, outliers, every aggregation
 * (power with p > 0 and p < 0), thresholds, applicability on aggregates and indicators, derived
 * indicators, denomination, dated records with fields and validity, adjustments with caps,
 * vetoes by grade and maxGrade, grades with and without colours, lists with a consequence, a
 * settlement, peer groups, missing
 * markers, and text that a spreadsheet or a list cell could misread.
 */
const L = (zh: string, en: string): { zh: string; en: string } => ({ zh, en });
const ind = (id: string, normalise: unknown, more: Record<string, unknown> = {}): Record<string, unknown> => ({
  id, label: L(`指标 ${id}`, `Indicator ${id}`), input: 'x1', normalise, ...more,
});

export function everyOptionScheme(): Record<string, unknown> {
  return {
    id: 'every-option',
    version: '2025.10',
    name: L('全部选项示例', 'Every option'),
    subject: 'region',
    description: L('覆盖每一种方法和参数。', 'Covers every method and parameter.'),
    rounding: { decimals: 1 },
    semantics: 1,
    validFrom: '2025-01-01',
    validTo: '2029-12-31',
    // Written out although it is the default; `ascending` refuses grades and deductions, which this
    // scheme has, so the xinan-compensation template carries the ascending case.
    ranking: { on: 'rounded', groups: ['region_type'], order: 'descending' },
    missingValues: ['—', '/', '无'],
    attributes: [
      { id: 'region_type', label: L('类型', 'Type'), categories: ['urban', 'rural'] },
      { id: 'size', label: L('规模', 'Size'), type: 'number' },
    ],
    inputs: [
      { id: 'x1', label: L('=1+1（像公式的文字）', 'A, B; C = D'), unit: '%', range: [0, 100], required: true },
      { id: 'x2', label: L('输入二', 'Input 2'), range: [null, 5] },
      { id: 'x3', label: L('输入三', 'Input 3'), range: [null, null] },
      { id: 'pop', label: L('人口', 'Population'), unit: '万人', range: [0, null] },
      { id: 'flag', label: L('造假', 'Fraud'), type: 'boolean' },
      { id: 'cat', label: L('类别', 'Category'), type: 'category', categories: ['甲、乙', 'b,c', 'plain', '[x]'] },
      { id: 'day', label: L('日期', 'Day'), type: 'date' },
    ],
    derived: [{ id: 'd1', label: L('人均', 'Per head'), unit: '/万人', expr: 'x1 / pop' }],
    records: [
      {
        id: 'violation',
        label: L('违法', 'Violation'),
        fields: [
          { id: 'kind', label: L('情形', 'Kind'), type: 'category', categories: ['minor', 'major'], required: true },
          { id: 'points', label: L('扣分', 'Points'), range: [1, 12], required: true },
          { id: 'months', label: L('月数', 'Months'), unit: '月', range: [1, 60] },
          { id: 'ends', label: L('结束', 'Ends'), type: 'date' },
        ],
        validity: { months: 'months' },
        end: 'ends',
        repairedBy: 'repair',
        repairable: 'kind != "major"',
      },
      { id: 'commitment', label: L('承诺', 'Commitment'), fields: [{ id: 'points', label: L('加分', 'Points') }], validity: { years: 1 } },
      { id: 'repair', label: L('修复', 'Repair') },
      { id: 'warning', label: L('警告', 'Warning'), validity: { days: 90 } },
    ],
    tree: {
      id: 'index',
      label: L('总指数', 'Index'),
      aggregate: { method: 'power', p: 2 },
      threshold: 0.5,
      children: [
        {
          id: 'a_mean', label: L('平均', 'Mean'), weight: 2, aggregate: 'mean', applicable: 'region_type == "urban"',
          children: [
            ind('n_none', 'none'),
            ind('n_minmax', { method: 'minmax', range: [10, 90] }, { input: 'x2', direction: 'lower', missing: { method: 'fixed', value: 60 } }),
            ind('n_eff', { method: 'efficacy' }, { missing: 'mean', outliers: { method: 'coinr', skew: 1.5, kurtosis: 3, maxPoints: 2 } }),
            ind('n_z', { method: 'zscore', mean: 50, sd: 10 }, { missing: 'median', outliers: 'coinr' }),
            ind('n_rank', { method: 'rank' }, { missing: { method: 'groupMean', group: 'region_type' } }),
          ],
        },
        {
          id: 'a_geo', label: L('几何', 'Geometric'), weight: 1, aggregate: 'geometric',
          children: [
            ind('n_pct', { method: 'percentile', scale: 10 }),
            ind('n_borda', 'borda'),
            ind('n_goal', { method: 'goalpost', best: 0, worst: 100, transform: 'ln_alpha', alpha: 0.0000113 }),
            ind('n_goal2', { method: 'goalpost', best: 100, worst: 1, transform: 'ln', scale: 1 }),
          ],
        },
        {
          id: 'a_harm', label: L('调和', 'Harmonic'), weight: 0, aggregate: 'harmonic', threshold: 1,
          children: [
            ind('n_target', { method: 'target', target: 80, cap: false, scale: 50 }),
            ind('n_frac', { method: 'fractionOfMax', scale: 1 }, { input: 'x3', denominator: 'pop', scale: 10000, unit: '元/人' }),
            ind('n_derived', 'none', { input: 'd1' }),
          ],
        },
        {
          id: 'a_sum', label: L('加总', 'Sum'), weight: 1.5, aggregate: 'sum',
          children: [
            ind('n_bands', { method: 'bands', bands: [{ min: 90, score: 100 }, { min: 60, max: 90, score: [60, 90] }, { max: 60, score: 0 }] }),
            ind('n_app', 'none', { weight: 0.5, applicable: 'isMissing(x1) || x1 > 0' }),
          ],
        },
        { id: 'a_neg', label: L('负幂', 'Negative power'), aggregate: { method: 'power', p: -1 }, children: [ind('n_pn', 'none')] },
      ],
    },
    adjustments: {
      cap: { deduction: 10, bonus: 5 },
      rules: [
        { id: 'incident', kind: 'deduction', label: L('事件', 'Incident'), points: 'x1 * 3', when: 'x1 > 0', cap: 6 },
        { id: 'bonus', kind: 'bonus', label: L('加分', 'Bonus'), points: '2' },
      ],
    },
    scoreRange: [0, 100],
    grades: [
      { id: 'excellent', label: L('优秀', 'Excellent'), min: 90, color: '#2e7d32' },
      { id: 'good', label: L('良好', 'Good'), min: 80, max: 90 },
      { id: 'pass', label: L('合格', 'Pass'), min: 60, max: 80, color: '#FFFFFF' },
      { id: 'fail', label: L('不合格', 'Fail'), max: 60, color: '#c62828' },
    ],
    vetoes: [
      { id: 'fraud', label: L('造假', 'Fraud'), when: 'flag', grade: 'fail' },
      { id: 'serious', label: L('严重', 'Serious'), when: 'x1 > 5', maxGrade: 'good' },
    ],
    lists: [{ id: 'rectify', label: L('整改', 'Rectify'), when: 'grade == "fail"', consequence: { label: L('加价', 'Surcharge'), rate: 0.05, unit: '元/千瓦时', months: 6, base: 'x1', baseScale: 10000 } }],
    settlement: { label: L('补偿', 'Compensation'), unit: '万元', rules: [{ list: 'rectify', payer: 'region_type', payee: { fixed: '省级财政' }, amount: { tiers: [{ max: 60, amount: 2 }, { min: 60, amount: 1 }] } }], cap: 5, term: { years: 3, from: 2021 } },
  };
}
