/**
 * `kaohe audit --db DB --official ID [--from D] [--to D] [-o WORKPAPER.xlsx]`: the tenure audit
 * (离任审计) on a service's database, exactly as POST /api/audits does it (store/tenure-audit.ts):
 * stored, and written to the audit log under the command line's actor; with -o, its workpaper
 * (审计工作底稿) as GET /api/audits/:id/workpaper gives it. Prints each round with its rerun, the
 * years no round scored, corrections, republications, the circumstances that fired and the
 * chain. Exit 0 when every rerun is identical and the chain holds; 1 when one doesn't (the
 * audit is still stored and written: it is the finding), or for bad input; 2 for a bad command line.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { formatRounded } from '../engine/index.js';
import { KaoheError } from '../indicators/index.js';
import { writeFileAtomic } from '../io/index.js';
import { beijingTime, openStore, runTenureAudit, schemePlan, tenureWorkpaperBuffer, type Actor, type TenureAudit } from '../store/index.js';
import { UsageError } from './failure.js';
import { commandArgs } from './args.js';
import { renderTable } from './text-table.js';
import { say } from './terminal.js';

/** Who the audit log names: the command line and the local user. */
function cliActor(): Actor {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No user name (a container without a passwd entry): the entry still says it came from the command line.
  }
  return { id: null, label: `cli:${user}` };
}

export async function runAudit(args: string[]): Promise<number> {
  const { values } = commandArgs('audit', args, { db: { type: 'string' }, official: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string', short: 'o' } }, []);
  if (!values.db) throw new UsageError('需要 --db 指定考核服务的数据库文件 / --db DB (the service\'s database file) is required');
  if (!values.official) throw new UsageError('需要 --official 指定干部编号 / --official ID is required');
  const out = values.out === undefined ? undefined : resolve(values.out);
  if (out !== undefined && extname(out).toLowerCase() !== '.xlsx') {
    throw new UsageError(`工作底稿的扩展名应为 .xlsx，实际为「${extname(out) || '无'}」 / the workpaper's extension must be .xlsx, got "${extname(out) || 'none'}"`);
  }
  const dbPath = resolve(values.db);
  // An audit reads an existing service's data: a mistyped path must not become a new empty database.
  if (!existsSync(dbPath) || !statSync(dbPath).isFile()) {
    throw new KaoheError([{ where: values.db, zh: `找不到数据库文件 ${values.db}：请给出考核服务的数据库（kaohe serve --db 所用的文件，默认 ./data/kaohe.db）`, en: `no database file at ${values.db}: give the service's database (the file of kaohe serve --db, ./data/kaohe.db by default)` }]);
  }
  if (out !== undefined && !existsSync(dirname(out))) {
    throw new KaoheError([{ where: values.out!, zh: `工作底稿的目录 ${dirname(out)} 不存在`, en: `the workpaper's folder ${dirname(out)} does not exist` }]);
  }
  const db = openStore(dbPath);
  try {
    const audit = await runTenureAudit(db, cliActor(), { official: values.official, from: values.from, to: values.to });
    say(`${auditText(audit, decimalsOf(db, audit))}\n`, process.stdout);
    if (out !== undefined) {
      await writeFileAtomic(out, await tenureWorkpaperBuffer(db, audit));
      say(`工作底稿写入 ${values.out} / workpaper written to ${values.out}\n`, process.stdout);
    }
    if (!audit.allIdentical || !audit.chain.ok) {
      throw new KaoheError([{
        where: `audit:${audit.id}`,
        zh: `审计发现问题：${!audit.allIdentical ? '有运行复算不一致' : ''}${!audit.allIdentical && !audit.chain.ok ? '；' : ''}${!audit.chain.ok ? `审计日志链在第 ${audit.chain.firstBroken} 条断开` : ''}（审计已保存，编号 ${audit.id}）`,
        en: `the audit has findings: ${!audit.allIdentical ? 'a rerun differs' : ''}${!audit.allIdentical && !audit.chain.ok ? '; ' : ''}${!audit.chain.ok ? `the audit chain breaks at entry ${audit.chain.firstBroken}` : ''} (the audit is stored as ${audit.id})`,
      }]);
    }
    return 0;
  } finally {
    db.close();
  }
}

function decimalsOf(db: Parameters<typeof schemePlan>[0], audit: TenureAudit): Map<number, number> {
  return new Map(audit.rounds.map((r) => [r.roundId, schemePlan(db, r.schemeId, r.schemeVersion).plan.rounding.decimals]));
}

function auditText(a: TenureAudit, decimals: Map<number, number>): string {
  const d = Math.max(0, ...decimals.values());
  const lines = [
    `任期审计 Tenure audit ${a.id}: ${a.official.id} ${a.official.name}`,
    `审计期 Period: ${a.from} – ${a.to}  任期天数 Days in post: ${a.tenureDays}  已评价 Scored: ${a.coveredDays}`,
    `任期得分 Tenure score: ${formatRounded(a.tenureScore, d)}`,
    '',
    renderTable(
      ['轮次 Round', '运行 Run', '一致 Identical', '天数 Days', '得分 Score', '名次 Rank', '等级 Grade', '结果哈希 Results hash'],
      a.rounds.map((r) => [
        String(r.roundId), String(r.runId), r.identical ? '是 yes' : '否 NO', String(r.days),
        r.score === null ? '—' : formatRounded(r.score, decimals.get(r.roundId)!),
        r.posts.map((p) => (p.rank === null ? '—' : String(p.rank))).join('; '),
        r.posts.map((p) => (p.grade ? p.grade.label.zh : '—')).join('; '),
        r.resultsHash.slice(0, 16),
      ]),
      [true, true, false, true, true, true, false, false],
    ),
  ];
  for (const g of a.gaps) lines.push(`未评价 No round: ${g.zh} / ${g.en}`);
  for (const u of a.unscored) lines.push(`未计入 Not counted: ${u.zh} / ${u.en}`);
  for (const c of a.corrections) lines.push(`更正 Correction: 轮次 round ${c.roundId} ${c.fileName}（${c.reason ?? '—'}）${beijingTime(c.at)} 北京时间`);
  for (const p of a.republications) lines.push(`重新发布 Republished: 轮次 round ${p.roundId} 运行 run ${p.replaces} → ${p.runId}（${p.reason ?? '—'}）${beijingTime(p.at)} 北京时间`);
  for (const c of a.circumstances ?? []) lines.push(`情形 Circumstance: 轮次 round ${c.roundId} ${c.entity} ${c.label.zh} / ${c.label.en}${c.points === null ? '' : ` −${c.points}`}${c.values ? ` [${c.values}]` : ''}`);
  lines.push(`审计日志链 Audit chain: ${a.chain.ok ? '完整 intact' : `第 ${a.chain.firstBroken} 条断开 broken at ${a.chain.firstBroken}`}  链头 head ${a.chain.head.count}:${a.chain.head.hash}`);
  lines.push(`审计报告哈希 Report hash: ${a.reportHash}  审计时间 At: ${beijingTime(a.createdAt)} 北京时间`);
  return lines.join('\n');
}
