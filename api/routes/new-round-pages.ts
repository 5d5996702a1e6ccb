/**
 * Creating a round from the browser, for an office (the one step of a round that needed the
 * JSON API):
 *
 *   GET  /rounds/new     the form: name, scheme version, roster, period
 *   POST /rounds/new     create it → 303 to the new round's work page
 *
 * The same rules as POST /api/rounds, by the same code: only an office, for itself
 * (requireRole), and the round made by the store's createRound, which checks the name and the
 * period, that the scheme version, the roster and the office exist, and writes the audit entry.
 * The form's own checks are only what the API's JSON schema says (the name's length, the same
 * `label` schema's limit; every field present) and that each choice is one the form offered.
 * A refused form comes back (422) with every problem — the form's and the store's together —
 * and what was typed. The session cookie writes here only with the page's CSRF token from this
 * site (auth/csrf.ts), as on the work page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '../../indicators/index.js';
import { halfWidth } from '../../io/index.js';
import { createRound, listOffices, listRosters, listSchemeVersions, StoreError, type RoundInput } from '../../store/index.js';
import { CSRF_FIELD, formPrincipal } from '../auth/csrf.js';
import { actor, requireRole } from '../auth/policy.js';
import { unauthorized } from '../errors.js';
import {
  langOf, loginUrl, newRoundUrl, PAGE_ROUTES, renderNewRoundPage, workUrl,
  type FormProblemView, type NewRoundField, type NewRoundView, type RosterChoiceView, type SchemeChoiceView,
} from '../pages/index.js';
import { fill, NEW_ROUND, NEW_ROUND_FIELD } from '../pages/text.js';
import { sendPage } from '../plugins/errors.js';
import { sessionView } from '../views/headers.js';
import { label } from './schemas.js';

const FIELDS: readonly NewRoundField[] = ['nameZh', 'nameEn', 'scheme', 'roster', 'participants', 'periodStart', 'periodEnd', 'deadline', 'contact', 'convFrom', 'convTo', 'convFactor', 'convInput', 'convNote'];

/** The API's limits on a round's name (its `label` schema). */
const NAME_MAX = { zh: label.properties.zh.maxLength, en: label.properties.en.maxLength };

const langQuery = { type: 'object', properties: { lang: { type: 'string', maxLength: 10 } } } as const;
const formBody = {
  type: 'object',
  properties: Object.fromEntries([CSRF_FIELD, ...FIELDS].map((f) => [f, { type: 'string' }])),
} as const;

type FormBody = Partial<Record<NewRoundField | typeof CSRF_FIELD, string>>;

/** The scheme version a form value names: `id@version` (a scheme id has no `@`; a version may). */
export const schemeValue = (id: string, version: string): string => `${id}@${version}`;

/** A value quoted in a message: as sent, but not at any length. */
const quoted = (v: string): string => (v.length > 60 ? `${v.slice(0, 60)}…` : v);

/** Where the store's problems go on the form. */
function fieldOf(where: string): NewRoundField | null {
  if (where === 'name.zh') return 'nameZh';
  if (where === 'name.en') return 'nameEn';
  if (where === 'periodStart' || where === 'periodEnd' || where === 'deadline' || where === 'contact') return where;
  if (where.startsWith('scheme:')) return 'scheme';
  if (where.startsWith('roster:') || where === 'rosterId') return 'roster';
  if (where.startsWith('participants')) return 'participants';
  const conversion = /^conversions\[0\]\.(from|to|factor|input)$/.exec(where)?.[1];
  if (conversion) return `conv${conversion[0].toUpperCase()}${conversion.slice(1)}` as NewRoundField;
  if (where === 'conversions[0]') return 'convFrom';
  return null;
}

