/**
 * The gateway's configuration file (config/gateway.example.json): folders, partner profiles, intake
 * timing, API and webhook. Paths are relative to the config file's folder. Secrets (API tokens, the
 * webhook key, SFTP credentials) are references to environment variables or files, never values.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { GatewayPartnerProfile, SecretRef } from './partners.js';
import { AccountsConfigSchema } from '../accounts/settings.js';
import { AlertsConfigSchema } from './alerts/settings.js';
import { PRACTICE_ID_PATTERN } from '../ledger/tenants.js';
import { headerMapProblems } from '../intake/csv/layout.js';

/** An IANA time zone name this Node knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const GatewayConfigSchema = z.object({
  /** Ledger database and spool live here. */
  dataDir: z.string().default('data'),
  /**
   * The ledger in PostgreSQL (`postgres://user@host:5432/x12gw`) instead of SQLite in dataDir: several
   * instances may share it. No password in the URL: pg reads PGPASSWORD or ~/.pgpass.
   */
  database: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .refine((u) => URL.canParse(u) && !new URL(u).password, 'no password in the URL (use PGPASSWORD or ~/.pgpass)')
    .optional(),
  folders: z
    .object({
      outbox: z.string().default('outbox'),
      inbox: z.string().default('inbox'),
      reports: z.string().default('reports'),
      /** Default: <dataDir>/spool */
      spool: z.string().optional(),
      /** Appointment files for eligibility checks (docs/eligibility.md). Default: eligibility */
      eligibility: z.string().default('eligibility'),
    })
    .default({ outbox: 'outbox', inbox: 'inbox', reports: 'reports', eligibility: 'eligibility' }),
  /** Folder of partner profiles (every *.json in it), and/or explicit files. */
  partnersDir: z.string().optional(),
  partners: z.array(z.string()).default([]),
  /** Partner for claims and batches that name none. */
  defaultPartner: z.string(),
  intake: z
    .object({
      /** A file is taken once its size and mtime have not changed for this long. */
      stableMs: z.number().int().nonnegative().default(1000),
      /** Full rescan of the outbox (the watcher's events are hints; the rescan is the source of truth). */
      rescanIntervalMs: z.number().int().positive().default(5000),
      /** Use polling in the watcher (network file systems). */
      usePolling: z.boolean().default(false),
      /**
       * How a batch is known to be complete (docs/operator-guide.md, "The outbox contract"):
       * `quiet-period` = unchanged for stableMs AND it parses to a clean end; `done-marker` = a
       * `<batch>.done` file next to it.
       */
      completion: z.enum(['quiet-period', 'done-marker']).default('quiet-period'),
      /** Tries of a batch whose intake fails before it is moved to outbox/quarantine/. */
      maxAttempts: z.number().int().min(1).default(3),
      /** Claims recorded per ledger transaction (the event loop runs between chunks). */
      chunkClaims: z.number().int().min(1).max(10_000).default(100),
      /** An NDJSON written in place stays in outbox/.working/ (taking appended lines) until unchanged this long. */
      settleMs: z.number().int().nonnegative().default(60_000),
      /**
       * CSV exports in another layout (outbox and POST /v1/batches): { "their header": "our column" }, as
       * `x12gw generate --csv-header-map` takes it (docs/csv-intake.md). Headers not named keep their meaning.
       */
      csvHeaderMap: z
        .record(z.string(), z.string())
        .superRefine((map, ctx) => {
          for (const p of headerMapProblems(map)) ctx.addIssue({ code: 'custom', path: [p.header], message: p.message });
        })
        .optional(),
    })
    .default({ stableMs: 1000, rescanIntervalMs: 5000, usePolling: false, completion: 'quiet-period', maxAttempts: 3, chunkClaims: 100, settleMs: 60_000 }),
  api: z
    .object({
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      /** Bearer tokens, one per line in the file or comma-separated in the variable. */
      tokens: SecretRef,
      /** The practices these tokens see (docs/tenants.md); absent = every practice (service-wide). */
      tokenPractices: z.array(z.string().regex(PRACTICE_ID_PATTERN)).min(1).optional(),
    })
    .optional(),
  webhook: z
    .object({
      url: z.string().url(),
      /** HMAC-SHA256 key for the X-X12GW-Signature header. */
      secret: SecretRef,
      attempts: z.number().int().min(1).default(5),
      baseDelayMs: z.number().int().nonnegative().default(1000),
      timeoutMs: z.number().int().positive().default(10_000),
    })
    .optional(),
  /**
   * Alerts (issue 14, docs/alerts.md): the timely-filing watch (per payer limits, warning window), where
   * alerts are pushed (webhook, optional e-mail) and the link people follow. Without this section no
   * timely-filing alerts are raised; alerts other steps raise are still kept and shown.
   */
  alerts: AlertsConfigSchema.optional(),
  /**
   * Practices (tenants, docs/tenants.md): each owns billing providers (NPI, tax id) and partners; a claim
   * whose billing provider and partner belong to no practice goes to the `default` practice. Empty = one
   * practice (`default`) owns everything.
   */
  practices: z
    .array(
      z.object({
        id: z.string().regex(PRACTICE_ID_PATTERN, 'letters, digits, ".", "_" or "-" (at most 64)'),
        name: z.string().min(1),
        billingProviderNpis: z.array(z.string().regex(/^\d{10}$/, 'a 10-digit NPI')).default([]),
        taxIds: z.array(z.string().regex(/^\d{9}$/, 'a 9-digit tax id')).default([]),
        partners: z.array(z.string()).default([]),
      }),
    )
    .default([]),
  /** Patient accounts and deposits (issue 11): practice on statements, statement cycle, collections, deposit matching. */
  accounts: AccountsConfigSchema.optional(),
  /**
   * Several instances on one PostgreSQL ledger (issue 17): a batch in outbox/.working/ is worked on under a
   * lease renewed every ttlMs / 4; a dead instance's batch is taken over by another once ttlMs has passed.
   */
  leases: z.object({ ttlMs: z.number().int().min(200).default(10_000) }).default({ ttlMs: 10_000 }),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The practice's time zone (IANA name, e.g. "America/Chicago"): the workbench shows times in it. */
  timeZone: z.string().refine(isTimeZone, { message: 'not a time zone name (IANA, e.g. "America/Chicago")' }).default('UTC'),
});
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

