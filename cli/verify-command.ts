/**
 * `kaohe verify BUNDLE.zip`: checks an audit bundle (GET /api/runs/:id/bundle) offline, from its
 * files alone (store/bundle-verify.ts), and prints one line per check. Exit 0 when every check
 * holds; 1 naming the first that doesn't, or when the file is not a bundle.
 */
import { KaoheError } from '../indicators/index.js';
import { readFileCapped } from '../io/index.js';
import { BUNDLE_ZIP_LIMITS, readBundleZip, verifyBundle } from '../store/index.js';
import { say } from './terminal.js';

export async function runVerify(path: string): Promise<number> {
  const bytes = await readFileCapped(path, { zh: '审计包', en: 'bundle' }, BUNDLE_ZIP_LIMITS.maxBytes!);
  const checks = verifyBundle(await readBundleZip(bytes, path), path);
  for (const c of checks) say(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.zh === c.en ? c.zh : `${c.zh} / ${c.en}`}\n`, process.stdout);
  const first = checks.find((c) => !c.ok);
  if (first) {
    throw new KaoheError([{ where: `${path}: ${first.name}`, zh: `审计包核验未通过：${first.zh}`, en: `the bundle does not verify: ${first.en}` }]);
  }
  say(`审计包核验通过（${checks.length} 项）/ the bundle verifies (${checks.length} checks)\n`, process.stdout);
  return 0;
}
