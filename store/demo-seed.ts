/**
 * The demo a first start seeds into an empty database: the cities of the Nanjing metropolitan
 * area (real GB/T 2260 codes, from templates/demo-green.csv) scored with templates/demo-green.yaml
 * over three yearly rounds, 2023–2025. The 2025 data are the template's; 2023 and 2024 are
 * derived from them deterministically (seeded): each input moved back along a plausible yearly
 * trend with a little noise. Every round goes the way a real one does — opened, a file uploaded,
 * scored, published — and the older two are archived. The roster lists officials with their posts
 * (DEMO_OFFICIALS) for the tenure audit. A joint round of Jiangsu's and Anhui's offices on the
 * same cities (each its province's) is scored, not yet published; the latest yearly round has an
 * uncertainty analysis with the scheme's default spec, so its ranking shows rank intervals. Demo
 * accounts get fresh random tokens and passwords,
 * returned once (only their hashes are stored). All the data are synthetic, and the rounds say so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Rng } from '../io/index.js';
import { createAccount, createOffice, issueToken, type Role } from './accounts.js';
import { generatePassword, setPassword } from './passwords.js';
import { SYSTEM, type Actor } from './audit.js';
import type { Db } from './db.js';
import { latestPublication, publishRun } from './publications.js';
import { createRoster, type OfficialInput } from './rosters.js';
import { createRound, getRound, requestRoundStatus } from './rounds.js';
import { confirmParticipant } from './participants.js';
import { requestRun } from './runs.js';
import { addSchemeVersion } from './schemes.js';
import { scoreRun } from './scoring.js';
import { submitFile } from './submissions.js';
import { defaultSpecText, prepareAnalysis, runAnalysis } from './uncertainty-analyses.js';
import { sql } from './statements.js';

export const DEMO_OFFICE = { id: 'nanjing-metro', name: { zh: '南京都市圈生态环境考核办公室', en: 'Nanjing Metropolitan Area Evaluation Office' } };
export const DEMO_YEARS = [2023, 2024, 2025] as const;
/** The joint round's offices: Jiangsu's leads, Anhui's takes part; each sends its province's cities. */
export const DEMO_JOINT_OFFICES = [
  { id: 'jiangsu', name: { zh: '江苏省生态环境考核办公室', en: 'Jiangsu Provincial Evaluation Office' }, province: '江苏', account: 'demo-jiangsu' },
  { id: 'anhui', name: { zh: '安徽省生态环境考核办公室', en: 'Anhui Provincial Evaluation Office' }, province: '安徽', account: 'demo-anhui' },
] as const;
const SEED = 20250601;

/** Yearly change of each input, as a factor (×) or in points (+), going forward in time. */
const TRENDS: Record<string, { factor?: number; points?: number; max?: number; digits: number }> = {
  energy_use: { factor: 1.02, digits: 0 },
  gdp: { factor: 1.055, digits: 0 },
  water_use: { factor: 0.985, digits: 1 },
  pm25: { factor: 0.95, digits: 1 },
  good_air_days: { points: 0.9, max: 100, digits: 1 },
  good_water: { points: 1.4, max: 100, digits: 1 },
  forest_cover: { points: 0.3, max: 100, digits: 1 },
  wetland_rate: { points: 1.1, max: 100, digits: 1 },
  sewage_rate: { points: 0.5, max: 100, digits: 1 },
};

/**
 * Officials in post over the demo years, so the tenure audit (离任审计) has someone to audit: a
 * mayor of Nanjing who leaves mid-2024 and her successor, and one who moves from Zhenjiang to
 * Yangzhou. Fictional people.
 */
export const DEMO_OFFICIALS: OfficialInput[] = [
  { id: 'NJ-01', name: '张明 Zhang Ming', posts: [{ post: '南京市市长 Mayor of Nanjing', regionCode: '320100', start: '2021-09-01', end: '2024-06-30' }] },
  { id: 'NJ-02', name: '李华 Li Hua', posts: [{ post: '南京市市长 Mayor of Nanjing', regionCode: '320100', start: '2024-07-01', end: null }] },
  {
    id: 'ZJ-01', name: '王强 Wang Qiang', posts: [
      { post: '镇江市市长 Mayor of Zhenjiang', regionCode: '321100', start: '2022-01-10', end: '2023-12-31' },
      { post: '扬州市市长 Mayor of Yangzhou', regionCode: '321000', start: '2024-01-01', end: null },
    ],
  },
];

