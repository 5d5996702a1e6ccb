/**
 * `kaohe attribute SCHEME DATA --posts POSTS.csv --from D --to D [-o OUT.csv]`: a region's
 * results attributed to the officials in post, pro rata by days in post within the period.
 */
import { resolve } from 'node:path';
import { attribute, evaluate, formatDay, parseDay, type AttributedPost, type OfficialSummary, type ScoringPlan } from '../engine/index.js';
import { KaoheError } from '../indicators/index.js';
import { numberCell, readPostsFile, textCell, writeFileAtomic } from '../io/index.js';
import { readRound } from './round-input.js';

export interface AttributeArgs {
  scheme: string;
  data: string;
  posts: string;
  from: string;
  to: string;
  out?: string;
  records?: string;
  asOf?: string;
}

function day(text: string, flag: string): number {
  const d = parseDay(text);
  if (d !== d) throw new KaoheError([{ where: flag, zh: `应为 YYYY-MM-DD 格式的日期，实际为「${text}」`, en: `expected a date as YYYY-MM-DD, got "${text}"` }]);
  return d;
}

export async function runAttribute(a: AttributeArgs): Promise<string> {
  const from = day(a.from, '--from');
  const to = day(a.to, '--to');
  if (to < from) throw new KaoheError([{ where: '--to', zh: `考核期结束日 ${a.to} 早于开始日 ${a.from}`, en: `the period ends (${a.to}) before it starts (${a.from})` }]);
  const { compiled, frame, asOf } = await readRound(a.scheme, a.data, { records: a.records, asOf: a.asOf, period: { where: '--from/--to', from: a.from, to: a.to } });
  const posts = await readPostsFile(a.posts, frame.ids);
  const results = evaluate(compiled, frame, { asOf });
  const { posts: rows, officials } = attribute(results, posts, from, to);
  const text = attributionCsv(rows, officials, compiled.plan);
  if (a.out) await writeFileAtomic(resolve(a.out), text);
  return text;
}

function attributionCsv(rows: AttributedPost[], officials: OfficialSummary[], plan: ScoringPlan): string {
  const lines = ['official,name,region,role,start,end,days,share,score,rank,grade,tenure_days,tenure_weighted_score'];
  const summary = new Map(officials.map((o) => [o.official, o]));
  for (const r of rows) {
    const s = summary.get(r.post.official)!;
    lines.push([
      textCell(r.post.official), textCell(r.post.name ?? ''), textCell(r.post.entity), textCell(r.post.role),
      formatDay(r.post.start), r.post.end === null ? '' : formatDay(r.post.end),
      String(r.days), numberCell(r.share), numberCell(r.score), numberCell(r.rank),
      r.grade === r.grade ? textCell(plan.grades[r.grade].id) : '', String(s.days), numberCell(s.weightedScore),
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}
