/**
 * The comparison workbook: one row per entity and round (比较 Comparison), the numbers exactly as
 * stored (full precision; the sheet formats them with the scheme's decimals), then the rounds
 * compared with their runs (轮次 Rounds), so each figure can be traced to its stored run.
 */
import type { Label } from '../../indicators/index.js';
import { TableSheet, type TableColumn } from './table-sheet.js';
import { xlsxBuffer } from './xlsx-writer.js';

export interface ComparisonRound {
  roundId: number;
  name: Label;
  period: string;
  officeId: string;
  schemeVersion: string;
  runId: number;
  published: boolean;
  decimals: number;
  /** Ranked entities in the run. */
  ranked: number;
}

export interface ComparisonPoint {
  score: number | null;
  rank: number | null;
  grade: Label | null;
}

export interface ComparisonEntity {
  id: string;
  name: string | null;
  /** One per round compared, in order; null where the round has no such entity. */
  points: (ComparisonPoint | null)[];
}

export interface Comparison {
  schemeId: string;
  rounds: ComparisonRound[];
  entities: ComparisonEntity[];
}

const L = (zh: string, en: string): Label => ({ zh, en });
const fmt = (decimals: number): string => (decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0');

export async function comparisonWorkbook(c: Comparison): Promise<Buffer> {
  const decimals = Math.max(0, ...c.rounds.map((r) => r.decimals));
  return xlsxBuffer(async (wb) => {
    const columns: TableColumn[] = [
      { key: 'id', label: L('编码', 'id'), width: 12 }, { key: 'name', label: L('名称', 'name'), width: 16 },
      { key: 'round', label: L('轮次', 'round'), width: 8 }, { key: 'period', label: L('考核期', 'period'), width: 12 },
      { key: 'office', label: L('考核办', 'office'), width: 14 }, { key: 'version', label: L('方案版本', 'scheme version'), width: 10 },
      { key: 'score', label: L('得分', 'score'), width: 10, numFmt: fmt(decimals), colourScale: 'greenHigh' },
      { key: 'rank', label: L('名次', 'rank'), width: 8 }, { key: 'ranked', label: L('参与排名', 'ranked'), width: 8 },
      { key: 'grade', label: L('等级', 'grade'), width: 12 },
    ];
    const sheet = new TableSheet(wb, '比较 Comparison', columns, 2);
    for (const e of c.entities) {
      for (let k = 0; k < c.rounds.length; k++) {
        const p = e.points[k];
        if (!p) continue;
        const r = c.rounds[k];
        await sheet.add([e.id, e.name, r.roundId, r.period, r.officeId, r.schemeVersion, p.score, p.rank, r.ranked, p.grade ? `${p.grade.zh} / ${p.grade.en}` : null]);
      }
    }
    await sheet.finish();
    const rounds = new TableSheet(wb, '轮次 Rounds', [
      { key: 'round', label: L('轮次', 'round'), width: 8 }, { key: 'name', label: L('名称', 'name'), width: 40 },
      { key: 'period', label: L('考核期', 'period'), width: 12 }, { key: 'office', label: L('考核办', 'office'), width: 14 },
      { key: 'version', label: L('方案版本', 'scheme version'), width: 10 }, { key: 'run', label: L('运行', 'run'), width: 8 },
      { key: 'published', label: L('已发布', 'published'), width: 8 },
    ], 1);
    for (const r of c.rounds) await rounds.add([r.roundId, r.name.zh, r.period, r.officeId, r.schemeVersion, r.runId, r.published ? '是 yes' : '否 no']);
    await rounds.finish();
  });
}
