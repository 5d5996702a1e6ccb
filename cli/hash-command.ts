/**
 * `kaohe hash RESULTS`: prints the results file hash recomputed from the file's contents (like
 * sha256sum: `HASH  FILE`), and checks it against the hash the file states (JSON field, the
 * workbook's 运行信息 sheet, a CSV's .meta.json). Exit 0 when they agree or the file states
 * none; 1 when they differ or the file isn't a results file.
 */
import { hashResultsFile } from '../io/index.js';
import { KaoheError } from '../indicators/index.js';
import { say } from './terminal.js';

export async function runHash(path: string): Promise<number> {
  const r = await hashResultsFile(path);
  say(`${r.hash}  ${path}\n`, process.stdout);
  if (r.stated === null) {
    say(`${r.entities} 个实体；文件未记载结果哈希 / ${r.entities} entities; the file states no results hash\n`);
    return 0;
  }
  if (r.stated !== r.hash) {
    throw new KaoheError([{
      where: path,
      zh: `文件记载的结果哈希为 ${r.stated}，按其内容重算为 ${r.hash}：文件在写出后被改动`,
      en: `the file states results hash ${r.stated}, its contents hash to ${r.hash}: it was changed after it was written`,
    }]);
  }
  say(`${r.entities} 个实体；与文件记载的结果哈希一致 / ${r.entities} entities; matches the results hash the file states\n`);
  return 0;
}
