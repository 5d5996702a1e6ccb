/** The 通报 renderers (page and Word document) from a real evaluation: hostile names stay text, groups list the right entities. */
import { describe, expect, it } from 'vitest';
import { methodologyView, renderMethodologyPage, renderReportPage, reportParts, type ReportView } from '../../api/pages/index.js';
import { reportDocx } from '../../api/report/docx.js';
import { zipEntries } from '../zip-entries.js';
import { DEMO_CSV, editCsv, evaluateDemo, rankingView, SESSION } from './demo-views.js';
import { assertOnlyPageMarkup } from './html-scan.js';

const evil = '<img src=x onerror=alert(1)>滁州';
const results = evaluateDemo(editCsv(DEMO_CSV, '341100', 'name', evil));
const ranking = rankingView(results);

function view(): ReportView {
  return {
    session: SESSION,
    round: { ...ranking.round, office: { zh: '考核办 <b>', en: 'Office <b>' } },
    run: { id: '1', createdAt: '2025-03-01T09:30:00Z', publishedAt: '2025-03-01T17:00:00Z' },
    decimals: 2,
    ...reportParts(ranking.rows, ranking.grades, results.plan, () => null),
    methodology: methodologyView(results.plan),
  };
}

describe('the 通报 page', () => {
  it('shows hostile names and office names as text', () => {
    const doc = renderReportPage(view(), 'zh');
    assertOnlyPageMarkup(doc);
    expect(doc).toContain('&lt;img src=x onerror=alert(1)&gt;滁州');
    expect(doc).toContain('<p class="issuer">考核办 &lt;b&gt;</p>');
    // 17:00 UTC is the next day in 北京时间.
    expect(doc).toContain('<p class="date">2025年3月2日</p>');
  });

  it('lists each grade with its entities, every entity once', () => {
    const v = view();
    expect(v.grades.flatMap((g) => g.entities).sort()).toEqual(ranking.rows.filter((r) => r.grade).map((r) => r.name ?? r.entityId).sort());
    const lists = v.lists.map((l) => l.entities.length);
    results.plan.lists.forEach((_, k) => expect(lists[k]).toBe(results.lists[k].filter((x) => x === 1).length));
  });

  it('the methodology page too', () => {
    assertOnlyPageMarkup(renderMethodologyPage({ session: SESSION, round: ranking.round, methodology: methodologyView(results.plan) }, 'en'));
  });
});

describe('the 通报 as .docx', () => {
  it('is a zip whose document escapes the hostile name and carries the title block', async () => {
    const bytes = await reportDocx(view(), 'zh');
    const entries = await zipEntries(bytes);
    const xml = entries.get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('&lt;img src=x onerror=alert(1)&gt;滁州');
    expect(xml).not.toContain('<img');
    expect(xml).toContain('考核办 &lt;b&gt;');
    expect(xml).toMatch(/关于.*结果的通报/);
    expect(xml).toContain('2025年3月2日');
    const footer = [...entries.keys()].find((k) => /^word\/footer\d*\.xml$/.test(k))!;
    expect(entries.get(footer)!.toString('utf8')).toContain('PAGE');
  });
});
