/** Running the built `kaohe` command as a user would (npm test builds dist/ first). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'dist/cli/main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh working folder, and a runner of `kaohe …` in it. */
export function cliSandbox(prefix: string): { dir: string; kaohe: (...args: string[]) => CliResult } {
  if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const kaohe = (...args: string[]): CliResult => {
    const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return { dir, kaohe };
}
