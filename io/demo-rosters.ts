/**
 * The real rosters behind the demo rounds: administrative divisions by their GB/T 2260 codes and
 * names. Everything here is a fact about the division (code, name, economic region, coast)
 * except what a comment marks as a modelling choice; the values scored in the demo rounds are
 * synthetic and made in demo-rounds.ts.
 */

export interface Province {
  code: string;
  name: string;
  /** The four economic regions of the statistical yearbooks. */
  region: '东部' | '中部' | '西部' | '东北';
  coastal: boolean;
  /** Modelling choice (unverified): scored on 草原综合植被覆盖度. */
  grassland: boolean;
  /** Modelling choice (unverified): scored on 可治理沙化土地治理率. */
  sandy: boolean;
  /** Resident population in millions, rounded from the 2020 census: only scales synthetic totals. */
  pop: number;
}

const P = (code: string, name: string, region: Province['region'], flags: string, pop: number): Province => ({
  code, name, region, coastal: flags.includes('c'), grassland: flags.includes('g'), sandy: flags.includes('s'), pop,
});

/** The 31 provinces, autonomous regions and municipalities of the mainland. */
export const PROVINCES: readonly Province[] = [
  P('110000', '北京市', '东部', '', 21.9),
  P('120000', '天津市', '东部', 'c', 13.9),
  P('130000', '河北省', '东部', 'cgs', 74.6),
  P('140000', '山西省', '中部', 'gs', 34.9),
  P('150000', '内蒙古自治区', '西部', 'gs', 24.0),
  P('210000', '辽宁省', '东北', 'cgs', 42.6),
  P('220000', '吉林省', '东北', 'gs', 24.1),
  P('230000', '黑龙江省', '东北', 'gs', 31.9),
  P('310000', '上海市', '东部', 'c', 24.9),
  P('320000', '江苏省', '东部', 'c', 84.7),
  P('330000', '浙江省', '东部', 'c', 64.6),
  P('340000', '安徽省', '中部', '', 61.0),
  P('350000', '福建省', '东部', 'c', 41.5),
  P('360000', '江西省', '中部', '', 45.2),
  P('370000', '山东省', '东部', 'c', 101.5),
  P('410000', '河南省', '中部', '', 99.4),
  P('420000', '湖北省', '中部', '', 57.8),
  P('430000', '湖南省', '中部', '', 66.4),
  P('440000', '广东省', '东部', 'c', 126.0),
  P('450000', '广西壮族自治区', '西部', 'c', 50.1),
  P('460000', '海南省', '东部', 'c', 10.1),
  P('500000', '重庆市', '西部', '', 32.1),
  P('510000', '四川省', '西部', 'g', 83.7),
  P('520000', '贵州省', '西部', '', 38.6),
  P('530000', '云南省', '西部', 'g', 47.2),
  P('540000', '西藏自治区', '西部', 'gs', 3.6),
  P('610000', '陕西省', '西部', 'gs', 39.5),
  P('620000', '甘肃省', '西部', 'gs', 25.0),
  P('630000', '青海省', '西部', 'gs', 5.9),
  P('640000', '宁夏回族自治区', '西部', 'gs', 7.2),
  P('650000', '新疆维吾尔自治区', '西部', 'gs', 25.9),
];

export interface City {
  code: string;
  name: string;
  province?: string;
}

/** The Nanjing metropolitan area as in templates/demo-green.csv (常州 whole, for the demo). */
export const NANJING_METRO: readonly City[] = [
  { code: '320100', name: '南京市', province: '江苏' },
  { code: '320400', name: '常州市', province: '江苏' },
  { code: '320800', name: '淮安市', province: '江苏' },
  { code: '321000', name: '扬州市', province: '江苏' },
  { code: '321100', name: '镇江市', province: '江苏' },
  { code: '340200', name: '芜湖市', province: '安徽' },
  { code: '340500', name: '马鞍山市', province: '安徽' },
  { code: '341100', name: '滁州市', province: '安徽' },
  { code: '341800', name: '宣城市', province: '安徽' },
];

