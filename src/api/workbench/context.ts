/**
 * What the workbench needs at run time, and who is asking: a principal resolved once per request from
 * a bearer token (the config's system tokens or a user's API token) or a session cookie.
 */
import { setDisplayTimeZone } from '../web/layout.js';
import type { StatusFollowupSettings } from '../../claims/status/thresholds.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { Logger } from 'pino';
import type { Ledger } from '../../ledger/ledger.js';
import { createAuditLog, type AuditLog } from '../../ledger/audit.js';
import { createUserStore, type UserStore } from '../../ledger/users.js';
import { createWorkbenchQueries, type WorkbenchQueries } from '../../ledger/workbench-queries.js';
import type { Role } from '../../ledger/workbench-schema.js';
import { ALL_PRACTICES, type PracticeScope } from '../../ledger/tenant-scope.js';
import { practiceIdsFor, practicesOfUser, type PracticeRole } from '../../ledger/tenants.js';
import { createLoginLimiter, type LoginLimiter } from './login-limit.js';
import { DEFAULT_THRESHOLDS, type AlarmThresholds } from '../../billing-rules/aging.js';
import type { AccountsSettings } from '../../accounts/settings.js';
import type { PayerDeadlines } from '../../denials/explain.js';

export const SESSION_COOKIE = 'x12gw_session';
/** The practice a user of several practices chose to look at (the switcher); absent = all of theirs. */
export const PRACTICE_COOKIE = 'x12gw_practice';

export interface WorkbenchOptions {
  /** Follow-up alarm thresholds per partner id (DEFAULT_THRESHOLDS for the others). */
  thresholds?: Record<string, Partial<AlarmThresholds>>;
  /** Partner ids the gateway knows (a resubmitted claim must name one). */
  partnerIds?: readonly string[];
  /** inbox/ and inbox/quarantine/ for reprocessing quarantined responses. */
  folders?: { inbox: string; quarantine: string };
  /** Wakes the gateway loop after a resubmission or reprocess (sent sooner than the next tick). */
  kick?: () => void;
  /** Logger for workbench events (ids and counts only). */
  log?: Logger;
  /** Secure flag on cookies: true behind TLS. Default: when the request came over https. */
  secureCookies?: boolean;
  /** Signs the CSRF cookie (random per start when absent). */
  cookieSecret?: string;
  /** Role of the config file's static bearer tokens (default biller). */
  configTokenRole?: Role;
  /** Practices the config file's static bearer tokens see (default: all — they are service-wide). */
  configTokenPractices?: readonly string[];
  /** Login attempts per IP per minute. */
  loginAttemptsPerMinute?: number;
  /** Failed sign-ins per account (any IP) before that account is refused for `loginLockMs` (default 5). */
  loginFailuresPerAccount?: number;
  /** The per-account window (default 15 minutes). */
  loginLockMs?: number;
  /** The practice's time zone (IANA name; default UTC): every time on the pages is shown in it. */
  timeZone?: string;
  /** Consecutive failed sign-ins after which an account stays locked until an administrator unlocks it (default 20). */
  loginLockoutAfter?: number;
  /** Clock (tests). */
  now?: () => Date;
  /** Issue 11: patient accounts and deposits (practice on statements, statement cycle, collections, matching window). */
  accounts?: AccountsSettings;
  /** Issue 15: per partner id, per payer id, the denial deadlines of the partner profile (`denialDeadlines`). */
  denialDeadlines?: Readonly<Record<string, Readonly<Record<string, PayerDeadlines>>>>;
  /** SSE poll interval of the event stream. */
  eventsPollMs?: number;
  /** Issue 14: per partner id, the claim-status follow-up settings of its profile (the worklist's "follow up with the payer" list). */
  statusFollowup?: Readonly<Record<string, StatusFollowupSettings>>;
}

