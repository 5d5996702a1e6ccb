/** What the server hangs on Fastify: the store, the scoring jobs, the settings, and who is asking (declared beside their code: the CSRF guard and a form's session in auth/csrf.ts, a route's `config.access` and `loginNext` in auth/route-access.ts). */
import type { Db, Principal } from '../store/index.js';
import type { AnalysisJobs } from './analysis-jobs.js';
import type { ScoringJobs } from './jobs.js';

export interface ServerSettings {
  /** Whether anyone, without a token, may read published results. */
  publicResults: boolean;
  /** Login page hint that demo tokens were printed at start. */
  demoHint: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Db;
    jobs: ScoringJobs;
    analyses: AnalysisJobs;
    settings: ServerSettings;
  }
  interface FastifyRequest {
    /** The account behind the request's token or session; null = anonymous. */
    principal: Principal | null;
    /** The scheme of the round a page shows (its `zh-Hant` names are used when the page is in 繁體). */
    pageScheme?: { id: string; version: string };
  }
  interface FastifyContextConfig {
    /** A web page route: errors are answered as an HTML page. */
    page?: boolean;
  }
}
