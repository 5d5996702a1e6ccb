/**
 * The exclude assumption: a replication that drops an indicator scores exactly as the scheme
 * written without it (its weight shared by its siblings); one that drops none changes nothing;
 * drops are drawn with the given chances; bad exclusions are refused with the spec's path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, evaluate, uncertaintyAnalysis } from '../../engine/index.js';
import { KaoheError, loadSchemeText, loadUncertaintySpec, type Problem } from '../../indicators/index.js';
import { readCsvText } from '../../io/index.js';
import { root } from '../cli-runner.js';

const schemeText = readFileSync(join(root, 'templates/demo-green.yaml'), 'utf8');
const scheme = loadSchemeText(schemeText);
const compiled = compile(scheme);
const csv = readFileSync(join(root, 'templates/demo-green.csv'), 'utf8');
const frame = readCsvText(csv, compiled.plan);

/** The demo scheme with one indicator's lines taken out of the YAML: the scheme as written without it. */
function schemeWithout(id: string): ReturnType<typeof compile> {
  const lines = schemeText.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^\\s*- (\\{ )?id: ${id}\\b`).test(l));
  expect(start).toBeGreaterThan(0);
  const indent = lines[start].indexOf('-');
  let end = start + 1;
  while (end < lines.length && (lines[end].trim() === '' || lines[end].indexOf(lines[end].trim()) > indent)) end++;
  return compile(loadSchemeText([...lines.slice(0, start), ...lines.slice(end)].join('\n')));
}

describe('exclude assumption', () => {
  it.each(['water', 'wetland', 'sewage'])('dropping %s always scores exactly as the scheme without it', async (id) => {
    const spec = loadUncertaintySpec(`assumptions:\n  - id: drop\n    exclude: { indicators: [energy, ${id}], p: [0, 0, 1] }\n`, scheme);
    const u = await uncertaintyAnalysis(compiled, frame, spec, { n: 20, seed: 2 });
    const without = schemeWithout(id);
    const want = evaluate(without, readCsvText(csv, without.plan));
    expect(Array.from(u.scoreMedian)).toEqual(Array.from(want.score));
    expect(Array.from(u.scoreP05)).toEqual(Array.from(want.score));
    expect(Array.from(u.rankP95)).toEqual(Array.from(want.rank));
    expect(Array.from(want.score)).not.toEqual(Array.from(u.nominal.score));
  });

  it('dropping none changes nothing, and the drops follow the given chances', async () => {
    const none = await uncertaintyAnalysis(compiled, frame, loadUncertaintySpec('assumptions:\n  - id: drop\n    exclude: { indicators: [water], p: [1, 0] }\n', scheme), { n: 20, seed: 2 });
    expect(Array.from(none.scoreP05)).toEqual(Array.from(none.nominal.score));
    expect(Array.from(none.scoreP95)).toEqual(Array.from(none.nominal.score));
    // Half the replications drop water: the median of an entity whose score moves lies between the two.
    const half = await uncertaintyAnalysis(compiled, frame, loadUncertaintySpec('assumptions:\n  - id: drop\n    exclude: { indicators: [water] }\n', scheme), { n: 400, seed: 2 });
    const without = schemeWithout('water');
    const dropped = evaluate(without, readCsvText(csv, without.plan)).score;
    for (let i = 0; i < frame.n; i++) {
      const [a, b] = [Math.min(dropped[i], half.nominal.score[i]), Math.max(dropped[i], half.nominal.score[i])];
      expect([half.scoreP05[i], half.scoreP95[i]]).toEqual([a, b]);
    }
  });

  it.each([
    ['an unknown indicator', '[nonsense]', /no node "nonsense"/],
    ['an aggregate', '[resources]', /is not an indicator/],
    ['a probability per indicator but none for "none"', '[water, forest], p: [0.5, 0.5]', /one probability per alternative \(3\)/],
  ])('refuses %s with the spec path', (_, body, message) => {
    const problems = (): Problem[] => {
      try {
        loadUncertaintySpec(`assumptions:\n  - id: drop\n    exclude: { indicators: ${body} }\n`, scheme);
        return [];
      } catch (e) {
        if (!(e instanceof KaoheError)) throw e;
        return e.problems;
      }
    };
    expect(problems()[0]).toMatchObject({ where: expect.stringMatching(/assumptions\[0\]\.exclude/), en: expect.stringMatching(message) });
  });
});
