/** What the command line prints: plan summaries, rankings and explanations, Chinese first. */
import { formatRounded, type Explanation, type RecordRef, type Results, type ScoringPlan } from '../engine/index.js';
import { renderTable } from './text-table.js';

export function planSummary(plan: ScoringPlan, hash: string): string {
  const indicators = plan.nodes.filter((n) => n.kind === 'indicator').length;
  const levels = Math.max(...plan.nodes.map((n) => n.depth)) + 1;
  return [
    `方案 Scheme: ${plan.scheme.name.zh} / ${plan.scheme.name.en} (${plan.scheme.id} v${plan.scheme.version}, ${plan.scheme.subject})`,
    `输入 Inputs: ${plan.sources.filter((s) => s.role === 'input').length}  属性 Attributes: ${plan.sources.filter((s) => s.role === 'attribute').length}  派生 Derived: ${plan.derived.length}`,
    `指标树 Tree: ${plan.nodes.length} 个节点 nodes, ${indicators} 个指标 indicators, ${levels} 层 levels`,
    ...((plan.records ?? []).length > 0 ? [`记录类型 Record types: ${plan.records!.map((t) => t.id).join(', ')}`] : []),
    `扣分/加分 Adjustments: ${plan.adjustments.rules.length}  否决 Vetoes: ${plan.vetoes.length}  等级 Grades: ${plan.grades.length}  名单 Lists: ${plan.lists.length}`,
    ...(plan.ranking.order === 'ascending' ? ['排名 Ranking: 得分最低者为第 1 名 / the lowest score is rank 1 (order: ascending)'] : []),
    `方案哈希 Plan hash: ${hash}`,
  ].join('\n');
}

export function rankingTable(results: Results, limit = Infinity): string {
  const { plan, frame } = results;
  const d = plan.rounding.decimals;
  const order = Array.from({ length: frame.n }, (_, i) => i).sort((a, b) => {
    const ra = results.rank[a];
    const rb = results.rank[b];
    if (ra !== ra) return rb !== rb ? 0 : 1;
    if (rb !== rb) return -1;
    return ra - rb || (frame.ids[a] < frame.ids[b] ? -1 : 1);
  });
  const rows = order.slice(0, limit).map((i) => {
    const g = results.grade[i];
    return [
      results.rank[i] === results.rank[i] ? String(results.rank[i]) : '—',
      frame.ids[i],
      frame.names?.[i] ?? '',
      formatRounded(results.score[i], d) || '—',
      g === g ? plan.grades[g].label.zh : '',
    ];
  });
  return renderTable(['名次 Rank', '编码 ID', '名称 Name', '得分 Score', '等级 Grade'], rows, [true, false, false, true, false]);
}

