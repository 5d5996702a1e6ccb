/**
 * The auditor's check of the whole store (GET /api/audit/verify): the audit log's hash chain,
 * optionally a chain head the auditor kept, and every published run's stored results. It reads
 * only; `ok` is true when nothing was found, and every finding says in Chinese and English what
 * and where.
 */
import { checkAuditHead, verifyAuditChain, type AuditHead, type HeadCheck } from './audit.js';
import type { Db } from './db.js';
import { verifyPublishedResults, type ResultsFinding } from './results-check.js';

export interface Finding {
  kind: 'chain' | 'head' | 'results';
  where: string;
  zh: string;
  en: string;
}

export interface StoreCheck {
  ok: boolean;
  /** Entries walked. */
  entries: number;
  /** The chain head's hash, when the chain holds. */
  head?: string;
  /** The first broken entry and why, when it doesn't. */
  brokenAt?: number;
  zh?: string;
  en?: string;
  /** The kept head's check, when one was given. */
  kept: HeadCheck | null;
  results: { checked: number; findings: ResultsFinding[] };
  findings: Finding[];
}

export function verifyStore(db: Db, kept?: AuditHead): StoreCheck {
  const chain = verifyAuditChain(db);
  const head = kept ? checkAuditHead(db, kept) : null;
  const results = verifyPublishedResults(db);
  const findings: Finding[] = [
    ...(chain.ok ? [] : [{ kind: 'chain' as const, where: `audit:${chain.brokenAt}`, zh: chain.zh, en: chain.en }]),
    ...(head && !head.ok ? [{ kind: 'head' as const, where: `head:${kept!.count}`, zh: head.zh, en: head.en }] : []),
    ...results.findings.map((f) => ({ kind: 'results' as const, where: f.where, zh: f.zh, en: f.en })),
  ];
  return { ...chain, ok: findings.length === 0, kept: head, results, findings };
}
