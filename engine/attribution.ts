/**
 * Attribution of a region's results to the officials in post (离任审计, 责任追究): each post's
 * share of the round is its days in post within the round's period over the period's days,
 * both ends inclusive. An official who served in several regions, or twice, gets a row per
 * post and a tenure-weighted summary.
 */
import type { Results } from './results.js';

export interface Post {
  official: string;
  name: string | null;
  /** The region's entity id in the round. */
  entity: string;
  role: string;
  /** First and last day in post (day numbers, inclusive); end null = still in post. */
  start: number;
  end: number | null;
}

export interface AttributedPost {
  post: Post;
  /** Days in post within the period. */
  days: number;
  /** days / the period's days. */
  share: number;
  score: number;
  rank: number;
  /** Index into plan.grades, NaN for none. */
  grade: number;
}

export interface OfficialSummary {
  official: string;
  name: string | null;
  days: number;
  /** Σ days·score / Σ days over the official's posts with a score. */
  weightedScore: number;
}

export function attribute(results: Results, posts: Post[], from: number, to: number): { posts: AttributedPost[]; officials: OfficialSummary[] } {
  if (!(to >= from)) throw new Error(`attribute: the period ends (${to}) before it starts (${from})`);
  const periodDays = to - from + 1;
  const row = new Map(results.frame.ids.map((id, i) => [id, i]));
  const out: AttributedPost[] = [];
  for (const post of posts) {
    const i = row.get(post.entity);
    if (i === undefined) continue;
    const days = Math.max(0, Math.min(to, post.end ?? Infinity) - Math.max(from, post.start) + 1);
    if (days === 0) continue;
    out.push({ post, days, share: days / periodDays, score: results.score[i], rank: results.rank[i], grade: results.grade[i] });
  }
  const byOfficial = new Map<string, { name: string | null; days: number; scored: AttributedPost[] }>();
  for (const a of out) {
    const s = byOfficial.get(a.post.official) ?? { name: a.post.name, days: 0, scored: [] };
    s.days += a.days;
    if (a.score === a.score) s.scored.push(a);
    byOfficial.set(a.post.official, s);
  }
  const officials = [...byOfficial].map(([official, s]) => ({ official, name: s.name, days: s.days, weightedScore: weightedMean(s.scored) }));
  return { posts: out, officials };
}

/** Σ days·score / Σ days; one post (or posts with one score) gives that score exactly. */
function weightedMean(posts: AttributedPost[]): number {
  if (posts.length === 0) return NaN;
  if (posts.every((p) => p.score === posts[0].score)) return posts[0].score;
  let weighted = 0;
  let days = 0;
  for (const p of posts) {
    weighted += p.days * p.score;
    days += p.days;
  }
  return weighted / days;
}
