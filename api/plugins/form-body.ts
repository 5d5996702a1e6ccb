/** `application/x-www-form-urlencoded` bodies (the login form posts one; pages use no script). */
import type { FastifyInstance } from 'fastify';

export const FORM_BODY_LIMIT = 16 * 1024;

export function registerFormBody(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}
