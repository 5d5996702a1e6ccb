/**
 * Every deduction, bonus, veto and list rule that fired, for whom and why, read off the
 * columns the engine leaves (the same columns and tests `explain` uses: points > 0, a veto or
 * list flag of 1), in one pass over the entities instead of one `explain` per entity. "Why"
 * shows the values the rule's expressions refer to.
 */
import type { Results } from '../../engine/index.js';
import { formatRounded } from '../../engine/index.js';
import { formatDay, references, type Ast, type Label } from '../../indicators/index.js';

export interface Firing {
  ruleId: string;
  label: Label;
  kind: 'deduction' | 'bonus' | 'veto' | 'list';
  /** Signed points: negative for a deduction; null for vetoes and lists. */
  points: number | null;
  why: string;
}

interface Rule {
  id: string;
  label: Label;
  kind: Firing['kind'];
  column: Float64Array;
  /** What the rule does besides its points (a veto's grade). */
  effect: string;
  values: ((i: number) => string)[];
}

/** A function from entity index to the rules that fired for it. */
export function ruleFirings(results: Results): (i: number) => Firing[] {
  const { plan } = results;
  const gradeLabel = (id: string | null): string => {
    const g = plan.grades.find((x) => x.id === id);
    return g ? `${g.label.zh} ${g.label.en}` : String(id);
  };
  const rules: Rule[] = [
    ...plan.adjustments.rules.map((r, k): Rule => ({
      id: r.id, label: r.label, kind: r.kind, column: results.adjustments[k], effect: '', values: describers(results, r.points, r.when),
    })),
    ...plan.vetoes.map((v, k): Rule => ({
      id: v.id, label: v.label, kind: 'veto', column: results.vetoes[k],
      effect: v.grade ? `等级定为 grade set to「${gradeLabel(v.grade)}」` : `等级最高为 grade at most「${gradeLabel(v.maxGrade)}」`,
      values: describers(results, v.when),
    })),
    ...plan.lists.map((l, k): Rule => ({ id: l.id, label: l.label, kind: 'list', column: results.lists[k], effect: '', values: describers(results, l.when) })),
  ];
  const decimals = plan.rounding.decimals;
  return (i) => {
    const out: Firing[] = [];
    for (const r of rules) {
      const v = r.column[i];
      const fired = r.kind === 'deduction' || r.kind === 'bonus' ? v > 0 : v === 1;
      if (!fired) continue;
      const points = r.kind === 'deduction' ? -v : r.kind === 'bonus' ? v : null;
      let why = r.effect;
      for (const f of r.values) {
        const s = f(i);
        if (s !== '') why = why === '' ? s : `${why}；${s}`;
      }
      out.push({ ruleId: r.id, label: r.label, kind: r.kind, points: points === null ? null : Number(formatRounded(points, decimals)), why });
    }
    return out;
  };
}

/** Per name an expression refers to: a function giving "label (name) = value" for entity i. */
function describers(results: Results, ...asts: (Ast | null)[]): ((i: number) => string)[] {
  const { plan, layout, columns: C, frame } = results;
  const decimals = plan.rounding.decimals;
  const seen = new Set<string>();
  const out: ((i: number) => string)[] = [];
  const show = (label: string, name: string, value: (i: number) => string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    out.push((i) => `${label}（${name}）= ${value(i)}`);
  };
  const missing = '缺失 NA';
  const scoreOf = (col: Float64Array) => (i: number): string => (col[i] === col[i] ? formatRounded(col[i], decimals) : missing);
  for (const a of asts) {
    if (!a) continue;
    const refs = references(a);
    for (const name of refs.names) {
      const source = plan.sources.find((s) => s.id === name);
      const derived = plan.derived.find((d) => d.id === name);
      if (source) {
        const col = C[layout.source.get(name)!];
        const dict = frame.dictionaries.get(name);
        show(source.label.zh, name, (i) => {
          const v = col[i];
          if (v !== v) return missing;
          if (source.type === 'boolean') return v === 1 ? '是' : '否';
          if (source.type === 'date') return formatDay(v);
          return dict ? dict[v] : String(v);
        });
      } else if (derived) {
        const col = C[layout.derived.get(name)!];
        show(derived.label.zh, name, (i) => (col[i] === col[i] ? String(Number(col[i].toPrecision(6))) : missing));
      } else if (name === 'grade') {
        show('等级', name, (i) => {
          const g = results.grade[i];
          return g === g ? plan.grades[g].id : missing;
        });
      } else {
        const special: Record<string, [string, Float64Array]> = {
          base: ['基础得分', results.base], deductions: ['扣分', results.deductions], bonuses: ['加分', results.bonuses], score: ['得分', results.score],
        };
        if (special[name]) show(special[name][0], name, scoreOf(special[name][1]));
      }
    }
    for (const id of refs.nodes) {
      const j = plan.nodes.findIndex((n) => n.id === id);
      show(plan.nodes[j].label.zh, `node.${id}`, scoreOf(results.nodeScores[j]));
    }
  }
  return out;
}