export interface DemoAccount {
  id: number;
  name: string;
  role: Role;
  token: string;
  /** For the login form (the token is for the API). */
  password: string;
  expiresAt: string;
}

export interface DemoSeed {
  accounts: DemoAccount[];
  /** The demo office's yearly rounds, oldest first. */
  roundIds: number[];
  /** The joint round of Jiangsu's and Anhui's offices, scored and not yet published. */
  jointRoundId: number;
}

export function isEmptyStore(db: Db): boolean {
  const { n } = sql(db, 'SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM rounds) + (SELECT count(*) FROM schemes) AS n').get() as { n: number };
  return n === 0;
}

/** The template's rows moved `yearsBack` years back along the trends, seeded; text cells unchanged. */
export function demoYearCsv(csv: string, yearsBack: number): string {
  const rows = parse(csv, { bom: true, skip_empty_lines: true }) as string[][];
  const [header, ...data] = rows;
  if (yearsBack === 0) return `${[header, ...data].map((r) => r.join(',')).join('\n')}\n`;
  const rng = new Rng(SEED + yearsBack);
  const out = data.map((row) => row.map((cell, c) => {
    const col = header[c];
    if (col === 'incidents') return String(rng.uniform() < 0.15 ? 1 : 0);
    const trend = TRENDS[col];
    if (!trend || cell === 'NA' || cell === '') return cell;
    const v = Number(cell);
    const noise = 1 + 0.015 * rng.normal();
    const back = trend.factor !== undefined ? v / trend.factor ** yearsBack : v - trend.points! * yearsBack;
    const moved = Math.max(0, Math.min(trend.max ?? Infinity, back * noise));
    return moved.toFixed(trend.digits);
  }));
  return `${[header, ...out].map((r) => r.join(',')).join('\n')}\n`;
}

export async function seedDemo(db: Db, templatesDir: string): Promise<DemoSeed> {
  const schemeText = readFileSync(join(templatesDir, 'demo-green.yaml'), 'utf8');
  const csv = readFileSync(join(templatesDir, 'demo-green.csv'), 'utf8');
  const { scheme } = addSchemeVersion(db, SYSTEM, schemeText);
  createOffice(db, SYSTEM, DEMO_OFFICE);
  // Each city with its province, which fills the province column of its template row.
  const cities = (parse(csv, { bom: true, columns: true, skip_empty_lines: true }) as { id: string; name: string; province: string }[]).map((r) => ({ code: r.id, name: r.name, attributes: { province: r.province } }));
  const roster = createRoster(db, SYSTEM, { name: '南京都市圈城市 Nanjing metropolitan area cities', regions: cities, officials: DEMO_OFFICIALS });

  const people: { name: string; role: Role; officeId?: string }[] = [
    { name: 'demo-admin', role: 'admin' },
    { name: 'demo-office', role: 'office', officeId: DEMO_OFFICE.id },
    { name: 'demo-leadership', role: 'leadership' },
    { name: 'demo-auditor', role: 'auditor' },
  ];
  let office: Actor = SYSTEM;
  const accounts: DemoAccount[] = people.map((p) => {
    const account = createAccount(db, SYSTEM, p);
    if (p.role === 'office') office = { id: account.id, label: `${account.name} (office)` };
    const t = issueToken(db, SYSTEM, account.id, { days: 365, label: 'demo' });
    return { id: account.id, name: p.name, role: p.role, token: t.token, password: generatePassword(), expiresAt: t.expiresAt };
  });
  // Hashed side by side on the thread pool.
  await Promise.all(accounts.map((a) => setPassword(db, SYSTEM, a.id, a.password)));

  const roundIds: number[] = [];
  for (const year of DEMO_YEARS) {
    const back = DEMO_YEARS[DEMO_YEARS.length - 1] - year;
    const round = createRound(db, office, {
      name: { zh: `${year} 年度南京都市圈绿色发展评价（演示）`, en: `${year} Nanjing metropolitan area green development (demo)` },
      schemeId: scheme.id, schemeVersion: scheme.version, rosterId: roster.id, officeId: DEMO_OFFICE.id,
      periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, synthetic: true,
    });
    requestRoundStatus(db, office, round.id, 'collecting');
    await submitFile(db, office, round.id, { fileName: `demo-green-${year}.csv`, bytes: Buffer.from(demoYearCsv(csv, back), 'utf8') });
    const run = await scoreRun(db, requestRun(db, office, round.id).id, {}, office);
    if (run.status !== 'done') throw new Error(`demo round ${year} failed to score: ${JSON.stringify(run.error)}`);
    publishRun(db, office, round.id, run.id);
    roundIds.push(round.id);
  }
  for (const id of roundIds.slice(0, -1)) requestRoundStatus(db, office, id, 'archived');
  // The latest round's ranks with their intervals (the scheme's default spec, when the templates have it), as leadership sees them.
  const specs = join(templatesDir, 'uncertainty');
  if (defaultSpecText(specs, scheme.id) !== null) {
    const latest = latestPublication(db, roundIds[roundIds.length - 1])!;
    await runAnalysis(db, office, prepareAnalysis(db, latest.runId, {}, specs), { threads: 1 });
  }
  const joint = await seedJointRound(db, scheme, csv);
  return { accounts: [...accounts, ...joint.accounts], roundIds, jointRoundId: joint.roundId };
}

