/**
 * `x12gw serve --config FILE`: the gateway against real partners (outbox watcher, SFTP, inbox posting)
 * and, when the config has an `api` block, the HTTP API. Stops cleanly on SIGINT / SIGTERM.
 */
import { statusFollowupOf } from '../../claims/status/thresholds.js';
import type { buildServer } from '../../api/app.js';
import { parseTokens } from '../../api/auth.js';
import { GatewayConfigSchema, loadConfigFile, type ResolvedConfig } from '../../gateway/config.js';
import { createLogger, type Logger } from '../../gateway/logger.js';
import { readSecret } from '../../gateway/partners.js';
import { createGateway, type Gateway } from '../../gateway/runtime.js';
import { createLedger, openLedgerDb, type Ledger, type LedgerDb } from '../../ledger/index.js';
import { syncPractices } from '../../ledger/tenants.js';
import { crashPoint } from '../../gateway/crash.js';
import { accountsSettings } from '../../accounts/settings.js';

export interface ServeOptions {
  config: string;
  logLevel?: string;
  /** PostgreSQL URL of the ledger; overrides the config's `database`. */
  database?: string;
}

export interface Running {
  gateway: Gateway;
  ledger: Ledger;
  handle: LedgerDb;
  api?: Awaited<ReturnType<typeof buildServer>>;
  apiUrl?: string;
  log: Logger;
  stop(): Promise<void>;
}

/** Starts ledger, gateway and (optionally) API from a resolved config. Shared by serve and demo. */
export async function startRuntime(resolved: ResolvedConfig, options: { log: Logger; apiPort?: number; apiTokens?: string[]; watch?: boolean; database?: string }): Promise<Running> {
  const { log } = options;
  const handle = await openLedgerDb({ dataDir: resolved.folders.data, database: options.database ?? resolved.config.database, log });
  // Issue 17: the config's practices, written to the ledger before any claim is taken in (tenants.ts).
  await syncPractices(handle.db, resolved.config.practices);
  const ledger = createLedger(handle.db, { beforeCommit: (op) => (op.startsWith('post') ? crashPoint('posting-mid') : undefined) });
  const gateway = createGateway({ resolved, ledger, log, watch: options.watch });
  await gateway.start();
  let api: Running['api'];
  let apiUrl: string | undefined;
  const apiConfig = resolved.config.api;
  try {
    const tokens = options.apiTokens ?? (apiConfig ? parseTokens(readSecret(apiConfig.tokens, resolved.baseDir)) : undefined);
    if (tokens && (apiConfig || options.apiPort !== undefined)) {
      // Loaded only when an API is wanted: it is the heaviest import of the gateway.
      const { buildServer } = await import('../../api/app.js');
      api = await buildServer({
        deps: {
          ledger,
          tokens,
          outbox: resolved.folders.outbox,
          csvHeaderMap: resolved.config.intake.csvHeaderMap,
          payerIdsByName: resolved.partners.get(resolved.config.defaultPartner)?.payerIdsByName,
          defaultPartner: resolved.config.defaultPartner,
          // Issue 7: the billers' workbench (pages + users + audit) on the same server.
          workbench: { partnerIds: [...resolved.partners.keys()], folders: { inbox: resolved.folders.inbox, quarantine: resolved.folders.quarantine }, kick: () => gateway.kick(), log, configTokenPractices: apiConfig?.tokenPractices, accounts: accountsSettings(resolved.config.accounts), timeZone: resolved.config.timeZone, denialDeadlines: Object.fromEntries([...resolved.partners].map(([id, p]) => [id, p.denialDeadlines ?? {}])), statusFollowup: Object.fromEntries([...resolved.partners].map(([id, p]) => [id, statusFollowupOf(p)])) },
        },
        logger: log,
      });
      apiUrl = await api.listen({ host: apiConfig?.host ?? '127.0.0.1', port: options.apiPort ?? apiConfig?.port ?? 8080 });
      log.info({ event: 'api.listening', url: apiUrl }, 'API listening');
    }
  } catch (err) {
    // The API could not start (e.g. its port is taken): the gateway already running on this folder is
    // stopped before the error goes up, so a caller that retries (the demo, on another port) never runs
    // two gateways on one folder.
    await api?.close().catch(() => undefined);
    await gateway.stop();
    await handle.close();
    throw err;
  }
  return {
    gateway,
    ledger,
    handle,
    api,
    apiUrl,
    log,
    async stop() {
      await api?.close();
      await gateway.stop();
      await handle.close();
    },
  };
}

export async function serveCommand(opts: ServeOptions): Promise<number> {
  let resolved: ResolvedConfig;
  try {
    resolved = loadConfigFile(opts.config);
  } catch (err) {
    process.stderr.write(`x12gw serve: ${(err as Error).message}\n`);
    return 3;
  }
  if (opts.database !== undefined) {
    // --database or X12GW_DATABASE_URL: held to the config's rule (a postgres:// URL without a password),
    // so a typo never falls back to SQLite on one instance of several.
    const checked = GatewayConfigSchema.shape.database.safeParse(opts.database);
    if (!checked.success) {
      process.stderr.write(`x12gw serve: --database / X12GW_DATABASE_URL: ${checked.error.issues.map((i) => i.message).join('; ')}\n`);
      return 3;
    }
  }
  const log = createLogger({ level: opts.logLevel ?? resolved.config.logLevel });
  const running = await startRuntime(resolved, { log, database: opts.database });
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.stop();
  return 0;
}
