/**
 * `kaohe serve` as a user runs it (the built CLI): a new database folder is created and seeded,
 * the URL and demo tokens printed and saved owner-only, the service answers, SIGTERM ends it
 * cleanly; a port in use is a clear error.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cliSandbox, root } from '../cli-runner.js';

const cli = join(root, 'dist/cli/main.js');

test('serve: seeds a new database, prints where it listens and the tokens, stops on SIGTERM', async () => {
  const { dir } = cliSandbox('kaohe-serve-');
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const exit = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m && out.includes('demo-tokens.txt')) { clearInterval(timer); resolve(m[0]); }
    }, 50);
    child.on('exit', () => { clearInterval(timer); reject(new Error(`serve exited: ${out}`)); });
  });
  const tokensFile = join(dir, 'data', 'demo-tokens.txt');
  expect(statSync(tokensFile).mode & 0o777).toBe(0o600);
  expect(existsSync(join(dir, 'data', 'kaohe.db'))).toBe(true);
  const tokens = readFileSync(tokensFile, 'utf8');
  const [, name, password, leadership] = /^leadership\t(\S+)\t(\S+)\t(\S+)/m.exec(tokens)!;
  expect(out).toContain(leadership);
  expect(out).toContain(password);
  // The printed password logs in to the pages.
  const login = await fetch(`${url}login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
  expect(login.status).toBe(200);
  expect(((await login.json()) as { account: { role: string } }).account.role).toBe('leadership');
  const rounds = await fetch(`${url}api/rounds`, { headers: { authorization: `Bearer ${leadership}` } });
  expect(rounds.status).toBe(200);
  // The three yearly rounds and the joint one.
  expect(((await rounds.json()) as { rounds: unknown[] }).rounds).toHaveLength(4);
  expect((await fetch(`${url}api/rounds`)).status).toBe(401);
  child.kill('SIGTERM');
  expect(await exit).toBe(0);
  expect(out).toMatch(/SIGTERM/);
});

test('serve: a port in use is a clear error', async () => {
  const blocker = createServer();
  await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
  const port = (blocker.address() as { port: number }).port;
  try {
    const { dir } = cliSandbox('kaohe-serve-');
    const child = spawn(process.execPath, [cli, 'serve', '--port', String(port)], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).toBe(1);
    expect(err).toContain(`端口 ${port} 已被占用`);
    expect(err).toContain(`port ${port} is already in use`);
    // The demo was seeded before the port was tried: its tokens are not lost.
    expect(statSync(join(dir, 'data', 'demo-tokens.txt')).mode & 0o777).toBe(0o600);
  } finally {
    blocker.close();
  }
});

test('serve: a bad option is a usage error', async () => {
  const { kaohe } = cliSandbox('kaohe-serve-');
  const r = kaohe('serve', '--port', 'http');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--port/);
});
