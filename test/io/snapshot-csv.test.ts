/**
 * A snapshot written as CSV reads back to the same snapshot: the same canonical encoding and
 * hash as the data it was made from, for the cells that are easy to lose on the way — names with
 * commas, quotes and line breaks, -0, the last bit of a decimal, a tiny number in exponent form,
 * missing values written as empty or NA, yes/no written 是/否, categories.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { compile } from '../../engine/index.js';
import { loadSchemeText } from '../../indicators/index.js';
import { readCsvText, snapshotDataCsv } from '../../io/index.js';
import { canonicalFrame, encodeSnapshot } from '../../store/index.js';
import { root } from '../cli-runner.js';

const compiled = compile(loadSchemeText(readFileSync(join(root, 'templates/demo-green.yaml'), 'utf8')));

const uploaded = [
  'id,name,province,energy_use,gdp,water_use,pm25,good_air_days,good_water,forest_cover,wetland_rate,sewage_rate,incidents,data_fraud',
  '320100,"南京市, 主城",江苏,-0,0.30000000000000004,,28.4,82.2,100,31.8,1e-7,97.8,0,否',
  '340100,"他说""好""",安徽,3410.5,17421,45.1,NA,82.2,100,31.8,63.1,97.8,2,是',
  '320200,"无锡\n市",江苏,1,2,3,4,5,6,7,8,9,0,否',
].join('\n');

test('the data CSV of a snapshot reads back to the same canonical encoding and hash', () => {
  const original = canonicalFrame(readCsvText(uploaded, compiled.plan), compiled.plan);
  const csv = snapshotDataCsv(original, compiled.plan);
  const back = canonicalFrame(readCsvText(csv, compiled.plan, 'snapshot.csv', { blankRows: true }), compiled.plan);
  expect(encodeSnapshot(back).data.equals(encodeSnapshot(original).data)).toBe(true);
  expect(Object.is(back.columns.get('energy_use')![back.ids.indexOf('320100')], -0)).toBe(true);
  expect(back.names).toEqual(['南京市, 主城', '无锡\n市', '他说"好"']);
});
