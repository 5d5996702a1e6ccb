/**
 * The framework workbook, described once: which sheet holds which part of a scheme and which
 * column holds which field. export.ts and import.ts both walk these tables, so a field added to
 * the scheme language is one column entry here, and a new list of records is one sheet entry.
 * Anything the tables don't cover makes export fail loudly (see export.ts), never vanish.
 */
import type { ZodType } from 'zod';
import {
  adjustmentSchema,
  aggregateNodeSchema,
  attributeSchema,
  indicatorNodeSchema,
  inputSchema,
  recordFieldSchema,
  schemeSchema,
  validitySchema,
} from '../../indicators/index.js';
import { code, colour, integer, keyValues, number, numberOrCode, oneOf, openNumber, text, wordList, yesNo, type Bi, type Codec } from './codecs.js';

export type Path = (string | number)[];
export type Rec = Record<string, unknown>;
export interface FinishProblem extends Bi {
  path: Path;
}

export interface Column {
  header: Bi;
  codec: Codec;
  /** Where the value lives in the record. */
  path?: Path;
  /** Columns that describe the tree's shape or a row's owner rather than a field. */
  role?: 'level' | 'parent' | 'kind' | 'owner';
  /** An imported sheet must have this column. */
  required?: boolean;
  /** Export: the value, when it isn't simply the one at `path`. */
  get?: (record: Rec) => unknown;
  /** A `key=value` cell for every field under `path` that no other column or sheet claims. */
  rest?: boolean;
  /** Import: an element of a tuple left empty while another is filled takes this value. */
  hole?: unknown;
  note?: Bi;
  width?: number;
}

export interface TableSheet {
  name: Bi;
  /** Where the records are: an array in the scheme, the tree (`tree: true`), or an array in
   * each record of the sheet named by `owner` (the row's owner column holds that record's code). */
  path: Path;
  columns: Column[];
  tree?: boolean;
  owner?: string;
  /** The sheet must be in an imported workbook. */
  required?: boolean;
  /** Export: the record as the columns see it. */
  prepare?: (record: Rec) => Rec;
  /** Import: tidy a record assembled from a row; problems name paths within the record. */
  finish?: (record: Rec) => FinishProblem[] | void;
  note?: Bi;
}

const bi = (zh: string, en: string): Bi => ({ zh, en });
export const sheetName = (n: Bi): string => `${n.zh} ${n.en}`;
export const headerText = (h: Bi): string => `${h.zh} ${h.en}`;

/** The words a field of the language accepts, read from its zod schema so the drop-downs follow the language. */
function words(schema: ZodType, path: string[]): string[] {
  const def = schema.def as unknown as Record<string, unknown>;
  const atEnd = path.length === 0 || (path.length === 1 && path[0] === 'method'); // `missing: mean` is `{ method: mean }`
  switch (def.type) {
    case 'default':
    case 'optional':
    case 'nullable':
      return words(def.innerType as ZodType, path);
    case 'pipe':
      return words(def.out as ZodType, path);
    case 'union':
      return [...new Set((def.options as ZodType[]).flatMap((o) => words(o, path)))];
    case 'object': {
      const field = (def.shape as Record<string, ZodType>)[path[0]];
      return field ? words(field, path.slice(1)) : [];
    }
    case 'enum':
      return atEnd ? Object.values(def.entries as Record<string, string>) : [];
    case 'literal':
      return atEnd ? (def.values as unknown[]).map(String) : [];
    default:
      return [];
  }
}
const choice = (schema: ZodType, ...path: string[]): Codec => oneOf(words(schema, path));

/** The keys a union of one-key objects offers (`{ days } | { months } | { years }`). */
function keysOf(schema: ZodType): string[] {
  const def = schema.def as unknown as { options?: { shape: Record<string, unknown> }[] };
  return (def.options ?? []).flatMap((o) => Object.keys(o.shape));
}