export function explanationText(e: Explanation, plan: ScoringPlan): string {
  const d = plan.rounding.decimals;
  const f = (v: number): string => (v === v ? formatRounded(v, d) : '—');
  const units = new Map(plan.sources.map((s) => [s.id, s.unit]));
  // Values as the scheme rounds them, with their unit (inputs) — never a raw double.
  const value = (name: string, v: number | string | null): string => {
    if (v === null || (typeof v === 'number' && v !== v)) return `${name}=NA`;
    const unit = units.get(name);
    // A value with no more decimals than the scheme's is shown as written (2 次, not 2.00 次).
    const shown = typeof v !== 'number' ? v : Number(f(v)) === v ? String(v) : f(v);
    return `${name}=${shown}${unit ? ` ${unit}` : ''}`;
  };
  const gradeLabel = (id: string): string => {
    const g = plan.grades.find((x) => x.id === id);
    return g ? `${g.label.zh} / ${g.label.en}` : id;
  };
  const out: string[] = [];
  out.push(`${e.id}${e.name ? ` ${e.name}` : ''}`);
  out.push(`得分 Score: ${f(e.score)}  名次 Rank: ${e.rank === e.rank ? e.rank : '—'}  等级 Grade: ${e.grade ? `${e.grade.label.zh} / ${e.grade.label.en}` : '—'}`);
  out.push(`基础分 Base: ${f(e.base)}  扣分 Deductions: ${f(e.deductions)}  加分 Bonuses: ${f(e.bonuses)}`);
  out.push('');
  const rows = e.nodes.map((n) => {
    const ind = n.indicator;
    let path = '';
    if (ind) {
      const parts = [value(ind.input, ind.inputValue)];
      if (ind.prepared !== ind.inputValue && ind.prepared === ind.prepared) parts.push(`→ ${f(ind.prepared)}`);
      if (ind.imputed) parts.push(`→ 插补 imputed ${f(ind.treated)}`);
      if (ind.fixedForMissing) parts.push(`→ 缺失按规定计 ${f(n.score)} / missing, fixed score`);
      if (ind.treatment !== 'none' && ind.treated !== ind.prepared && !ind.imputed) parts.push(`→ ${ind.treatment} ${f(ind.treated)}`);
      path = parts.join(' ');
    }
    return [
      `${'  '.repeat(n.depth)}${n.id} ${n.label.zh}`,
      n.applicable ? f(n.score) : '不适用 n/a',
      n.effectiveWeight > 0 ? (n.effectiveWeight * 100).toFixed(2) + '%' : '',
      n.effectiveWeight > 0 ? f(n.contribution) : '',
      path,
    ];
  });
  out.push(renderTable(['节点 Node', '得分 Score', '有效权重 Weight', '贡献 Contribution', '输入 Input'], rows, [false, true, true, true, false]));
  if (e.fired.length > 0) {
    out.push('', '触发的规则 Rules that fired:');
    for (const r of e.fired) {
      const what =
        r.kind === 'deduction' ? `扣分 deduction −${f(r.points!)}` :
        r.kind === 'bonus' ? `加分 bonus +${f(r.points!)}` :
        r.kind === 'veto' ? `否决 veto → ${r.grade ? `等级 grade ${gradeLabel(r.grade)}` : `最高等级 at most ${gradeLabel(r.maxGrade!)}`}` :
        `名单 list${r.since || r.until ? ` ${r.since ?? '?'} 起 since – ${r.until ?? '未定 open'} 止 until` : ''}`;
      const values = r.values.map((v) => value(v.name, v.value)).join(', ');
      out.push(`  - ${r.label.zh} / ${r.label.en} (${r.id}): ${what}${values ? `  [${values}]` : ''}`);
    }
  }
  if (e.asOf !== null) {
    out.push('', `截至 ${e.asOf} 有效的记录 Records in force as of ${e.asOf}:${e.records.length === 0 ? ' 无 none' : ''}`);
    for (const r of e.records) {
      const fields = Object.entries(r.fields).filter(([, v]) => v !== null).map(([k, v]) => `${k}=${v}`).join(', ');
      out.push(`  - ${r.type} ${r.start} → ${r.until ?? '长期 open'}${fields ? `  ${fields}` : ''}  (${r.origin})`);
    }
    if (e.repairs.length > 0) out.push('', `截至 ${e.asOf} 的信用修复 Repairs as of ${e.asOf}:`);
    for (const p of e.repairs) {
      const what =
        p.status === 'applied' ? `已修复 applied: ${p.repaired.map(refText).join('; ')}` :
        p.status === 'refused' ? `不予修复（方案规定不可修复）refused (not repairable under the scheme): ${p.refused.map(refText).join('; ')}` :
        '未适用（当日无可修复的有效记录）not applicable (no repairable record valid on its date)';
      out.push(`  - ${p.type} ${p.start}  ${what}  (${p.origin})`);
    }
  }
  return out.join('\n');
}

function refText(r: RecordRef): string {
  return `${r.type} ${r.start} (${r.origin})`;
}