export async function newRoundPageRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;
  const guard = app.csrf;

  function choices(): { schemes: SchemeChoiceView[]; rosters: RosterChoiceView[] } {
    return {
      schemes: listSchemeVersions(db).map((s) => ({ value: schemeValue(s.id, s.version), id: s.id, version: s.version, name: s.name })),
      rosters: listRosters(db).map((r) => ({ value: String(r.id), name: r.name, regions: r.regions, officials: r.officials, enterprises: r.enterprises })),
    };
  }

  function view(req: FastifyRequest, values: Record<NewRoundField, string>, problems: FormProblemView[]): NewRoundView {
    const offices = listOffices(db).filter((o) => o.id !== req.principal?.officeId);
    return { session: { ...sessionView(req), csrfToken: guard.tokenFor(req) }, ...choices(), values, problems, nameMax: NAME_MAX.zh, offices };
  }

  const send = (req: FastifyRequest, reply: FastifyReply, status: number, v: NewRoundView): FastifyReply => sendPage(reply, status, renderNewRoundPage(v, langOf(req.query)));

  app.get<{ Querystring: { lang?: string } }>(PAGE_ROUTES.newRound, { config: { page: true, access: ['office'] as const }, schema: { querystring: langQuery } }, async (req, reply) => {
    if (!req.principal) throw unauthorized();
    requireRole(req, ['office']);
    const empty = Object.fromEntries(FIELDS.map((f) => [f, ''])) as Record<NewRoundField, string>;
    return send(req, reply, 200, view(req, empty, []));
  });

  app.post<{ Querystring: { lang?: string }; Body: FormBody }>(PAGE_ROUTES.newRound, {
    config: { page: true, sessionForm: true, access: ['office'] as const }, schema: { querystring: langQuery, body: formBody },
  }, async (req, reply) => {
    const lang = langOf(req.query);
    // Not logged in at all: the login page, then back to the form.
    if (!req.principal && !req.formSession) return reply.redirect(loginUrl(lang, newRoundUrl(lang)), 303);
    formPrincipal(req, guard, req.body?.[CSRF_FIELD]);
    const office = requireRole(req, ['office']);

    const typed = Object.fromEntries(FIELDS.map((f) => [f, req.body?.[f] ?? ''])) as Record<NewRoundField, string>;
    const { schemes, rosters } = choices();
    const problems: FormProblemView[] = [];
    const add = (field: NewRoundField, text: { zh: string; en: string }, values: Record<string, string | number> = {}): void => {
      const f = NEW_ROUND_FIELD[field];
      problems.push({ field, zh: fill(text.zh, { f: f.zh, ...values }), en: fill(text.en, { f: f.en, ...values }) });
    };

    const nameZh = typed.nameZh.trim();
    const nameEn = typed.nameEn.trim();
    if (nameZh.length > NAME_MAX.zh) add('nameZh', NEW_ROUND.tooLong, { n: NAME_MAX.zh, m: nameZh.length });
    if (nameEn.length > NAME_MAX.en) add('nameEn', NEW_ROUND.tooLong, { n: NAME_MAX.en, m: nameEn.length });
    const scheme = schemes.find((s) => s.value === typed.scheme);
    if (!scheme) add('scheme', typed.scheme === '' ? NEW_ROUND.chooseOne : NEW_ROUND.notListed, { v: quoted(typed.scheme) });
    const roster = rosters.find((r) => r.value === typed.roster);
    if (!roster) add('roster', typed.roster === '' ? NEW_ROUND.chooseOne : NEW_ROUND.notListed, { v: quoted(typed.roster) });
    if (typed.periodStart === '') add('periodStart', NEW_ROUND.required);
    if (typed.periodEnd === '') add('periodEnd', NEW_ROUND.required);

    // As POST /api/rounds builds it (an empty English name becomes the Chinese one in the store).
    const input: RoundInput = {
      name: { zh: nameZh, en: nameEn },
      schemeId: scheme?.id ?? '', schemeVersion: scheme?.version ?? '', rosterId: roster ? Number(roster.value) : 0,
      periodStart: typed.periodStart, periodEnd: typed.periodEnd, officeId: office.officeId!,
      deadline: typed.deadline.trim() || null, contact: typed.contact.trim() || null,
    };
    const participants = typed.participants.split(/[\s,，、]+/).filter((id) => id !== '');
    if (participants.length > 0) input.participants = participants;
    const conversion = [typed.convFrom, typed.convTo, typed.convFactor, typed.convInput, typed.convNote].map((x) => x.trim());
    if (conversion.some((x) => x !== '')) {
      const [from, to, factor, inputId, note] = conversion;
      // An empty or unreadable rate is no rate: the store says so, with the field.
      input.conversions = [{ from, to, factor: factor === '' ? Number.NaN : Number(halfWidth(factor)), ...(inputId ? { input: inputId } : {}), ...(note ? { note } : {}) }];
    }
    // With problems of its own the form still asks the store for its (the name, the period), so
    // that every problem is listed at once — with a scheme id that can't exist (ids are never
    // empty), so that createRound refuses and nothing is created, whatever else it finds.
    const refusedAlready = problems.length > 0;
    try {
      const round = createRound(db, actor(req), refusedAlready ? { ...input, schemeId: '' } : input);
      return reply.redirect(workUrl(String(round.id), lang, 'created'), 303);
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      // The form's own problem already says what the store would about a choice it didn't offer.
      if (!(refusedAlready && e.code === 'not_found')) {
        for (const p of e.problems) {
          const field = fieldOf(p.where);
          if (field === null || !problems.some((q) => q.field === field)) problems.push(storeProblem(field, p));
        }
      }
    }
    problems.sort((a, b) => order(a.field) - order(b.field));
    return send(req, reply, 422, view(req, typed, problems));
  });
}

const order = (field: NewRoundField | null): number => (field === null ? FIELDS.length : FIELDS.indexOf(field));

function storeProblem(field: NewRoundField | null, p: Problem): FormProblemView {
  return { field, zh: p.zh, en: p.en };
}