// Columns most sheets share.
const CODE: Column = { header: bi('编码', 'Code'), path: ['id'], codec: code, required: true, note: bi('唯一编码：字母、数字、下划线，不以数字开头', 'unique code: letters, digits, _, not starting with a digit') };
const NAME_ZH: Column = { header: bi('中文名称', 'Name (zh)'), path: ['label', 'zh'], codec: text, required: true, width: 28 };
const NAME_EN: Column = { header: bi('英文名称', 'Name (en)'), path: ['label', 'en'], codec: text, required: true, width: 28 };
const UNIT: Column = { header: bi('单位', 'Unit'), path: ['unit'], codec: text };
const CATEGORIES: Column = { header: bi('可选类别', 'Categories'), path: ['categories'], codec: wordList, width: 20, note: bi('类别型的可选值，用「、」分隔', 'the values of a category, separated by 、') };
/** The columns of a value that is typed, ranged and maybe categorical: an input, a record field. */
const valueColumns = (schema: ZodType): Column[] => [
  CODE, NAME_ZH, NAME_EN, UNIT,
  { header: bi('类型', 'Type'), path: ['type'], codec: choice(schema, 'type'), note: bi('number 数值、boolean 是否、category 类别、date 日期', 'number, boolean, category or date') },
  { header: bi('必填', 'Required'), path: ['required'], codec: yesNo },
  { header: bi('下限', 'Min'), path: ['range', 0], codec: openNumber, hole: null, note: bi('允许的最小值；两项都空表示不限范围', 'the smallest value allowed; leave both empty for no range') },
  { header: bi('上限', 'Max'), path: ['range', 1], codec: openNumber, hole: null },
  CATEGORIES,
];
const WHEN = (note: Bi): Column => ({ header: bi('条件', 'When'), path: ['when'], codec: text, width: 30, note });

/** Parameterless rules may be written bare (`aggregate: mean`); the sheet always sees `{ method }`. */
const RULES = ['aggregate', 'normalise', 'missing', 'outliers'];

function rulesAsObjects(node: Rec): Rec {
  const out = { ...node };
  for (const k of RULES) if (typeof out[k] === 'string') out[k] = { method: out[k] };
  return out;
}

function bareRules(node: Rec): void {
  for (const k of RULES) {
    const r = node[k];
    if (r && typeof r === 'object' && Object.keys(r).length === 1 && 'method' in r) node[k] = (r as Rec).method;
  }
}

/** The top-level fields written as rows of the 方案 Scheme sheet. */
export const SCHEME_SHEET: { name: Bi; fields: Column[] } = {
  name: bi('方案', 'Scheme'),
  fields: [
    { header: bi('方案编号', 'Scheme id'), path: ['id'], codec: code, note: bi('小写字母、数字和 -', 'lower-case letters, digits and -') },
    { header: bi('版本', 'Version'), path: ['version'], codec: text },
    { header: bi('方案名称（中文）', 'Name (zh)'), path: ['name', 'zh'], codec: text },
    { header: bi('方案名称（英文）', 'Name (en)'), path: ['name', 'en'], codec: text },
    { header: bi('考核对象', 'Subject'), path: ['subject'], codec: choice(schemeSchema, 'subject'), note: bi('region 地区、official 干部、enterprise 企业、section 断面', 'region, official, enterprise or section') },
    { header: bi('方案说明（中文）', 'Description (zh)'), path: ['description', 'zh'], codec: text },
    { header: bi('方案说明（英文）', 'Description (en)'), path: ['description', 'en'], codec: text },
    { header: bi('小数位数', 'Decimals'), path: ['rounding', 'decimals'], codec: integer, note: bi('公布得分的小数位数（四舍六入五成双）', 'decimals of published scores (half to even)') },
    { header: bi('排名依据', 'Rank on'), path: ['ranking', 'on'], codec: choice(schemeSchema, 'ranking', 'on'), note: bi('exact 按精确得分、rounded 按公布得分排名', 'exact: rank the exact score; rounded: rank the published score') },
    { header: bi('排名方向', 'Rank order'), path: ['ranking', 'order'], codec: choice(schemeSchema, 'ranking', 'order'), note: bi('descending 得分最高者第 1 名（默认）、ascending 得分最低者第 1 名（越低越好的指数）', 'descending: the highest score is rank 1 (default); ascending: the lowest is (an index where lower is better)') },
    { header: bi('分组排名', 'Peer groups'), path: ['ranking', 'groups'], codec: wordList, note: bi('按这些属性分组另行排名', 'also rank within groups of these attributes') },
    { header: bi('得分下限', 'Score min'), path: ['scoreRange', 0], codec: number, note: bi('最终得分截断到此范围；两项都空表示不截断', 'final scores are clamped to this range; leave both empty for none') },
    { header: bi('得分上限', 'Score max'), path: ['scoreRange', 1], codec: number },
    { header: bi('扣分总上限', 'Deduction cap'), path: ['adjustments', 'cap', 'deduction'], codec: number, note: bi('所有扣分合计最多扣这么多', 'deductions together take off at most this much') },
    { header: bi('加分总上限', 'Bonus cap'), path: ['adjustments', 'cap', 'bonus'], codec: number },
    { header: bi('缺失值写法', 'Missing-value marks'), path: ['missingValues'], codec: wordList, note: bi('数据中表示缺失的写法（空单元格和 NA 之外），如 —、/、无', 'what means "missing" in the data besides an empty cell and NA, e.g. —, /, 无') },
    { header: bi('生效日期', 'Valid from'), path: ['validFrom'], codec: text, note: bi('本版本生效的第一天 YYYY-MM-DD；空 = 不限。评价基准日须在有效期内', 'the first day this version is in force, YYYY-MM-DD; empty = no limit. A run\'s as-of date must be in force') },
    { header: bi('失效日期', 'Valid to'), path: ['validTo'], codec: text, note: bi('本版本有效的最后一天 YYYY-MM-DD；空 = 不限', 'the last day this version is in force, YYYY-MM-DD; empty = no limit') },
    { header: bi('结算规则', 'Settlement'), path: ['settlement'], codec: keyValues, note: bi('生态补偿结算（label、unit、rules、cap、term），值为 JSON', 'eco-compensation settlement (label, unit, rules, cap, term), values as JSON') },
    { header: bi('语义级别', 'Semantics level'), path: ['semantics'], codec: integer, note: bi('计分规则的版本；空 = 本版 kaohe 的最新级别（已存方案版本沿用其首次编译时的级别）', 'which version of the scoring rules; empty = the newest this kaohe knows (a stored scheme version keeps the level it was first compiled at)') },
  ],
};

