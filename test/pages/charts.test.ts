/** Charts rendered by ECharts to SVG on the server: labels escaped, nothing active, numbers rounded half-to-even. */
import { describe, expect, it } from 'vitest';
import { assertInertSvg, CHART_FONT_FAMILY, dimensionChart, rankTrendChart, scoreTrendChart, WIDE } from '../../api/charts/index.js';
import { scanHtml } from './html-scan.js';

const evil = '<script>alert(1)</script>';
const quote = `a"b' & <c>`;

describe('dimension chart', () => {
  const dims = [
    { id: 'a', label: { zh: evil, en: quote }, score: 80.125, median: 70.375 },
    { id: 'b', label: { zh: '环境质量', en: 'Environmental quality' }, score: 61, median: null },
  ];

  it('draws every label as escaped text, never as markup', () => {
    for (const lang of ['zh', 'en'] as const) {
      const svg = dimensionChart(dims, 2, lang).html;
      expect(svg.toLowerCase()).not.toContain('<script');
      const scan = scanHtml(svg); // throws on any tag or attribute that does not parse
      expect(scan.tags[0].name).toBe('svg');
      expect(scan.text).toContain(lang === 'zh' ? evil : quote);
    }
    expect(dimensionChart(dims, 2, 'zh').html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('labels bars with scores rounded half-to-even', () => {
    const text = scanHtml(dimensionChart(dims, 2, 'zh').html).text;
    expect(text).toContain('80.12');
    expect(text).toContain('70.38');
    expect(text).not.toContain('80.13');
  });

  it('uses the Chinese font list inside style attributes without breaking them', () => {
    expect(CHART_FONT_FAMILY).not.toContain('"');
    const scan = scanHtml(dimensionChart(dims, 2, 'zh').html);
    const styles = scan.tags.filter((t) => t.name === 'text').map((t) => t.attrs.get('style') ?? '');
    expect(styles.length).toBeGreaterThan(0);
    for (const s of styles) expect(s).toContain("font-family:'Noto Sans CJK SC'");
  });

  it('is static: no animation', () => {
    const svg = dimensionChart(dims, 2, 'zh').html;
    expect(svg).not.toMatch(/@keyframes|<animate|animation:/);
  });
});

describe('trend charts', () => {
  const points = [
    { roundId: 'r1', roundLabel: '<b>2023</b>', score: 80.125, rank: 3, of: 9 },
    { roundId: 'r2', roundLabel: '2024', score: 70.375, rank: 2, of: 9 },
    { roundId: 'r3', roundLabel: '2025', score: null, rank: null, of: null },
  ];
  const size = { ...WIDE, height: 220 };
  /** The numbers an axis draws as tick labels (text elements that are only digits). */
  // Round labels here are years (2023–2025); tick labels are the other numbers.
  const numbers = (svg: string): number[] => [...svg.matchAll(/<text[^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1])).filter((n) => n < 2000 || n > 2100);

  it('draws the score over every round, rounded half to even, on the scheme range (not a truncated axis)', () => {
    const svg = scoreTrendChart(points, 2, 'en', [0, 100], size).html;
    const scan = scanHtml(svg);
    expect(scan.tags.some((t) => t.name === 'b')).toBe(false);
    for (const p of points) expect(scan.text).toContain(p.roundLabel);
    expect(scan.text).toContain('70.38');
    expect(scan.text).toContain('80.12');
    const ticks = numbers(svg);
    expect(Math.min(...ticks)).toBe(0);
    expect(Math.max(...ticks)).toBe(100);
    expect(scan.text).not.toContain('#2'); // no rank on the score chart
  });

  it('draws the rank on its own chart, from 1 to the number ranked, 1 at the top', () => {
    const svg = rankTrendChart(points, 'en', size).html;
    const scan = scanHtml(svg);
    expect(scan.text).toContain('#3');
    expect(scan.text).toContain('#2');
    const ticks = numbers(svg);
    expect(Math.min(...ticks)).toBe(1);
    expect(Math.max(...ticks)).toBe(9);
    expect(scan.text).not.toContain('70.38');
  });

  it('with one round of 20,000 entities, the rank axis runs from 1 (not from thousands)', () => {
    const svg = rankTrendChart([{ roundId: 'r', roundLabel: '2025', score: 80, rank: 12, of: 20000 }], 'zh', size).html;
    const ticks = numbers(svg);
    expect(Math.min(...ticks)).toBe(1);
    expect(Math.max(...ticks)).toBe(20000);
  });
});

describe('assertInertSvg', () => {
  it('accepts what ECharts draws, including clip paths by fragment', () => {
    expect(() => assertInertSvg('<svg width="10"><g clip-path="url(#zr0-c0)"><path d="M0 0"></path></g><style ><![CDATA[.a:hover{cursor:pointer}]]></style></svg>')).not.toThrow();
  });

  it.each([
    ['a script element', '<svg><script>alert(1)</script></svg>'],
    ['an event handler', '<svg><rect onload="alert(1)"></rect></svg>'],
    ['an event handler without quotes', '<svg><rect onclick=alert(1)></rect></svg>'],
    ['foreignObject', '<svg><foreignObject><div></div></foreignObject></svg>'],
    ['a link', '<svg><a href="javascript:alert(1)"><text>x</text></a></svg>'],
    ['an external image', '<svg><image href="https://example.com/x.png"></image></svg>'],
    ['an external url() in a style', '<svg><rect style="fill:url(https://example.com/x)"></rect></svg>'],
    ['an external url() in quotes', `<svg><rect fill="url('https://example.com/x')"></rect></svg>`],
  ])('refuses %s', (_, svg) => {
    expect(() => assertInertSvg(svg)).toThrow(/refusing to inline/);
  });
});