export interface ResolvedFolders {
  outbox: string;
  working: string;
  archive: string;
  rejected: string;
  duplicates: string;
  results: string;
  inbox: string;
  inboxArchive: string;
  quarantine: string;
  spool: string;
  spoolSent: string;
  reports: string;
  data: string;
  /** The eligibility drop folder (appointments in; archive/ and rejected/ under it). */
  eligibility: string;
}

export interface ResolvedConfig {
  config: GatewayConfig;
  baseDir: string;
  folders: ResolvedFolders;
  partners: Map<string, GatewayPartnerProfile>;
}

export function resolveFolders(config: GatewayConfig, baseDir: string): ResolvedFolders {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const data = at(config.dataDir);
  const outbox = at(config.folders.outbox);
  const inbox = at(config.folders.inbox);
  const spool = config.folders.spool ? at(config.folders.spool) : join(data, 'spool');
  return {
    outbox,
    working: join(outbox, '.working'),
    archive: join(outbox, 'archive'),
    rejected: join(outbox, 'rejected'),
    duplicates: join(outbox, 'duplicates'),
    results: join(outbox, 'results'),
    inbox,
    inboxArchive: join(inbox, 'archive'),
    quarantine: join(inbox, 'quarantine'),
    spool,
    spoolSent: join(spool, 'acknowledged'),
    reports: at(config.folders.reports),
    data,
    eligibility: at(config.folders.eligibility ?? 'eligibility'),
  };
}

export function loadPartnerFile(path: string): GatewayPartnerProfile {
  const raw = JSON.parse(readFileSync(path, 'utf8'));
  const parsed = GatewayPartnerProfile.safeParse(raw);
  if (!parsed.success) throw new Error(`${path}: not a gateway partner profile: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function resolveConfig(config: GatewayConfig, baseDir: string, extraPartners: GatewayPartnerProfile[] = []): ResolvedConfig {
  const partners = new Map<string, GatewayPartnerProfile>();
  const files = [...config.partners.map((p) => resolve(baseDir, p))];
  if (config.partnersDir) {
    const dir = resolve(baseDir, config.partnersDir);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) files.push(join(dir, f));
  }
  for (const f of files) {
    const raw = JSON.parse(readFileSync(f, 'utf8'));
    if (!raw || typeof raw !== 'object' || !('sftp' in raw)) continue; // a claims-only profile (no transport): not a gateway partner
    const p = loadPartnerFile(f);
    partners.set(p.id, p);
  }
  for (const p of extraPartners) partners.set(p.id, p);
  if (!partners.has(config.defaultPartner)) throw new Error(`defaultPartner "${config.defaultPartner}" has no profile (looked in ${files.length} file(s))`);
  return { config, baseDir, folders: resolveFolders(config, baseDir), partners };
}

/** The config file checked against its schema (partner profiles not read). */
function readConfigFile(path: string): GatewayConfig {
  const raw = JSON.parse(readFileSync(path, 'utf8'));
  const parsed = GatewayConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

export function loadConfigFile(path: string): ResolvedConfig {
  return resolveConfig(readConfigFile(path), dirname(resolve(path)));
}

/** Only the practices of a config file (`x12gw user --practice`). */
export function loadConfigPractices(path: string): GatewayConfig['practices'] {
  return readConfigFile(path).practices;
}

/** Only the folders of a config file (for tools that touch the ledger, not the partners). */
export function loadConfigFolders(path: string): ResolvedConfig['folders'] {
  return resolveFolders(readConfigFile(path), dirname(resolve(path)));
}