const NODE = indicatorNodeSchema;

export const FRAMEWORK: TableSheet = {
  name: bi('指标体系', 'Framework'),
  path: ['tree'],
  tree: true,
  required: true,
  note: bi('每行一个节点（先序）：根节点的上级编码为空；有下级的是汇总节点，没有的是指标', 'one row per node, in pre-order: the root has no parent; a node with children aggregates them, one without is an indicator'),
  prepare: rulesAsObjects,
  finish: bareRules,
  columns: [
    { header: bi('层级', 'Level'), role: 'level', codec: integer, width: 7, note: bi('根节点为 1；可留空，填写时须与上级编码一致', 'the root is 1; may be left empty, and must agree with the parent when given') },
    CODE,
    { header: bi('上级编码', 'Parent code'), role: 'parent', codec: code, required: true, note: bi('上级节点的编码；根节点留空', "the parent node's code; empty for the root") },
    NAME_ZH,
    NAME_EN,
    { header: bi('节点类型', 'Kind'), role: 'kind', codec: oneOf(['aggregate', 'indicator']), note: bi('aggregate 汇总、indicator 指标；留空则按有无下级判断', 'aggregate or indicator; when empty, decided by whether the node has children') },
    { header: bi('权重', 'Weight'), path: ['weight'], codec: number, note: bi('在同一上级内的相对权重（≥ 0，默认 1）', 'relative within the parent (≥ 0, default 1)') },
    { header: bi('汇总方法', 'Aggregation'), path: ['aggregate', 'method'], codec: choice(aggregateNodeSchema, 'aggregate', 'method'), note: bi('汇总节点：mean 加权平均、geometric 几何、harmonic 调和、sum 加总、power 幂平均', 'aggregates: mean, geometric, harmonic, sum or power') },
    { header: bi('幂次', 'Power p'), path: ['aggregate', 'p'], codec: number, note: bi('power 幂平均的 p', 'p of the power mean') },
    { header: bi('数据门槛', 'Threshold'), path: ['threshold'], codec: number, note: bi('有数据的下级比例低于此值时该节点缺失（0–1）', 'the node is missing when the share of children present is below this (0–1)') },
    { header: bi('输入', 'Input'), path: ['input'], codec: code, note: bi('指标取值的输入或派生指标编码，默认同节点编码', 'the input or derived indicator scored; default: the node code') },
    UNIT,
    { header: bi('分母', 'Denominator'), path: ['denominator'], codec: code, note: bi('取值 = 输入 ÷ 分母 × 换算倍数', 'value = input ÷ denominator × multiplier') },
    { header: bi('换算倍数', 'Multiplier'), path: ['scale'], codec: number },
    { header: bi('方向', 'Direction'), path: ['direction'], codec: choice(NODE, 'direction'), note: bi('higher 越高越好（正向）、lower 越低越好（逆向）', 'higher or lower is better') },
    { header: bi('标准化方法', 'Normalisation'), path: ['normalise', 'method'], codec: choice(NODE, 'normalise', 'method'), width: 14, note: bi('bands 的分段见「分段计分 Bands」表', 'the bands of method bands are on the Bands sheet') },
    { header: bi('区间下限', 'Range from'), path: ['normalise', 'range', 0], codec: number, note: bi('minmax：得分区间', 'minmax: the score range') },
    { header: bi('区间上限', 'Range to'), path: ['normalise', 'range', 1], codec: number },
    { header: bi('最佳值', 'Best'), path: ['normalise', 'best'], codec: number, note: bi('goalpost：达到即满分的值', 'goalpost: the value that scores full marks') },
    { header: bi('最差值', 'Worst'), path: ['normalise', 'worst'], codec: number, note: bi('goalpost：得零分的值', 'goalpost: the value that scores 0') },
    { header: bi('变换', 'Transform'), path: ['normalise', 'transform'], codec: choice(NODE, 'normalise', 'transform'), note: bi('goalpost：none、ln、ln_alpha（alpha 写在其他参数中）', 'goalpost: none, ln or ln_alpha (alpha under other parameters)') },
    { header: bi('目标值', 'Target'), path: ['normalise', 'target'], codec: number, note: bi('target：目标值', 'target: the target') },
    { header: bi('达标封顶', 'Cap at target'), path: ['normalise', 'cap'], codec: yesNo, note: bi('target：超过目标不再加分', 'target: no credit beyond the target') },
    { header: bi('满分', 'Full score'), path: ['normalise', 'scale'], codec: number, note: bi('percentile、goalpost、target、fractionOfMax 的满分', 'full marks of percentile, goalpost, target and fractionOfMax') },
    { header: bi('其他参数', 'Other parameters'), path: ['normalise'], rest: true, codec: keyValues, width: 20, note: bi('其余标准化参数，如 zscore 的 mean=50; sd=10，goalpost 的 alpha=0.001', 'other normalisation parameters, e.g. mean=50; sd=10 (zscore), alpha=0.001 (goalpost)') },
    { header: bi('缺失处理', 'Missing data'), path: ['missing', 'method'], codec: choice(NODE, 'missing', 'method'), note: bi('skip 跳过（权重分给其他指标）、fixed 固定得分、mean 均值、median 中位数、groupMean 组均值', 'skip (weight to the others), fixed score, mean, median, groupMean') },
    { header: bi('缺失得分', 'Missing score'), path: ['missing', 'value'], codec: number, note: bi('fixed：缺失时的得分', 'fixed: the score when missing') },
    { header: bi('缺失分组', 'Missing group'), path: ['missing', 'group'], codec: code, note: bi('groupMean：按此属性分组取均值', 'groupMean: the attribute that groups') },
    { header: bi('异常值处理', 'Outliers'), path: ['outliers', 'method'], codec: choice(NODE, 'outliers', 'method') },
    { header: bi('异常值参数', 'Outlier parameters'), path: ['outliers'], rest: true, codec: keyValues, width: 20, note: bi('coinr：skew=2; kurtosis=3.5; maxPoints=5', 'coinr: skew=2; kurtosis=3.5; maxPoints=5') },
    { header: bi('适用条件', 'Applicable when'), path: ['applicable'], codec: text, width: 30, note: bi('条件不成立时该节点对该对象不适用，权重分给同级', 'when false the node does not apply to that entity; its weight goes to its siblings') },
  ],
};

