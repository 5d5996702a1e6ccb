/**
 * What the browser tests share: Debian's Chromium launched headless on a fresh profile, the
 * service listening on a free local port, and axe-core's accessibility check of a page.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildServer } from '../../api/server.js';
import { openStore, type Db } from '../../store/index.js';
import { seedDemo, type DemoSeed } from '../../store/demo-seed.js';

const CHROMIUM = '/usr/bin/chromium';
const AXE = readFileSync(fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');
export const WAIT = { timeout: 30_000 };

/** Listen on a free port of 127.0.0.1; the base URL. */
export async function listenLocally(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-artifacts');

export interface DemoInBrowser {
  tmp: string;
  db: Db;
  seed: DemoSeed;
  app: FastifyInstance;
  base: string;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** The demo seeded into a fresh SQLite file (then `prepare` on it), served locally, and Chromium on it at 1200 × 900. */
export async function demoInBrowser(prefix: string, prepare: (db: Db, seed: DemoSeed) => void = () => {}): Promise<DemoInBrowser> {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const db = openStore(join(tmp, 'kaohe.db'));
  const seed = await seedDemo(db, join(ROOT, 'templates'));
  prepare(db, seed);
  const app = await buildServer({ db, threads: 1, demoHint: true });
  const base = await listenLocally(app);
  const { context, page } = await launchChromium(join(tmp, 'chromium-profile'), { width: 1200, height: 900 });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    tmp, db, seed, app, base, context, page,
    close: async () => {
      await context.close();
      await app.close();
      db.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Chromium on a profile of its own in `profileDir`, Chinese locale, with its first page. */
export async function launchChromium(profileDir: string, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
    locale: 'zh-CN',
  });
  context.setDefaultTimeout(WAIT.timeout);
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

/** axe-core's WCAG 2 A/AA rules on the page as shown: each violation by rule id and the first element it names. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the pages' CSP (no script) does not apply to it.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
  });
}
