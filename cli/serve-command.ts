/**
 * `kaohe serve [--port 3000] [--db ./data/kaohe.db] [--host 127.0.0.1] [--public] [--threads N] [--restore-triggers]`:
 * the service. A database whose immutability triggers were dropped is refused (store/db.ts)
 * unless --restore-triggers recreates them, which the audit log records. The database (and its folder) is created when absent; a new, empty one gets the
 * demo (three yearly rounds of the Nanjing metropolitan area, the latest published) and demo
 * accounts whose tokens are printed once and saved beside the database, readable by the owner
 * only. SIGINT or SIGTERM closes the server (after a scoring job in progress), the worker pool
 * and the database.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildServer } from '../api/server.js';
import { shutdownPool } from '../engine/index.js';
import { KaoheError } from '../indicators/index.js';
import { isEmptyStore, seedDemo, type DemoSeed } from '../store/demo-seed.js';
import { openStore } from '../store/index.js';
import { packageRoot } from './package-root.js';
import { UsageError } from './failure.js';
import { commandArgs } from './args.js';
import { jsonLineSafe, say } from './terminal.js';
import { renderTable } from './text-table.js';

/** The service's log: warnings and errors, each line with its control characters escaped (a request's text may hold them). */
export const SERVE_LOGGER = { level: 'warn', hooks: { streamWrite: jsonLineSafe } };

function portOption(text: string | undefined): number {
  if (text === undefined) return 3000;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 0 || n > 65535) throw new UsageError(`--port 应为 0–65535 的整数，实际为「${text}」 / --port must be a whole number from 0 to 65535, got "${text}"`);
  return n;
}

/** The demo tokens, written whole (temporary file, then rename) and readable by the owner only. */
function saveTokens(path: string, seed: DemoSeed): void {
  const text = [
    '# kaohe 演示账户的密码与令牌 / demo account passwords and tokens (secret: keep this file private)',
    '# 角色 role\t账户名 account\t密码 password\t令牌 token',
    ...seed.accounts.map((a) => `${a.role}\t${a.name}\t${a.password}\t${a.token}\texpires ${a.expiresAt.slice(0, 10)}`),
    '',
  ].join('\n');
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export async function runServe(args: string[]): Promise<number> {
  const { values } = commandArgs('serve', args, { port: { type: 'string' }, db: { type: 'string' }, host: { type: 'string' }, public: { type: 'boolean' }, threads: { type: 'string' }, 'restore-triggers': { type: 'boolean' } }, []);
  const port = portOption(values.port);
  const host = values.host ?? '127.0.0.1';
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 256)) {
    throw new UsageError(`--threads 应为 1–256 的整数，实际为「${values.threads}」 / --threads must be a whole number from 1 to 256, got "${values.threads}"`);
  }
  const dbPath = resolve(values.db ?? join('data', 'kaohe.db'));
  const tokensFile = join(dirname(dbPath), 'demo-tokens.txt');
  const db = openStore(dbPath, { restoreTriggers: values['restore-triggers'] ?? false });
  let seed: DemoSeed | null = null;
  try {
    if (isEmptyStore(db)) {
      say('新数据库：正在生成演示数据… / new database: seeding the demo…\n', process.stdout);
      seed = await seedDemo(db, join(packageRoot(), 'templates'));
      // Saved at once: should the port be taken, the tokens are not lost with this run.
      saveTokens(tokensFile, seed);
    }
    const app = await buildServer({ db, publicResults: values.public ?? false, threads, demoHint: existsSync(tokensFile), logger: SERVE_LOGGER, specsDir: join(packageRoot(), 'templates', 'uncertainty') });
    try {
      await app.listen({ port, host });
    } catch (e) {
      await app.close();
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        throw new KaoheError([{
          where: `${host}:${port}`,
          zh: code === 'EADDRINUSE' ? `端口 ${port} 已被占用：请关闭占用它的程序，或用 --port 换一个端口` : `没有权限监听端口 ${port}：请用 1024 以上的端口（--port）`,
          en: code === 'EADDRINUSE' ? `port ${port} is already in use: stop whatever holds it, or pick another with --port` : `no permission to listen on port ${port}: use a port above 1024 (--port)`,
        }]);
      }
      throw e;
    }
    const address = app.server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    const lines = [
      `kaohe 考核服务已启动 / the service is running: http://${shown}:${actualPort}/`,
      `  API 文档 / API docs: http://${shown}:${actualPort}/docs`,
      `  数据库 / database: ${dbPath}`,
    ];
    if (seed) {
      lines.push('', '演示账户的密码与令牌（只显示这一次；数据库只保存其哈希）/ demo account passwords and tokens (shown this once; the database keeps only their hashes):');
      const table = renderTable(['角色 role', '账户名 account', '密码 password', '令牌 token'], seed.accounts.map((a) => [a.role, a.name, a.password, a.token]));
      lines.push(...table.split('\n').map((l) => `  ${l}`));
      lines.push(`密码与令牌也已写入 ${tokensFile}（仅本用户可读）/ they are also in ${tokensFile} (readable by you only)`);
      lines.push('网页登录：打开 /login，输入账户名和密码（令牌用于 API）/ web login: open /login and enter an account name and password (tokens are for the API)');
    } else if (existsSync(tokensFile)) {
      lines.push(`  演示账户的密码与令牌见 / demo account passwords and tokens: ${tokensFile}`);
    }
    say(`${lines.join('\n')}\n`, process.stdout);

    const signal = await new Promise<NodeJS.Signals>((done) => {
      process.once('SIGINT', () => done('SIGINT'));
      process.once('SIGTERM', () => done('SIGTERM'));
    });
    say(`收到 ${signal}，正在关闭… / ${signal}: shutting down…\n`, process.stdout);
    await app.close();
    await shutdownPool();
    return 0;
  } finally {
    db.close();
  }
}