/** Score bands of indicators normalised by `bands`, one row per band, in order. */
const BANDS: TableSheet = {
  name: bi('分段计分', 'Bands'),
  path: ['normalise', 'bands'],
  owner: sheetName(FRAMEWORK.name),
  note: bi('每行一段：[下限, 上限) 内得分为常数，或从「得分」线性变化到「段末得分」', 'one row per band: in [min, max) the score is constant, or runs linearly from Score to Score at max'),
  finish: (band) => {
    const s = band.score;
    if (s === undefined || (Array.isArray(s) && s[0] === undefined)) return [{ path: ['score', 0], zh: '必填：请填写该段的得分', en: 'required: give the band its score' }];
    if (Array.isArray(s) && s.length === 1) band.score = s[0];
  },
  columns: [
    { header: bi('指标编码', 'Indicator code'), role: 'owner', codec: code, required: true },
    { header: bi('下限（含）', 'Min (incl.)'), path: ['min'], codec: number, note: bi('留空表示无下限', 'empty: no lower end') },
    { header: bi('上限（不含）', 'Max (excl.)'), path: ['max'], codec: number, note: bi('留空表示无上限', 'empty: no upper end') },
    { header: bi('得分', 'Score'), path: ['score', 0], codec: number, required: true, get: (b) => (Array.isArray(b.score) ? b.score[0] : b.score) },
    { header: bi('段末得分', 'Score at max'), path: ['score', 1], codec: number, get: (b) => (Array.isArray(b.score) ? b.score[1] : undefined), note: bi('填写时得分在段内线性变化', 'when given, the score runs linearly across the band') },
  ],
};

