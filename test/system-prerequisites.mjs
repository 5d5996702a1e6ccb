#!/usr/bin/env node
/**
 * The system software the test suite drives for real, found or installed before any test runs:
 * Chromium (the browser test), LibreOffice's headless Calc and Writer (workbooks and the Word
 * report through real office software), pdftotext and CJK fonts (pages and workbooks render
 * Chinese). `npm test` runs this first so a
 * fresh machine needs only `npm install && npm test`: as root on Debian the missing packages are
 * installed with apt-get; anywhere else the run stops at once with the exact command to run.
 * A missing program is never a skipped test.
 *
 * Plain JavaScript on purpose: it runs before TypeScript is compiled.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** What the tests need, where they look for it, and the Debian package that provides it. */
const NEEDS = [
  { what: 'Chromium (browser test)', found: () => existsSync('/usr/bin/chromium'), pkg: 'chromium' },
  { what: 'LibreOffice Calc, headless (spreadsheet round trips)', found: () => existsSync('/usr/bin/soffice'), pkg: 'libreoffice-calc-nogui' },
  { what: 'LibreOffice Writer, headless (the .docx report converted to PDF)', found: () => existsSync('/usr/lib/libreoffice/program/libswlo.so'), pkg: 'libreoffice-writer-nogui' },
  { what: 'pdftotext (the text of converted PDFs)', found: () => existsSync('/usr/bin/pdftotext'), pkg: 'poppler-utils' },
  { what: 'Noto CJK fonts (Chinese in pages and workbooks)', found: hasCjkFont, pkg: 'fonts-noto-cjk' },
];

function hasCjkFont() {
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return r.status === 0 && /noto.*cjk/i.test(r.stdout);
}

function say(zh, en) {
  process.stderr.write(`${zh} / ${en}\n`);
}

const missing = NEEDS.filter((n) => !n.found());
if (missing.length === 0) process.exit(0);

const pkgs = missing.map((n) => n.pkg);
const command = `apt-get update && apt-get install -y ${pkgs.join(' ')}`;
for (const n of missing) say(`测试缺少系统软件：${n.pkg}`, `the tests need ${n.what}: Debian package ${n.pkg}, not installed`);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
if (!isDebian) {
  say('这不是 Debian 系统：请用本系统的包管理器安装上述软件后再运行 npm test',
    `not a Debian system: install the software above with this system's package manager (on Debian: ${command}), then run npm test again`);
  process.exit(1);
}
if (!isRoot) {
  say(`请先运行：sudo sh -c '${command}'`, `run this first, then npm test again: sudo sh -c '${command}'`);
  process.exit(1);
}

say(`正在安装：${pkgs.join(' ')}（需几分钟）`, `installing ${pkgs.join(' ')} with apt-get (a few minutes)`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [['update', '-qq'], ['install', '-y', '-qq', ...pkgs]]) {
  const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) {
    say(`apt-get ${args[0]} 失败（退出码 ${r.status}）；请手动运行：${command}`,
      `apt-get ${args[0]} failed (exit ${r.status}); run it by hand: ${command}`);
    process.exit(1);
  }
}
const still = NEEDS.filter((n) => !n.found());
if (still.length > 0) {
  say(`安装后仍缺少：${still.map((n) => n.pkg).join(' ')}`, `still missing after the install: ${still.map((n) => n.what).join('; ')}`);
  process.exit(1);
}
say('系统软件已就绪', 'system software ready');
