/**
 * The 通报 report of a round, as plain data both renderers read (the print-ready page,
 * api/pages/report-page.ts, and the Word document, api/report/docx.ts): the title block, the
 * ranking, the entities of each grade, vetoes that changed a grade, each list (约谈, 整改 …) and
 * the methodology as its 附件.
 */
import type { Label } from '../../indicators/index.js';
import type { MethodologyView } from './methodology.js';
import type { GradeView, RankingRowView, RoundHeaderView, RunRefView, SessionView } from './view-models.js';

/** Rows the report's ranking table lists; a larger round's report says how many more there are. */
export const REPORT_MAX_ROWS = 1000;

export interface ReportGroupView {
  id: string;
  label: Label;
  /** For vetoes: the grade it forces or caps. */
  effect?: Label | null;
  /** Entity names (or codes), in rank order. */
  entities: string[];
}

export interface ReportView {
  session: SessionView;
  round: RoundHeaderView;
  run: RunRefView;
  decimals: number;
  /** Entities scored, and ranked. */
  entityCount: number;
  rankedCount: number;
  /** In rank order, at most REPORT_MAX_ROWS. */
  rows: RankingRowView[];
  grades: ReportGroupView[];
  vetoes: ReportGroupView[];
  lists: ReportGroupView[];
  methodology: MethodologyView;
}

export function reportParts(rows: readonly RankingRowView[], grades: GradeView[], plan: { vetoes: { id: string; label: Label }[]; lists: { id: string; label: Label }[] }, vetoEffect: (id: string) => Label | null): Pick<ReportView, 'entityCount' | 'rankedCount' | 'rows' | 'grades' | 'vetoes' | 'lists'> {
  const name = (r: RankingRowView): string => r.name ?? r.entityId;
  return {
    entityCount: rows.length,
    rankedCount: rows.filter((r) => r.rank !== null).length,
    rows: rows.slice(0, REPORT_MAX_ROWS),
    grades: grades.map((g) => ({ id: g.id, label: g.label, entities: rows.filter((r) => r.grade?.id === g.id).map(name) })),
    vetoes: plan.vetoes.map((v) => ({ id: v.id, label: v.label, effect: vetoEffect(v.id), entities: rows.filter((r) => r.vetoes.some((x) => x.id === v.id)).map(name) })).filter((v) => v.entities.length > 0),
    lists: plan.lists.map((l) => ({ id: l.id, label: l.label, entities: rows.filter((r) => r.lists.some((x) => x.id === l.id)).map(name) })),
  };
}