export interface Principal {
  kind: 'session' | 'token' | 'config-token';
  userId?: string;
  /** Who, as the audit log and the claim timeline name them. */
  actor: string;
  role: Role;
  /** What this principal sees (docs/tenants.md): its practices, or 'all' (service-wide). */
  scope: PracticeScope;
  /** The user's practices with its role in each (empty for service-wide users and config tokens). */
  practices: ReadonlyArray<{ practiceId: string; role: PracticeRole }>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export interface WorkbenchContext {
  ledger: Ledger;
  users: UserStore;
  audit: AuditLog;
  queries: WorkbenchQueries;
  /** Failed sign-ins per account (login-limit.ts). */
  loginLimiter: LoginLimiter;
  options: WorkbenchOptions;
  now: () => Date;
  thresholdsFor(partnerId: string): AlarmThresholds;
  /** The payer's denial deadlines from its partner profile, if set. */
  deadlinesFor(partnerId: string, payerId: string): PayerDeadlines | undefined;
  authenticate(req: FastifyRequest): Promise<Principal | undefined>;
  log(fields: Record<string, unknown>, msg: string): void;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function createContext(ledger: Ledger, configTokens: readonly string[], options: WorkbenchOptions): WorkbenchContext {
  const now = options.now ?? (() => new Date());
  setDisplayTimeZone(options.timeZone ?? 'UTC');
  const users = createUserStore(ledger.db, { now });
  const allowed = configTokens.filter((t) => t.length >= 16).map(digest);
  /** The user's practices; a user of several may narrow to one of them (the switcher's cookie). */
  const scopeOf = async (u: { id: string; role: Role }, chosen?: string) => {
    const practices = await practicesOfUser(ledger.db, u.id);
    const ids = practiceIdsFor(u, practices);
    const narrowed = chosen && ids !== 'all' && ids.includes(chosen) ? [chosen] : ids;
    return { scope: { practiceIds: narrowed } as PracticeScope, practices };
  };
  return {
    ledger,
    users,
    audit: createAuditLog(ledger.db, { now }),
    queries: createWorkbenchQueries(ledger.db, { now }),
    loginLimiter: createLoginLimiter({ maxFailures: options.loginFailuresPerAccount, windowMs: options.loginLockMs, now }),
    options,
    now,
    thresholdsFor: (partnerId) => ({ ...DEFAULT_THRESHOLDS, ...options.thresholds?.[partnerId] }),
    deadlinesFor: (partnerId, payerId) => options.denialDeadlines?.[partnerId]?.[payerId],
    async authenticate(req) {
      const header = req.headers.authorization;
      if (header) {
        const m = /^Bearer\s+(.+)$/i.exec(header);
        if (!m) return undefined;
        const token = m[1].trim();
        const given = digest(token);
        if (allowed.some((a) => timingSafeEqual(a, given))) return { kind: 'config-token', actor: `system:${given.toString('hex').slice(0, 8)}`, role: options.configTokenRole ?? 'biller', scope: options.configTokenPractices ? { practiceIds: [...options.configTokenPractices] } : ALL_PRACTICES, practices: [] };
        const u = await users.userForToken(token);
        return u ? { kind: 'token', userId: u.id, actor: `${u.username} (token ${u.tokenLabel})`, role: u.role, ...(await scopeOf(u)) } : undefined;
      }
      const cookie = req.cookies?.[SESSION_COOKIE];
      if (cookie) {
        const u = await users.userForSession(cookie);
        if (u) return { kind: 'session', userId: u.id, actor: u.username, role: u.role, ...(await scopeOf(u, req.cookies?.[PRACTICE_COOKIE])) };
      }
      return undefined;
    },
    log(fields, msg) {
      options.log?.info(fields, msg);
    },
  };
}

/** Who the page header names: the actor, the role, and the practices in view (issue 17). */
export const viewerOf = (p: Principal) => ({ username: p.actor, role: p.role, practices: { inView: p.scope.practiceIds, mine: p.practices.map((m) => m.practiceId) } });

export const canChange = (p: Principal | undefined) => p?.role === 'admin' || p?.role === 'biller';

/** For /v1 routes (theirs and ours): 401 without a principal; read-only users may only read. */
export function requirePrincipal() {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.principal) {
      reply.header('www-authenticate', 'Bearer');
      return reply.code(401).send({ error: 'unauthorized', message: 'a valid bearer token or session is required' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD' && !canChange(req.principal)) return reply.code(403).send({ error: 'forbidden', message: `the ${req.principal.role} role cannot change anything` });
  };
}

/** Accept: text/csv, or a path ending in .csv. */
export function wantsCsv(req: FastifyRequest): boolean {
  return /\.csv(\?|$)/.test(req.url) || /\btext\/csv\b/.test(String(req.headers.accept ?? ''));
}
