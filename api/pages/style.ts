/**
 * The one stylesheet, inlined in every page (no external assets). Screen: a quiet, dense
 * layout for reading tables. Print: no navigation or switches, black on white, bordered
 * tables, charts kept whole; grades keep their colour swatch but always carry their name.
 */
export const PAGE_CSS = `
:root { --fg: #1f2328; --muted: #5b636e; --line: #d0d7de; --bg: #ffffff; --soft: #f6f8fa; --accent: #1565c0; --up: #2e7d32; --down: #c62828; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: var(--bg); font: 15px/1.55 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', system-ui, sans-serif; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #ffb300; outline-offset: 1px; }
.site { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 20px; padding: 10px 24px; border-bottom: 1px solid var(--line); background: var(--soft); }
.site .brand { font-weight: 700; color: var(--fg); text-decoration: none; }
.site .brand small { font-weight: 400; color: var(--muted); margin-left: 8px; }
.site nav { display: flex; gap: 16px; margin-left: auto; align-items: center; }
.site form { margin: 0; }
.site .who { color: var(--muted); }
button, .button { font: inherit; padding: 4px 12px; border: 1px solid var(--line); border-radius: 6px; background: #fff; color: var(--fg); cursor: pointer; text-decoration: none; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 24px; margin: 12px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); margin: 0 0 12px; display: flex; flex-wrap: wrap; gap: 4px 18px; }
.banner { border: 1px solid; border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
.banner.synthetic { background: #fff8e1; border-color: #f9a825; }
.banner.unpublished { background: #fbe9e7; border-color: #d84315; }
.banner.error { background: #ffebee; border-color: #c62828; }
.banner.warning { background: #fff8e1; border-color: #ef6c00; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; }
tbody tr:hover { background: #f3f8ff; }
.code { color: var(--muted); font-size: 12px; margin-left: 6px; }
.grade { display: inline-flex; align-items: center; gap: 6px; white-space: nowrap; font-weight: 600; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; border: 1px solid rgba(0,0,0,.35); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.badge { display: inline-block; margin: 0 4px 2px 0; padding: 0 8px; border-radius: 10px; font-size: 12px; border: 1px solid; white-space: nowrap; }
.badge.veto { color: #b71c1c; border-color: #b71c1c; background: #ffebee; }
.badge.list { color: #4a148c; border-color: #6a1b9a; background: #f3e5f5; }
.tag.tied { display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; color: #8a4b00; border: 1px solid #c77700; background: #fff4e0; white-space: nowrap; }
.interval { white-space: nowrap; } .rank-bar { vertical-align: middle; }
.change.up { color: var(--up); }
.change.down { color: var(--down); }
.change.same, .muted { color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: baseline; margin: 8px 0; }
.filters a { padding: 2px 10px; border: 1px solid var(--line); border-radius: 14px; text-decoration: none; }
.filters a[aria-current="page"] { background: var(--accent); border-color: var(--accent); color: #fff; }
.summary { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.summary > div { flex: 1 1 150px; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.summary dt { color: var(--muted); font-size: 13px; }
.summary dd { margin: 2px 0 0; font-size: 22px; font-weight: 700; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 0 28px; }
figure { margin: 8px 0; }
figure svg { width: 100%; height: auto; max-width: 720px; display: block; }
figcaption { color: var(--muted); font-size: 13px; }
form.login { max-width: 420px; margin: 24px 0; display: grid; gap: 10px; }
form.login input { font: inherit; padding: 8px 10px; border: 1px solid var(--line); border-radius: 6px; width: 100%; }
.banner.notice { background: #e8f5e9; border-color: #2e7d32; }
.next-step { border-left: 4px solid var(--accent); background: var(--soft); padding: 8px 12px; margin: 12px 0; }
form.work { display: grid; gap: 8px; max-width: 640px; margin: 8px 0 4px; }
form.work input[type="text"], form.work input[type="date"], form.work input[type="file"], form.work select, form.work textarea { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; width: 100%; background: #fff; }
form.work .actions { display: flex; gap: 12px; align-items: center; }
form.work .field-problem { color: #c62828; margin: 0; }
form.work [aria-invalid="true"] { border-color: #c62828; border-width: 2px; }
form.work .period { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
form.work .period > div { display: grid; gap: 8px; align-content: start; }
/* The problems table stays within the page: long positions and messages wrap (a file name has no spaces). */
table.problems { table-layout: fixed; width: 100%; }
table.problems th:first-child { width: 3em; }
table.problems td { overflow-wrap: anywhere; word-break: break-word; vertical-align: top; }
table.problems td.where { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; }
.skip-link { position: absolute; left: 8px; top: -48px; padding: 8px 12px; background: #fff; border: 2px solid currentColor; z-index: 10; }
.skip-link:focus { top: 8px; }
code { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0 16px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.banner.ok { background: #e8f5e9; border-color: #2e7d32; }
td.detail code { color: var(--muted); }
.audit-nav { margin: 0 0 8px; }
form.filters { grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); max-width: none; }
form.filters label { grid-column: auto; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
footer { color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); margin-top: 32px; padding-top: 8px; }
.table-wrap { max-width: 100%; overflow-x: auto; }
/* A table wider than a phone scrolls inside its own box (focusable, so a keyboard can scroll it), never the page. */
.chart-narrow { display: none; }
.charts-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 24px; }
.charts-pair figure svg { max-width: 100%; }
#indicators th[scope="row"] { font-weight: 400; white-space: normal; background: none; }
#indicators tr.aggregate th[scope="row"], #indicators tr.aggregate td { font-weight: 600; background: var(--soft); }
#indicators tr.depth-2 th[scope="row"] { padding-left: 24px; }
#indicators tr.depth-3 th[scope="row"] { padding-left: 40px; }
#indicators tr.depth-4 th[scope="row"] { padding-left: 56px; }
#indicators .unit { color: var(--muted); font-size: 12px; }
.status { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 8px; font-size: 12px; border: 1px dashed #8d6e63; color: #5d4037; background: #fff8e1; white-space: nowrap; }
.status-notApplicable.status, .status-missing.status { border-color: var(--muted); color: var(--muted); background: #fff; }
.hl { display: inline-block; margin-left: 6px; font-size: 12px; padding: 0 6px; border-radius: 8px; white-space: nowrap; }
.hl.strongest { color: #1b5e20; border: 1px solid #2e7d32; }
.hl.weakest { color: #b71c1c; border: 1px solid #c62828; }
.legend { list-style: none; padding: 0; margin: 4px 0 0; color: var(--muted); font-size: 13px; }
.legend .mark { display: inline-block; min-width: 1.2em; font-weight: 700; color: var(--fg); }
.map-legend { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 2px 0; }
.approval-no { display: block; }
.print-only { display: none; }
.title-block { text-align: center; margin: 0 0 12px; }
.title-block .issuer { font-size: 14px; margin: 0; }
.title-block .date { font-size: 13px; margin: 0; }
.downloads { display: flex; flex-wrap: wrap; gap: 8px 12px; margin: 8px 0; }
.pager { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin: 8px 0; }
form.search { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin: 8px 0; }
form.search label { display: grid; gap: 2px; font-size: 13px; color: var(--muted); }
form.search input, form.search select { font: inherit; padding: 4px 8px; border: 1px solid var(--line); border-radius: 6px; background: #fff; min-width: 0; }
@media (max-width: 720px) {
  .cols, .charts-pair { grid-template-columns: 1fr; }
  main { padding: 12px; }
  .site { padding: 8px 12px; }
  .site nav { margin-left: 0; flex-wrap: wrap; gap: 8px 12px; }
  .site .brand small { display: none; }
  h1 { font-size: 20px; overflow-wrap: anywhere; }
  th, td { padding: 5px 6px; }
  th { white-space: normal; }
  .opt { display: none; }
  #indicators td.num { white-space: normal; }
  #indicators .status, #indicators .hl { white-space: normal; }
  td.name .code { display: block; margin-left: 0; }
  .summary > div { flex-basis: 140px; }
  .summary dd { font-size: 18px; }
  .meta { overflow-wrap: anywhere; }
  code { overflow-wrap: anywhere; }
}
@media (max-width: 600px) {
  /* On a phone each problem is a block, not five columns a few characters wide: its number beside the position, city and messages. */
  #problems thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); }
  #problems, #problems tbody { display: block; }
  #problems tr { display: grid; grid-template-columns: 2.5em minmax(0, 1fr); border-bottom: 1px solid var(--line); padding: 4px 0; }
  #problems td { border: none; padding: 2px 6px; }
  #problems td.num { grid-row: span 4; }
  .chart-wide { display: none; }
  .chart-narrow { display: block; }
  .chart-narrow svg { max-width: 360px; }
}
@media print {
  :root { --fg: #000; --muted: #000; --line: #000; --accent: #000; --up: #000; --down: #000; }
  body { background: #fff; color: #000; font-size: 11pt; }
  .site, .no-print, .filters, .lang-switch, .script-switch, nav { display: none !important; }
  main { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
  th { background: #fff; }
  th, td { border: 1px solid #000; }
  tbody tr:hover { background: none; }
  .banner, .badge, .summary > div { background: #fff !important; color: #000 !important; border-color: #000 !important; }
  figure, tr, .summary { break-inside: avoid; }
  h2 { break-after: avoid; }
  .cols, .charts-pair { grid-template-columns: 1fr 1fr; }
  .chart-wide { display: block !important; }
  .chart-narrow { display: none !important; }
  .print-only { display: block; }
  .table-wrap { overflow: visible; }
  .status, .hl { background: #fff !important; color: #000 !important; border-color: #000 !important; }
}
/* Page size, margins and page numbers for a printed page (and the PDF a browser saves). */
@page { size: A4; margin: 14mm 12mm 16mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
.report-head { text-align: center; margin: 8px 0 16px; }
.report-head .issuer { font-size: 16px; font-weight: 600; margin: 0; }
.report-head h1 { font-size: 22px; }
.report-head .date { margin: 0; }
@media print {
  body.report { font-size: 10.5pt; }
  body.report .annex { break-before: page; }
  body.report h1 { font-size: 16pt; }
}
/* The scorecard on one A4 page: smaller text, charts side by side and short. */
@media print {
  body.scorecard { font-size: 8.5pt; line-height: 1.3; }
  body.scorecard h1 { font-size: 14pt; margin: 0 0 2px; }
  body.scorecard h2 { font-size: 10pt; margin: 6px 0 2px; padding-bottom: 1px; }
  body.scorecard .meta { margin: 0 0 3px; }
  body.scorecard th, body.scorecard td { padding: 1px 4px; }
  body.scorecard table { margin: 2px 0; }
  body.scorecard .summary { margin: 4px 0; gap: 4px; }
  body.scorecard .summary > div { padding: 2px 6px; }
  body.scorecard .summary dd { font-size: 11pt; }
  body.scorecard .summary dt { font-size: 8pt; }
  body.scorecard .print-row { display: grid; grid-template-columns: 1fr 1fr; gap: 0 12px; }
  body.scorecard figure { margin: 2px 0; }
  body.scorecard figure svg { max-height: 46mm; width: auto; max-width: 100%; }
  body.scorecard figcaption, body.scorecard .legend { font-size: 7.5pt; }
  body.scorecard .banner { padding: 2px 6px; margin: 3px 0; }
  body.scorecard .title-block .issuer, body.scorecard .title-block .date { font-size: 9pt; }
}
`;
