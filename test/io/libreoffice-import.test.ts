/**
 * Real spreadsheet software: LibreOffice (headless Calc, as Debian's libreoffice-calc-nogui
 * ships it; .ci/run installs it) turns CSV files into .xlsx workbooks the way a user's
 * "open the CSV, save as .xlsx" does — its own zip layout, numbers as number cells, `45%` as
 * 0.45 with a percent format, dates as date serials, a sheet named after the file — and each
 * imports to exactly the Frame the CSV itself reads to.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { compile } from '../../engine/index.js';
import { parseSchemeObject } from '../../indicators/index.js';
import { loadSchemeFile, readCsvText, readWorkbookFile } from '../../io/index.js';
import { root } from '../cli-runner.js';
import { L } from '../helpers.js';
import { expectSameFrame, removeAll, scratch } from './workbooks.js';

const SOFFICE = '/usr/bin/soffice';
const dir = scratch('kaohe-lo-import-');
const profile = scratch('kaohe-lo-profile-');
afterAll(() => removeAll(dir, profile));

/** What a user types into a sheet: percentages, thousands separators, dates, yes/no, blanks and NA. */
const MIXED_CSV = [
  'id,name,province,forest_cover,gdp,fraud,opened',
  '320100,南京市,江苏,45%,"12,345.6",否,2024-02-29',
  '320400,常州市,安徽,31.8,100,是,2023-12-31',
  '320800,淮安市,,,NA,,',
  '321000,扬州市,江苏,0.5%,"1,000",否,1999-01-01',
].join('\n');
const mixedPlan = compile(parseSchemeObject({
  id: 'mixed', version: '1', name: L('Mixed'), subject: 'region',
  attributes: [{ id: 'province', label: L('province'), categories: ['江苏', '安徽'] }],
  inputs: [
    { id: 'forest_cover', label: { zh: '森林覆盖率', en: 'forest cover' }, unit: '%', range: [0, 100] },
    { id: 'gdp', label: L('gdp'), unit: '亿元' },
    { id: 'fraud', label: L('fraud'), type: 'boolean' },
    { id: 'opened', label: L('opened'), type: 'date' },
  ],
  tree: { id: 'root', label: L('Root'), children: [{ id: 'f', input: 'forest_cover', label: L('f'), normalise: { method: 'none' } }] },
})).plan;

beforeAll(() => {
  if (!existsSync(SOFFICE)) throw new Error(`${SOFFICE} is missing: install libreoffice-calc-nogui (.ci/run does)`);
  copyFileSync(join(root, 'templates/demo-green.csv'), join(dir, 'demo-green.csv'));
  writeFileSync(join(dir, 'mixed.csv'), `${MIXED_CSV}\n`);
  // A profile of its own, so that parallel runs don't share (and lock) one.
  const r = spawnSync(SOFFICE, [
    '--headless', `-env:UserInstallation=file://${profile}`, '--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', dir,
    join(dir, 'demo-green.csv'), join(dir, 'mixed.csv'),
  ], { encoding: 'utf8', timeout: 60_000 });
  for (const f of ['demo-green.xlsx', 'mixed.xlsx']) {
    if (!existsSync(join(dir, f))) throw new Error(`LibreOffice did not write ${f} (status ${r.status}, signal ${r.signal}): ${r.stderr}`);
  }
}, 90_000);

describe('workbooks written by LibreOffice', () => {
  it('the demo round imports to the same Frame as its CSV', async () => {
    const { plan } = compile(await loadSchemeFile(join(root, 'templates/demo-green.yaml')));
    const csv = readFileSync(join(dir, 'demo-green.csv'), 'utf8');
    expectSameFrame(await readWorkbookFile(join(dir, 'demo-green.xlsx'), plan), readCsvText(csv, plan));
  });

  it('percent cells, thousands, dates, yes/no and blanks import as the CSV reads them', async () => {
    expectSameFrame(await readWorkbookFile(join(dir, 'mixed.xlsx'), mixedPlan), readCsvText(MIXED_CSV, mixedPlan));
  });
});
