/**
 * The 通报 report as a Word document (.docx, with the `docx` library): A4 portrait, the title
 * block (issuing office, title, date), the ranking table, the grades, vetoes and lists, and the
 * methodology as 附件 on a new page; page numbers in the footer. The same words as the
 * print-ready page (api/pages/report-page.ts reportWords).
 */
import {
  AlignmentType, BorderStyle, Document, Footer, HeadingLevel, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import { bandText } from '../pages/methodology.js';
import { entityLine, paren, reportWords } from '../pages/report-page.js';
import type { ReportView } from '../pages/report.js';
import { colon, fmtRank, fmtScore, fmtShare, t, TXT } from '../pages/text.js';
import type { Lang } from '../pages/view-models.js';

/** Fonts Word and WPS have in China (宋体 body, 黑体 headings), with Latin text in Times New Roman. */
const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimSun', cs: 'Times New Roman' };
const HEADING_FONT = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: 'SimHei', cs: 'Arial' };

/** A4 in twentieths of a point, and 2.5 cm margins. */
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1418;

const para = (text: string, options: { bold?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; heading?: boolean } = {}): Paragraph => new Paragraph({
  alignment: options.align,
  spacing: { after: 120 },
  children: [new TextRun({ text, bold: options.bold, size: options.size ?? 24, font: options.heading ? HEADING_FONT : BODY_FONT })],
});

const heading = (text: string, level: 1 | 2 = 1): Paragraph => new Paragraph({
  heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
  spacing: { before: 240, after: 120 },
  children: [new TextRun({ text, bold: true, size: level === 1 ? 28 : 24, font: HEADING_FONT })],
});

const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function table(header: string[], rows: string[][], numeric: boolean[]): Table {
  const cell = (text: string, k: number, bold = false): TableCell => new TableCell({
    borders: { top: LINE, bottom: LINE, left: LINE, right: LINE },
    children: [new Paragraph({ alignment: numeric[k] ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold, size: 21, font: BODY_FONT })] })],
  });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, k) => cell(h, k, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((x, k) => cell(x, k)) })),
    ],
  });
}

export async function reportDocx(view: ReportView, lang: Lang): Promise<Buffer> {
  const w = reportWords(view, lang);
  const d = view.decimals;
  const c = colon(lang);
  const m = view.methodology;
  const main = [
    ...(w.issuer ? [para(w.issuer, { align: AlignmentType.CENTER, bold: true, size: 28, heading: true })] : []),
    para(w.title, { align: AlignmentType.CENTER, bold: true, size: 36, heading: true }),
    para(w.date, { align: AlignmentType.CENTER }),
    ...(view.round.synthetic ? [para(t(TXT.synthetic, lang), { bold: true })] : []),
    ...(view.round.published ? [] : [para(t(TXT.notPublished, lang), { bold: true })]),
    para(w.intro),
    heading(t(TXT.reportRanking, lang)),
    table(
      [t(TXT.rank, lang), t(TXT.name, lang), t(TXT.score, lang), t(TXT.grade, lang)],
      view.rows.map((r) => [fmtRank(r.rank), r.name ?? r.entityId, fmtScore(r.score, d), r.grade ? t(r.grade.label, lang) : t(TXT.noGrade, lang)]),
      [true, false, true, false],
    ),
    ...(w.more ? [para(w.more)] : []),
    ...(view.grades.length === 0 ? [] : [heading(t(TXT.reportGrades, lang)), ...view.grades.map((g) => para(`${t(g.label, lang)}${paren(String(g.entities.length), lang)}${c}${entityLine(g, lang)}`))]),
    heading(t(TXT.reportVetoes, lang)),
    ...(view.vetoes.length === 0 ? [para(t(TXT.reportNoVetoes, lang))] : view.vetoes.map((v) => para(`${t(v.label, lang)}${v.effect ? paren(t(v.effect, lang), lang) : ''}${c}${entityLine(v, lang)}`))),
    ...(view.lists.length === 0 ? [] : [heading(t(TXT.reportLists, lang)), ...view.lists.map((l) => para(`${t(l.label, lang)}${c}${entityLine(l, lang)}`))]),
  ];
  const annex = [
    heading(t(TXT.reportAnnex, lang)),
    ...(m.scheme.description ? [para(t(m.scheme.description, lang))] : []),
    heading(t(TXT.mIndicators, lang), 2),
    table(
      [t(TXT.indicator, lang), t(TXT.mWeight, lang), t(TXT.mShare, lang), t(TXT.mMethod, lang)],
      m.nodes.map((n) => [
        `${'　'.repeat(n.depth)}${t(n.label, lang)}${n.unit ? ` (${n.unit})` : ''}`,
        n.depth === 0 ? '—' : String(n.weight),
        fmtShare(n.share, d),
        `${t(n.method, lang)}${n.missing ? `${lang === 'zh' ? '；' : '; '}${t(n.missing, lang)}` : ''}`,
      ]),
      [false, true, true, false],
    ),
    heading(t(TXT.mFormula, lang), 2),
    para(t(m.formula, lang)),
    para(t(m.ranking, lang)),
    ...(m.grades.length === 0 ? [] : [heading(t(TXT.mGrades, lang), 2), ...m.grades.map((g) => para(`${t(g.label, lang)}${c}${bandText(g, d)}`))]),
    ...(m.vetoes.length === 0 ? [] : [heading(t(TXT.mVetoes, lang), 2), ...m.vetoes.map((v) => para(`${t(v.label, lang)}${c}${t(TXT.mWhen, lang)} ${v.when} → ${t(v.effect, lang)}`))]),
  ];
  const footer = new Footer({
    children: [new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ children: lang === 'zh' ? ['第 ', PageNumber.CURRENT, ' 页 / 共 ', PageNumber.TOTAL_PAGES, ' 页'] : ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES], size: 18, font: BODY_FONT })],
    })],
  });
  const properties = { page: { size: A4, margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN } } };
  const doc = new Document({
    creator: w.issuer ?? 'kaohe',
    title: w.title,
    styles: { default: { document: { run: { font: BODY_FONT, size: 24 } } } },
    sections: [
      { properties, footers: { default: footer }, children: main },
      // The 附件 starts on a page of its own.
      { properties, footers: { default: footer }, children: annex },
    ],
  });
  return Packer.toBuffer(doc);
}