/** Dated record types (violations, commitments, repairs …); their fields are on the next sheet. */
const RECORD_TYPES: TableSheet = {
  name: bi('记录类型', 'Record types'),
  path: ['records'],
  note: bi('带日期的记录（违法、承诺、修复等）：有效期、结束日期字段、修复', 'dated records (violations, commitments, repairs …): validity, end field, repair'),
  finish: (t) => {
    const v = t.validity as Rec | undefined;
    if (!v) return;
    if (v.unit === undefined) {
      return [{ path: ['validity', 'unit'], zh: '填写了有效期，还需填写单位（days、months 或 years）', en: 'a validity period needs its unit (days, months or years)' }];
    }
    t.validity = { [String(v.unit)]: v.amount };
  },
  columns: [
    CODE, NAME_ZH, NAME_EN,
    { header: bi('有效期', 'Valid for'), path: ['validity', 'amount'], codec: numberOrCode, get: (t) => (t.validity ? Object.values(t.validity)[0] : undefined), note: bi('自记录日期起的有效期长度：正整数，或本类型一个数值字段的编码；留空为一直有效', 'how long a record stays valid from its date: a whole number, or the code of a number field; empty: until ended') },
    { header: bi('有效期单位', 'Period unit'), path: ['validity', 'unit'], codec: oneOf(keysOf(validitySchema)), get: (t) => (t.validity ? Object.keys(t.validity)[0] : undefined) },
    { header: bi('结束日期字段', 'End field'), path: ['end'], codec: code, note: bi('结束记录的日期字段编码', 'the date field that ends a record') },
    { header: bi('修复记录类型', 'Repaired by'), path: ['repairedBy'], codec: code, note: bi('能结束本类记录的修复记录类型', 'the record type whose records repair (end) these') },
    { header: bi('可修复条件', 'Repairable when'), path: ['repairable'], codec: text, width: 30, note: bi('哪些记录可被修复（对本记录字段的条件）；留空为全部', 'which records a repair may end (a condition on their fields); empty: all') },
  ],
};