/**
 * The joint round, 2026: the same cities (and, synthetic, the 2025 data) on a roster that gives
 * each city to its province's office. Each office uploads its own cities and confirms; Jiangsu's (the lead) scores.
 */
async function seedJointRound(db: Db, scheme: { id: string; version: string }, csv: string): Promise<{ accounts: DemoAccount[]; roundId: number }> {
  const rows = parse(csv, { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const header = Object.keys(rows[0]);
  const actors = new Map<string, Actor>();
  const accounts = DEMO_JOINT_OFFICES.map((o) => {
    createOffice(db, SYSTEM, { id: o.id, name: o.name });
    const account = createAccount(db, SYSTEM, { name: o.account, role: 'office', officeId: o.id });
    actors.set(o.id, { id: account.id, label: `${account.name} (office)` });
    const t = issueToken(db, SYSTEM, account.id, { days: 365, label: 'demo' });
    return { id: account.id, name: o.account, role: 'office' as Role, token: t.token, password: generatePassword(), expiresAt: t.expiresAt };
  });
  await Promise.all(accounts.map((a) => setPassword(db, SYSTEM, a.id, a.password)));
  const officeOf = (province: string): string => DEMO_JOINT_OFFICES.find((o) => o.province === province)!.id;
  const roster = createRoster(db, SYSTEM, {
    name: '南京都市圈城市（苏皖分工）Nanjing metropolitan area cities, by province',
    regions: rows.map((r) => ({ code: r.id, name: r.name, office: officeOf(r.province) })),
  });
  const [lead, partner] = DEMO_JOINT_OFFICES;
  const leadActor = actors.get(lead.id)!;
  const round = createRound(db, leadActor, {
    name: { zh: '2026 年度南京都市圈绿色发展联合评价（苏皖，演示）', en: '2026 Nanjing metropolitan area green development, joint Jiangsu–Anhui (demo)' },
    schemeId: scheme.id, schemeVersion: scheme.version, rosterId: roster.id, officeId: lead.id, participants: [partner.id],
    periodStart: '2026-01-01', periodEnd: '2026-12-31', synthetic: true,
  });
  requestRoundStatus(db, leadActor, round.id, 'collecting');
  for (const o of DEMO_JOINT_OFFICES) {
    const own = rows.filter((r) => r.province === o.province).map((r) => header.map((h) => r[h]).join(','));
    const a = actors.get(o.id)!;
    await submitFile(db, a, round.id, { fileName: `demo-green-2026-${o.id}.csv`, bytes: Buffer.from(`${[header.join(','), ...own].join('\n')}\n`, 'utf8') }, { office: o.id });
    confirmParticipant(db, a, getRound(db, round.id), o.id);
  }
  const run = await scoreRun(db, requestRun(db, leadActor, round.id).id, {}, leadActor);
  if (run.status !== 'done') throw new Error(`demo joint round failed to score: ${JSON.stringify(run.error)}`);
  return { accounts, roundId: round.id };
}
