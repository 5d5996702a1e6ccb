/**
 * A command's options and arguments, read with node:util's parseArgs and explained to the user:
 * `--help`/`-h` anywhere before `--` asks for the command's help (exit 0); an unknown option is
 * named with the closest one the command has ("did you mean --threads?"); an option missing its
 * value, or given one it doesn't take, says so in Chinese and English; missing arguments are
 * named, only the ones that are missing.
 */
import { parseArgs } from 'node:util';
import { nearest } from '../indicators/index.js';
import { UsageError } from './failure.js';

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** Thrown to print a command's help and exit 0. */
export class HelpRequested extends Error {
  constructor(readonly command: string | undefined) {
    super('help');
  }
}

export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * Parse `args` for `command`: `positionals` are the names of the required arguments, in order
 * (`optional` more may follow). Throws HelpRequested or a bilingual UsageError.
 */
export function commandArgs<const O extends OptionSpec>(command: string, args: string[], options: O, positionals: readonly string[], optional: readonly string[] = []) {
  if (wantsHelp(args)) throw new HelpRequested(command);
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (e) {
    throw usageErrorOf(e, options);
  }
  const given = parsed.positionals;
  if (given.length < positionals.length) {
    const missing = positionals.slice(given.length);
    throw new UsageError(`缺少参数 ${missing.join(' ')} / missing argument${missing.length > 1 ? 's' : ''}: ${missing.join(' ')}`);
  }
  if (given.length > positionals.length + optional.length) {
    const extra = given[positionals.length + optional.length];
    throw new UsageError(`多余的参数「${extra}」 / unexpected argument: ${extra}`);
  }
  return parsed;
}

/** The closest name among `candidates` to a mistyped `name`, as a "did you mean" suffix in both languages. */
export function didYouMean(name: string, candidates: readonly string[]): { zh: string; en: string } {
  const hint = nearest(name, [...candidates]);
  return hint === undefined ? { zh: '', en: '' } : { zh: `；是否想用 ${hint}？`, en: ` (did you mean ${hint}?)` };
}

function usageErrorOf(e: unknown, options: OptionSpec): unknown {
  const code = (e as { code?: string }).code;
  if (!code?.startsWith('ERR_PARSE_ARGS')) return e;
  const message = (e as Error).message;
  const named = /'(-[^' ,]*)(?:, (--[^' ]*))?/.exec(message);
  const flag = named?.[2] ?? named?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const names = Object.entries(options).flatMap(([long, o]) => [`--${long}`, ...(o.short ? [`-${o.short}`] : [])]);
    const bare = flag.split('=')[0];
    const hint = didYouMean(bare, names.filter((n) => n.startsWith('--')));
    const known = names.filter((n) => n.startsWith('--')).join(' ');
    return new UsageError(
      `未知选项 ${bare}${hint.zh}${known ? `（本命令的选项：${known}）` : '（本命令没有选项）'} / unknown option ${bare}${hint.en}${known ? `; this command takes ${known}` : '; this command takes no options'}`,
    );
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = flag.startsWith('--') ? flag.slice(2) : Object.keys(options).find((k) => `-${options[k].short}` === flag);
    const spec = long === undefined ? undefined : options[long];
    if (spec?.type === 'boolean') return new UsageError(`选项 --${long} 不带值 / option --${long} takes no value`);
    return new UsageError(`选项 ${long === undefined ? flag : `--${long}`} 后需要一个值 / option ${long === undefined ? flag : `--${long}`} needs a value after it`);
  }
  return new UsageError(`命令行有误：${flag || '参数'} / the command line is wrong: ${message}`);
}