/** Every sheet with one row per record, in workbook order after the 方案 Scheme sheet. */
export const TABLES: TableSheet[] = [
  FRAMEWORK,
  BANDS,
  {
    name: bi('输入', 'Inputs'),
    path: ['inputs'],
    required: true,
    note: bi('数据表中每列一个输入', 'one column each in the data'),
    columns: valueColumns(inputSchema),
  },
  {
    name: bi('属性', 'Attributes'),
    path: ['attributes'],
    note: bi('分组用的列（如省份）：分组排名、组均值插补、适用条件', 'grouping columns (e.g. province): peer ranks, group-mean imputation, applicability'),
    columns: [CODE, NAME_ZH, NAME_EN, { header: bi('类型', 'Type'), path: ['type'], codec: choice(attributeSchema, 'type') }, CATEGORIES],
  },
  {
    name: bi('派生指标', 'Derived'),
    path: ['derived'],
    note: bi('由输入计算的指标', 'indicators computed from inputs'),
    columns: [CODE, NAME_ZH, NAME_EN, UNIT, { header: bi('表达式', 'Expression'), path: ['expr'], codec: text, required: true, width: 30 }],
  },
  RECORD_TYPES,
  {
    name: bi('记录字段', 'Record fields'),
    path: ['fields'],
    owner: sheetName(RECORD_TYPES.name),
    note: bi('每行一个记录字段，属于「记录类型」表中的一个类型', 'one field per row, of a type on the Record types sheet'),
    columns: [{ header: bi('记录类型', 'Record type'), role: 'owner', codec: code, required: true }, ...valueColumns(recordFieldSchema)],
  },
  {
    name: bi('扣分加分', 'Adjustments'),
    path: ['adjustments', 'rules'],
    note: bi('扣分和加分规则；总上限见「方案 Scheme」表', 'deductions and bonuses; the overall caps are on the Scheme sheet'),
    columns: [
      CODE,
      { header: bi('类型', 'Kind'), path: ['kind'], codec: choice(adjustmentSchema, 'kind'), required: true, note: bi('deduction 扣分、bonus 加分', 'deduction or bonus') },
      NAME_ZH, NAME_EN,
      { header: bi('分值', 'Points'), path: ['points'], codec: text, required: true, width: 24, note: bi('分值表达式，如 incidents * 3', 'an expression, e.g. incidents * 3') },
      WHEN(bi('成立时才扣分或加分；留空为总是', 'applies only when true; empty: always')),
      { header: bi('单项上限', 'Cap'), path: ['cap'], codec: number },
    ],
  },
  {
    name: bi('否决', 'Vetoes'),
    path: ['vetoes'],
    note: bi('一票否决：直接定级，或限定最高等级', 'vetoes: force a grade, or cap it'),
    columns: [
      CODE, NAME_ZH, NAME_EN, WHEN(bi('成立即否决', 'the veto applies when true')),
      { header: bi('直接定为', 'Force grade'), path: ['grade'], codec: code, note: bi('等级编码', 'a grade code') },
      { header: bi('最高等级', 'Best grade allowed'), path: ['maxGrade'], codec: code, note: bi('等级编码', 'a grade code') },
    ],
  },
  {
    name: bi('等级', 'Grades'),
    path: ['grades'],
    note: bi('从好到差排列；[下限, 上限)', 'best first; [min, max)'),
    columns: [
      CODE, NAME_ZH, NAME_EN,
      { header: bi('下限（含）', 'Min (incl.)'), path: ['min'], codec: number },
      { header: bi('上限（不含）', 'Max (excl.)'), path: ['max'], codec: number },
      { header: bi('颜色', 'Colour'), path: ['color'], codec: colour },
    ],
  },
  {
    name: bi('名单', 'Lists'),
    path: ['lists'],
    note: bi('名单规则（如约谈整改名单）', 'list rules (e.g. the rectification list)'),
    columns: [CODE, NAME_ZH, NAME_EN, WHEN(bi('成立即列入名单', 'listed when true')),
      { header: bi('列入后果', 'Consequence'), path: ['consequence'], codec: keyValues, width: 24, note: bi('列入名单在下一期的后果，如 label={…}; rate=0.05; unit=元/千瓦时; months=6', 'what being listed costs in the next period, e.g. label={…}; rate=0.05; unit=yuan/kWh; months=6') }],
  },
];

/** Instructions written by export and ignored by import. */
export const GUIDE_SHEET: Bi = bi('说明', 'Guide');

/** Top-level keys of a scheme that the tables above write. */
export const KNOWN_TOP_LEVEL = new Set<string>([
  ...SCHEME_SHEET.fields.map((f) => String(f.path?.[0])),
  ...TABLES.filter((t) => !t.owner).map((t) => String(t.path[0])),
]);

/** Excel caps a sheet name at 31 characters. */
for (const n of [SCHEME_SHEET.name, ...TABLES.map((t) => t.name), GUIDE_SHEET]) {
  if (sheetName(n).length > 31) throw new Error(`layout: sheet name too long: ${sheetName(n)}`);
}
