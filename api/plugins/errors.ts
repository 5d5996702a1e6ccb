/**
 * One error handler for the whole server: JSON routes answer `{ error: { code, zh, en,
 * problems? } }`; page routes answer an HTML error page (or, when login is what's missing, a
 * redirect to the login page). Server faults are logged; their details never reach the client.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { langOf, loginUrl, PAGE_CSP, renderErrorPage } from '../pages/index.js';
import { traditionalPage } from '../pages/traditional-page.js';
import { pageHantNames, rememberScript, scriptOf } from '../views/script.js';
import { errorResponse, notFoundError, tooLarge } from '../errors.js';
import { FORM_BODY_LIMIT } from './form-body.js';

/** A page, in Traditional characters when the reader chose them (views/script.ts) and the page is Chinese. */
export function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  const req = reply.request;
  rememberScript(req, reply);
  const page = langOf(req.query) === 'zh' && scriptOf(req) === 'hant' ? traditionalPage(html, pageHantNames(req)) : html;
  return reply.code(status).type('text/html; charset=utf-8').header('content-security-policy', PAGE_CSP).header('x-content-type-options', 'nosniff').send(page);
}

/** A body over its limit says the limit: the form parser's, else the route's. */
function withLimit(err: unknown, req: FastifyRequest): unknown {
  if ((err as { code?: string }).code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return err;
  const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return tooLarge(form ? FORM_BODY_LIMIT : req.routeOptions.bodyLimit ?? req.server.initialConfig.bodyLimit ?? 0, { zh: '请求内容', en: 'the request body' });
}

function answer(e: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const err = withLimit(e, req);
  const { status, body } = errorResponse(err);
  if (status >= 500) req.log.error({ err }, 'request failed');
  if (req.routeOptions.config?.page) {
    const lang = langOf(req.query);
    if (status === 401) return reply.redirect(loginUrl(lang, req.routeOptions.config.loginNext?.(req) ?? req.url), 303);
    return sendPage(reply, status, renderErrorPage(status, body.error.zh, body.error.en, lang));
  }
  return reply.code(status).send(body);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => answer(err, req, reply));
  app.setNotFoundHandler((req, reply) => {
    const err = notFoundError(`没有这个地址：${req.method} ${req.url.split('?')[0]}`, `no such address: ${req.method} ${req.url.split('?')[0]}`);
    const { status, body } = errorResponse(err);
    if (req.url.startsWith('/api/') || req.url.startsWith('/docs')) return reply.code(status).send(body);
    return sendPage(reply, status, renderErrorPage(status, body.error.zh, body.error.en, langOf(req.query)));
  });
}
