/**
 * The round work page rendered from view models, for the states an HTTP test can't hold still:
 * a run queued or scoring (the page reloads itself with a meta refresh and says so, no script),
 * a failed run with its problems, a republication, a records upload, English; and hostile
 * text everywhere shown as text.
 */
import { describe, expect, it } from 'vitest';
import { renderWorkPage, REFRESH_SECONDS } from '../../api/pages/index.js';
import type { RoundWorkView, RunRowView } from '../../api/pages/view-models.js';
import { assertOnlyPageMarkup, scanHtml } from './html-scan.js';

const EVIL = '<script>alert(1)</script>"\'&';

function view(over: Partial<RoundWorkView> = {}): RoundWorkView {
  return {
    session: { user: { name: '演示考核办', role: 'office' }, csrfToken: 'tok"en' },
    round: {
      id: '7', title: { zh: '2031年度评价', en: '2031 evaluation' }, schemeName: { zh: '示范方案', en: 'Demo scheme' }, schemeVersion: '2025.1',
      period: '2031', status: 'collecting', published: false, synthetic: false,
    },
    readOnly: false, hasData: true, roundEntities: 9, expectedEntities: 9, missingCount: 0, takesRecords: false,
    submissions: [], runs: [], publishable: null, maxUploadBytes: 64 * 1024 * 1024, notice: null, error: null,
    ...over,
  };
}

const run = (over: Partial<RunRowView> = {}): RunRowView => ({
  id: '3', status: 'done', requestedAt: '2031-12-31T08:00:00.000Z', finishedAt: '2031-12-31T08:00:01.000Z', entities: 9,
  published: false, current: true, progress: null, problems: [], previousRunId: null, ...over,
});

describe('the work page', () => {
  it('while a run scores: a meta refresh back to the page (no notice), the progress, a refresh link, and no second score button', () => {
    const doc = renderWorkPage(view({ runs: [run({ status: 'running', finishedAt: null, progress: { done: 3, total: 4 } })], notice: 'scoring' }), 'zh');
    const scan = assertOnlyPageMarkup(doc);
    const meta = scan.tags.find((t) => t.name === 'meta' && t.attrs.get('http-equiv') === 'refresh');
    expect(meta?.attrs.get('content')).toBe(`${REFRESH_SECONDS}; url=/rounds/7/work`);
    expect(doc).toContain('正在评分，本页会自动刷新');
    expect(doc).toContain('<td class="run-status">评分中 75%');
    expect(doc).toContain('id="refresh-link"');
    expect(doc).not.toContain('id="score-button"');
    expect(doc.toLowerCase()).not.toContain('<script');
  });

  it('a queued run in English keeps the language in the refresh address', () => {
    const doc = renderWorkPage(view({ runs: [run({ status: 'queued', finishedAt: null })] }), 'en');
    expect(doc).toContain('content="2; url=/rounds/7/work?lang=en"');
    expect(doc).toContain('<html lang="en"');
    expect(doc).toContain('Scoring: this page refreshes by itself.');
  });

  it('a failed run says so and lists its problems', () => {
    const doc = renderWorkPage(view({ runs: [run({ status: 'failed', problems: [{ where: '数据!D7', zh: '森林覆盖率应为 0–100', en: 'forest_cover: expected 0–100' }] })] }), 'zh');
    expect(doc).toContain('上次评分失败');
    expect(doc).toContain('<td class="where">数据!D7</td>');
    expect(doc).not.toContain('http-equiv="refresh"');
  });

  it('republishing asks for a required reason; publishing the first time for an optional note', () => {
    const first = renderWorkPage(view({ round: { ...view().round, status: 'scored' }, runs: [run()], publishable: { runId: '3', republish: false } }), 'zh');
    expect(first).toContain('<input id="publish-reason" name="reason" type="text" maxlength="2000" value="">');
    expect(first).toContain('<input type="hidden" name="run" value="3">');
    const again = renderWorkPage(view({ round: { ...view().round, status: 'published', published: true }, runs: [run()], publishable: { runId: '3', republish: true } }), 'zh');
    expect(again).toContain('重新发布理由（必填）');
    expect(again).toContain('maxlength="2000" required');
  });

  it('a scheme with records offers a records upload; a scored round asks for the correction\'s reason', () => {
    const doc = renderWorkPage(view({ takesRecords: true, round: { ...view().round, status: 'scored' } }), 'en');
    assertOnlyPageMarkup(doc);
    expect(doc).toContain('<option value="records">');
    expect(doc).toContain('id="upload-reason" name="reason" type="text" maxlength="2000" required');
  });

  it('every form carries the CSRF token first, escaped', () => {
    const doc = renderWorkPage(view({ round: { ...view().round, status: 'draft' }, hasData: false }), 'zh');
    const forms = [...doc.matchAll(/<form class="work"[^>]*>(<input type="hidden" name="csrf" value="[^"]*">)?/g)];
    expect(forms.length).toBeGreaterThan(0);
    for (const f of forms) expect(f[1]).toBe('<input type="hidden" name="csrf" value="tok&quot;en">');
  });

  it('shows hostile file names, reasons, entity names, problems and titles as text', () => {
    const doc = renderWorkPage(view({
      round: { ...view().round, title: { zh: EVIL, en: EVIL }, period: EVIL },
      submissions: [{
        id: '1', kind: 'correction', fileName: `${EVIL}.csv`, uploadedAt: '2031-12-31T08:00:00.000Z', reason: EVIL, format: 'csv',
        rows: 1, blankRows: 0, roundEntities: 1, expectedEntities: 2, missing: [{ id: EVIL, name: EVIL }], missingCount: 1, warnings: [{ entity: EVIL, name: EVIL, zh: EVIL, en: EVIL }], warningCount: 1,
      }],
      error: { action: 'upload', zh: EVIL, en: EVIL, problems: [{ where: `${EVIL}!A1`, zh: EVIL, en: EVIL }] },
      reasonTyped: EVIL,
    }), 'zh');
    const scan = assertOnlyPageMarkup(doc);
    expect(scan.tags.filter((t) => t.name === 'script')).toHaveLength(0);
    const text = scan.text.join('\n');
    expect(text).toContain(`${EVIL}.csv`);
    expect(text).toContain(`${EVIL}!A1`);
    expect(scanHtml(doc).tags.find((t) => t.name === 'tr' && t.attrs.has('data-where'))?.attrs.get('data-where')).toBe(`${EVIL}!A1`);
  });
});
