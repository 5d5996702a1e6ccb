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
form.work input[type="text"], form.work input[type="date"], form.work input[type="file"], form.work select { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; width: 100%; background: #fff; }
form.work .actions { display: flex; gap: 12px; align-items: center; }
form.work .field-problem { color: #c62828; margin: 0; }
form.work [aria-invalid="true"] { border-color: #c62828; border-width: 2px; }
form.work .period { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; }
form.work .period > div { display: grid; gap: 8px; align-content: start; }
table.problems td.where { white-space: nowrap; font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
footer { color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); margin-top: 32px; padding-top: 8px; }
@media (max-width: 720px) { .cols { grid-template-columns: 1fr; } main { padding: 12px; } }
@media print {
  :root { --fg: #000; --muted: #000; --line: #000; --accent: #000; --up: #000; --down: #000; }
  body { background: #fff; color: #000; font-size: 11pt; }
  .site, .no-print, .filters, .lang-switch, nav { display: none !important; }
  main { max-width: none; padding: 0; }
  a { color: #000; text-decoration: none; }
  th { background: #fff; }
  th, td { border: 1px solid #000; }
  tbody tr:hover { background: none; }
  .banner, .badge, .summary > div { background: #fff !important; color: #000 !important; border-color: #000 !important; }
  figure, table, tr, .summary { break-inside: avoid; }
  h2 { break-after: avoid; }
  .cols { grid-template-columns: 1fr 1fr; }
}
`;
