/**
 * `kaohe scheme export SCHEME.yaml -o FRAMEWORK.xlsx` and `kaohe scheme import FRAMEWORK.xlsx
 * [-o SCHEME.yaml]`: a scheme to the framework workbook an office edits, and back. Both print
 * the plan hash, so an office can see that a round trip changed nothing. Problems with the files
 * are KaoheErrors (exit 1, printed by main.ts); a wrong command line prints this command's usage
 * and gives exit 2.
 */
import { basename, extname, resolve } from 'node:path';
import { compile } from '../engine/index.js';
import { loadSchemeFile, readSchemeWorkbookFile, schemeToYaml, writeFileAtomic, writeSchemeWorkbook } from '../io/index.js';
import { say, writeResult } from './terminal.js';
import { commandArgs, didYouMean, HelpRequested, wantsHelp } from './args.js';
import { UsageError } from './failure.js';
import { usageOf } from './usage.js';


class SchemeUsageError extends Error {}

function extensionOf(path: string, allowed: string[], flag: string): void {
  const ext = extname(path).toLowerCase();
  if (!allowed.includes(ext)) {
    throw new SchemeUsageError(`${flag} 的扩展名应为 ${allowed.join(' 或 ')}，实际为「${ext || '无'}」 / ${flag} must end in ${allowed.join(' or ')}, got "${ext || 'none'}"`);
  }
}

function parse(args: string[]): { action: 'export' | 'import'; input: string; out?: string } {
  const [action, ...rest] = args;
  if (action !== 'export' && action !== 'import') {
    if (wantsHelp(args)) throw new HelpRequested('scheme');
    const hint = action === undefined ? { zh: '', en: '' } : didYouMean(action, ['export', 'import']);
    throw new SchemeUsageError(action === undefined ? '缺少子命令 export 或 import / missing subcommand: export or import' : `未知子命令「${action}」${hint.zh} / unknown subcommand: ${action}${hint.en}`);
  }
  const { positionals, values } = commandArgs('scheme', rest, { out: { type: 'string', short: 'o' } }, [action === 'export' ? 'SCHEME.yaml' : 'FRAMEWORK.xlsx']);
  const inputExt = extname(positionals[0]).toLowerCase();
  if (action === 'import' && (inputExt === '.yaml' || inputExt === '.yml')) {
    throw new SchemeUsageError(`import 读取 .xlsx 工作簿；要把 YAML 方案转为工作簿请用 kaohe scheme export / import reads an .xlsx workbook; to turn a YAML scheme into one use kaohe scheme export`);
  }
  if (action === 'export' && inputExt === '.xlsx') {
    throw new SchemeUsageError(`export 读取 YAML 方案；要把工作簿转为 YAML 请用 kaohe scheme import / export reads a YAML scheme; to turn a workbook into YAML use kaohe scheme import`);
  }
  if (action === 'export') {
    if (!values.out) throw new SchemeUsageError('需要 -o 指定输出的 .xlsx 文件 / -o FRAMEWORK.xlsx is required');
    extensionOf(values.out, ['.xlsx'], '-o');
  } else if (values.out) extensionOf(values.out, ['.yaml', '.yml'], '-o');
  return { action, input: positionals[0], out: values.out };
}

export async function runSchemeCommand(args: string[]): Promise<number> {
  let cmd: ReturnType<typeof parse>;
  try {
    cmd = parse(args);
  } catch (e) {
    if (!(e instanceof SchemeUsageError) && !(e instanceof UsageError)) throw e;
    say(`${(e as Error).message}\n\n${usageOf('scheme')}\n`);
    return 2;
  }
  if (cmd.action === 'export') {
    const scheme = await loadSchemeFile(cmd.input);
    await writeSchemeWorkbook(scheme, resolve(cmd.out!));
    say(`已导出指标体系工作簿 ${cmd.out} / framework workbook written to ${cmd.out}\n方案哈希 Plan hash: ${compile(scheme).hash}\n`);
    return 0;
  }
  const scheme = await readSchemeWorkbookFile(cmd.input);
  const text = schemeToYaml(scheme, { source: basename(cmd.input) });
  const hash = compile(scheme).hash;
  if (cmd.out) {
    await writeFileAtomic(resolve(cmd.out), text);
    say(`已转换为方案 ${cmd.out} / scheme written to ${cmd.out}\n`);
  } else writeResult(text);
  say(`方案哈希 Plan hash: ${hash}\n`);
  return 0;
}
