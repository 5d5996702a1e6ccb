/**
 * Rounds: create (an office, for itself), list and read (by access: unpublished rounds only to
 * their office, leadership and auditors), open for data, reopen, archive (the owning office),
 * and the history of the round's input snapshots.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  createRound, latestPublication, listRounds, listRuns, participantStates, periodLabel, roundConversions, requestRoundStatus, snapshotHistory, type Db, type Round,
} from '../../store/index.js';
import { actor, auditRead, isRoundParticipant, mayReadRound, requireRole, requireRoundOwner, requireUnpublishedAccess, roundAccess, type RoundAccess } from '../auth/policy.js';
import { roundFor } from './access.js';
import { date, idParams, label, type IdParams } from './schemas.js';

export function roundJson(db: Db, round: Round, access: RoundAccess) {
  const publication = latestPublication(db, round.id);
  const last = access === 'full' ? listRuns(db, round.id)[0] ?? null : null;
  // A clerk's name and phone are for the office's own readers, not the public.
  const { contact, ...rest } = round;
  const participants = participantStates(db, round);
  const conversions = roundConversions(db, round.id);
  return {
    ...rest,
    ...(access === 'full' ? { contact } : {}),
    period: periodLabel(round),
    ...(participants.length > 0 ? { participants } : {}),
    ...(conversions.length > 0 ? { conversions } : {}),
    publication,
    lastRun: last && { id: last.id, status: last.status, requestedAt: last.requestedAt, finishedAt: last.finishedAt },
  };
}

/** The rounds a reader may see, newest first: all of them, or (for published-only readers) those with a publication. */
export function visibleRounds(req: FastifyRequest): { round: Round; access: RoundAccess }[] {
  const db = req.server.store;
  const out: { round: Round; access: RoundAccess }[] = [];
  for (const round of listRounds(db)) {
    if (!mayReadRound(req, round)) continue;
    const access = roundAccess(req, round);
    if (access === 'full' || isRoundParticipant(req, round) || latestPublication(db, round.id)) out.push({ round, access });
  }
  return out;
}

interface CreateBody {
  name: { zh: string; en?: string };
  schemeId: string;
  schemeVersion: string;
  rosterId: number;
  periodStart: string;
  periodEnd: string;
  deadline?: string;
  contact?: string;
  participants?: string[];
  conversions?: { from: string; to: string; factor: number; input?: string; note?: string }[];
}

export async function roundRoutes(app: FastifyInstance): Promise<void> {
  const db = app.store;

  app.get('/api/rounds', { config: { access: 'published' }, schema: { tags: ['rounds'], summary: '可见的考核轮次 / rounds you may see' } }, async (req) => {
    return { rounds: visibleRounds(req).map(({ round, access }) => roundJson(db, round, access)) };
  });

  app.post<{ Body: CreateBody }>('/api/rounds', { config: { access: ['office'] as const },
    schema: {
      tags: ['rounds'], summary: '新建轮次（考核办，属于本单位；participants 为联合轮次的参与单位）/ create a round (an office, for itself; participants: the other offices of a joint round)',
      body: {
        type: 'object', additionalProperties: false,
        required: ['name', 'schemeId', 'schemeVersion', 'rosterId', 'periodStart', 'periodEnd'],
        properties: {
          name: label, schemeId: { type: 'string', maxLength: 100 }, schemeVersion: { type: 'string', maxLength: 100 },
          rosterId: { type: 'integer', minimum: 1 }, periodStart: date, periodEnd: date,
          deadline: { ...date, description: '填报截止日期（写入填报模板）/ the deadline for the data (printed in the template)' },
          contact: { type: 'string', maxLength: 200, description: '联系人及电话（写入填报模板）/ whom to ask, and their phone (printed in the template)' },
          participants: { type: 'array', maxItems: 64, items: { type: 'string', maxLength: 64 } },
          conversions: {
            type: 'array', maxItems: 64,
            items: {
              type: 'object', additionalProperties: false, required: ['from', 'to'],
              properties: { from: { type: 'string', maxLength: 50 }, to: { type: 'string', maxLength: 50 }, factor: { type: 'number' }, input: { type: 'string', maxLength: 100 }, note: { type: 'string', maxLength: 500 } },
            },
          },
        },
      },
    },
  }, async (req, reply) => {
    const p = requireRole(req, ['office']);
    const b = req.body;
    const round = createRound(db, actor(req), { ...b, name: { zh: b.name.zh, en: b.name.en ?? '' }, officeId: p.officeId! });
    return reply.code(201).send(roundJson(db, round, 'full'));
  });

  app.get<{ Params: IdParams }>('/api/rounds/:id', { config: { access: 'published' }, schema: { tags: ['rounds'], summary: '一个轮次 / one round', params: idParams } }, async (req) => {
    const { round, access } = roundFor(req, req.params.id);
    if (access !== 'full' && !isRoundParticipant(req, round) && !latestPublication(db, round.id)) requireUnpublishedAccess(req, round, { zh: `轮次 ${round.id} `, en: `round ${round.id} is` });
    return roundJson(db, round, access);
  });

  app.post<{ Params: IdParams; Body: { status: 'collecting' | 'archived' } }>('/api/rounds/:id/status', { config: { access: ['office'] as const },
    schema: {
      tags: ['rounds'], summary: '开始收集、重新收集或归档 / open for data, reopen, or archive', params: idParams,
      body: { type: 'object', properties: { status: { type: 'string', enum: ['draft', 'collecting', 'scored', 'published', 'archived'] } }, required: ['status'], additionalProperties: false },
    },
  }, async (req) => {
    const { round } = roundFor(req, req.params.id);
    requireRoundOwner(req, round);
    return roundJson(db, requestRoundStatus(db, actor(req), round.id, req.body.status), 'full');
  });

  app.get<{ Params: IdParams }>('/api/rounds/:id/snapshots', { config: { access: ['office', 'leadership', 'auditor'] as const },
    schema: { tags: ['rounds'], summary: '输入快照历史（每次上传或更正新增一个）/ the round\'s input snapshots (one per accepted file)', params: idParams },
  }, async (req) => {
    const { round } = roundFor(req, req.params.id);
    requireUnpublishedAccess(req, round, { zh: '输入数据', en: 'input data are' });
    auditRead(req, round, 'snapshots');
    return { current: round.snapshotHash, snapshots: snapshotHistory(db, round.id) };
  });
}
