/**
 * Which characters a Chinese page is written in: Simplified (简体, the default) or Traditional
 * (繁體). `?lang=zh-Hant` chooses Traditional and keeps the choice in a cookie, so every link
 * after (they carry no `lang` for Chinese) stays in it; `?lang=zh-Hans` (or `zh`) goes back.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { schemePlan } from '../../store/index.js';
import { hantNames } from '../pages/traditional-page.js';
import type { Script } from '../pages/index.js';

export const SCRIPT_COOKIE = 'kaohe_script';

const asked = (req: FastifyRequest): unknown => (typeof req.query === 'object' && req.query !== null ? (req.query as Record<string, unknown>).lang : undefined);

export function scriptOf(req: FastifyRequest): Script {
  const lang = asked(req);
  if (lang === 'zh-Hant') return 'hant';
  if (lang === 'zh-Hans' || lang === 'zh') return 'hans';
  return req.cookies?.[SCRIPT_COOKIE] === 'hant' ? 'hant' : 'hans';
}

/** Keep (or drop) the reader's choice when the address makes one. */
export function rememberScript(req: FastifyRequest, reply: FastifyReply): void {
  const lang = asked(req);
  const options = { httpOnly: true, sameSite: 'lax', path: '/', secure: req.protocol === 'https' } as const;
  if (lang === 'zh-Hant') reply.setCookie(SCRIPT_COOKIE, 'hant', { ...options, maxAge: 365 * 86_400 });
  else if ((lang === 'zh-Hans' || lang === 'zh') && req.cookies?.[SCRIPT_COOKIE] !== undefined) reply.clearCookie(SCRIPT_COOKIE, options);
}

const namesByPlan = new Map<string, Map<string, string>>();

/** The `zh-Hant` names of the scheme the page shows (a round's), by plan hash. */
export function pageHantNames(req: FastifyRequest): Map<string, string> {
  const scheme = req.pageScheme;
  if (!scheme) return new Map();
  const { plan, hash } = schemePlan(req.server.store, scheme.id, scheme.version);
  let names = namesByPlan.get(hash);
  if (!names) {
    names = hantNames(plan);
    namesByPlan.set(hash, names);
  }
  return names;
}