/** The 11 cities of the Guangdong–Hong Kong–Macao Greater Bay Area. */
export const GREATER_BAY_AREA: readonly City[] = [
  { code: '810000', name: '香港特别行政区' },
  { code: '820000', name: '澳门特别行政区' },
  { code: '440100', name: '广州市' },
  { code: '440300', name: '深圳市' },
  { code: '440400', name: '珠海市' },
  { code: '440600', name: '佛山市' },
  { code: '441300', name: '惠州市' },
  { code: '441900', name: '东莞市' },
  { code: '442000', name: '中山市' },
  { code: '440700', name: '江门市' },
  { code: '441200', name: '肇庆市' },
];

/** Guizhou's 9 prefecture-level divisions (6 cities, 3 autonomous prefectures). */
export const GUIZHOU: readonly City[] = [
  { code: '520100', name: '贵阳市' },
  { code: '520200', name: '六盘水市' },
  { code: '520300', name: '遵义市' },
  { code: '520400', name: '安顺市' },
  { code: '520500', name: '毕节市' },
  { code: '520600', name: '铜仁市' },
  { code: '522300', name: '黔西南布依族苗族自治州' },
  { code: '522600', name: '黔东南苗族侗族自治州' },
  { code: '522700', name: '黔南布依族苗族自治州' },
];

/** Prefecture-level cities where the synthetic enterprises are registered. */
export const ENTERPRISE_PREFECTURES: readonly City[] = [
  { code: '130100', name: '石家庄市' },
  { code: '130200', name: '唐山市' },
  { code: '140100', name: '太原市' },
  { code: '150200', name: '包头市' },
  { code: '210200', name: '大连市' },
  { code: '320100', name: '南京市' },
  { code: '320200', name: '无锡市' },
  { code: '320500', name: '苏州市' },
  { code: '330100', name: '杭州市' },
  { code: '330200', name: '宁波市' },
  { code: '340100', name: '合肥市' },
  { code: '340800', name: '安庆市' },
  { code: '350100', name: '福州市' },
  { code: '360100', name: '南昌市' },
  { code: '370200', name: '青岛市' },
  { code: '370300', name: '淄博市' },
  { code: '410100', name: '郑州市' },
  { code: '420100', name: '武汉市' },
  { code: '430100', name: '长沙市' },
  { code: '440100', name: '广州市' },
  { code: '440300', name: '深圳市' },
  { code: '441900', name: '东莞市' },
  { code: '510100', name: '成都市' },
  { code: '520100', name: '贵阳市' },
  { code: '610100', name: '西安市' },
  { code: '620100', name: '兰州市' },
];

/** The 16 heavily polluting industries that 环发〔2013〕150号 puts in the rating's scope. */
export const POLLUTING_INDUSTRIES: readonly string[] = [
  '火电', '钢铁', '水泥', '电解铝', '煤炭', '冶金', '化工', '石化', '建材', '造纸', '酿造', '制药', '发酵', '纺织', '制革', '采矿',
];

export interface Section {
  id: string;
  /** The section name, with a note when it is not verified. */
  name: string;
  river: string;
  upstream: string;
  downstream: string;
}

/**
 * Boundary sections of cross-provincial compensation agreements. 街口 is verified (DOMAIN.md);
 * the others are plausible sections of rivers with such agreements, named after public reports
 * but unverified here, and marked so in their names.
 */
export const SECTIONS: readonly Section[] = [
  { id: 'XAJ-JK', name: '街口', river: '新安江', upstream: '安徽', downstream: '浙江' },
  { id: 'JZJ-SJ', name: '石角（示意，未核实）', river: '九洲江', upstream: '广西', downstream: '广东' },
  { id: 'YLRJ-LHQ', name: '黎河桥（示意，未核实）', river: '滦河（引滦入津）', upstream: '河北', downstream: '天津' },
  { id: 'CSH-QC', name: '清池（示意，未核实）', river: '赤水河', upstream: '云南', downstream: '贵州' },
];
