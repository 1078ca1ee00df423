/**
 * The gateway runtime: one work loop that runs the steps in order — intake, generate, spool, upload,
 * poll (when due), post the inbox, tidy the spool — triggered by the outbox watcher (chokidar events are
 * hints), a periodic rescan (the source of truth), and each partner's poll interval. The local steps
 * run in order; each partner's network work (upload, poll) runs as its own task behind the partner's
 * circuit breaker (src/gateway/partner-work.ts), so an unreachable partner delays nobody else. The
 * ledger's single connection serialises their writes.
 */
import { statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import type { Ledger } from '../ledger/ledger.js';
import type { ResolvedConfig } from './config.js';
import { crashPoint } from './crash.js';
import { createDenialLearning } from './denial-learning.js';
import type { RuntimeContext } from './context.js';
import { ensureDir } from './durable.js';
import { prepareOutboundCheck } from './outbound-check.js';
import { nameHash } from './batch-names.js';
import { processInbox } from './inbox.js';
import { claimBatch, readyBatches, workingBatches, type IntakeSettings, type Observation } from './intake.js';
import { takeLeasedBatch } from './intake-lease.js';
import type { Logger } from './logger.js';
import { readSecret, type GatewayPartnerProfile } from './partners.js';
import type { BreakerSettings } from './partner-breaker.js';
import { createPartnerHealth } from './partner-health.js';
import { createPartnerWork } from './partner-work.js';
import { generatePending, spoolPending, tidySpool } from './sender.js';
import { inquireSilentClaims, silentClaimsPage } from './status-followup.js';
import { raiseSilenceAlerts } from './alerts/silence-alerts.js';
import { generateEligibility, settleSentEligibility, takeEligibilityDrops } from './eligibility.js';
import { createSftpTransport, type Transport } from './sftp.js';
import { createPartnerLeadership } from '../ledger/partner-leadership.js';
import { deliveryTargets, sendDueDeliveries } from './alerts/deliveries.js';
import { watchTimelyFiling } from './alerts/timely-filing-watch.js';
import { createWorkLeases, instanceId, type WorkLeases } from '../ledger/work-leases.js';

export interface GatewayOptions {
  resolved: ResolvedConfig;
  ledger: Ledger;
  log: Logger;
  now?: () => Date;
  crash?: (point: string) => void;
  /** Transport factory (default: SFTP per the partner profile). */
  transport?: (partner: GatewayPartnerProfile, hook?: (point: string) => void | Promise<void>) => Transport;
  /** How long a partner is left alone after a failure a retry cannot fix (bad key, wrong host key). */
  suspendMs?: number;
  /** The partners' circuit breakers (first wait, cap, jitter); see src/gateway/partner-breaker.ts. */
  breaker?: Partial<BreakerSettings>;
  /** How long a cycle waits for the partners' network work before moving on (it continues in the background). */
  partnerBudgetMs?: number;
  /** Watch the outbox with chokidar (default true). */
  watch?: boolean;
  /** Work leases (default: lease rows named after this process, `leases.ttlMs` of the config; held always on SQLite). */
  leases?: WorkLeases;
  /** Denial learning after 835 postings: quiet time before a run and the least time between runs (ms). */
  denialLearning?: { debounceMs?: number; minIntervalMs?: number };
  /** How long a cycle waits for the alert deliveries (webhook, e-mail) before moving on (they continue in the background). */
  deliveryBudgetMs?: number;
}

export interface CycleReport {
  intake: number;
  generated: number;
  uploaded: number;
  uploadFailures: number;
  downloaded: number;
  posted: number;
  duplicates: number;
  quarantined: number;
  /** Alerts the timely-filing watch raised, and outbox deliveries sent, in this cycle (docs/alerts.md). */
  alerts?: { raised: number; delivered: number };
  /** Claims asked about in 276 inquiries this cycle. */
  statusInquiries?: number;
}

export interface Gateway {
  context: RuntimeContext;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Runs every step once (polling every partner when `poll` is true). */
  cycle(options?: { poll?: boolean }): Promise<CycleReport>;
  /** Wakes the loop now. */
  kick(): void;
}

export function createGateway(options: GatewayOptions): Gateway {
  const { resolved, ledger, log } = options;
  const now = options.now ?? (() => new Date());
  const webhookConfig = resolved.config.webhook;
  const context: RuntimeContext = {
    folders: resolved.folders,
    partners: resolved.partners,
    defaultPartner: resolved.config.defaultPartner,
    ledger,
    log,
    now,
    crash: options.crash ?? ((p) => crashPoint(p)),
    transport:
      options.transport ??
      ((partner, hook) =>
        createSftpTransport({
          settings: partner.sftp,
          baseDir: resolved.baseDir,
          hook,
          onRetry: (r) => log.warn({ event: 'sftp.retry', partner: partner.id, operation: r.operation, attempt: r.attempt, delayMs: r.delayMs, kind: r.kind }, 'sftp retry'),
        })),
    webhook: webhookConfig ? { url: webhookConfig.url, secret: readSecret(webhookConfig.secret, resolved.baseDir)!, attempts: webhookConfig.attempts, baseDelayMs: webhookConfig.baseDelayMs, timeoutMs: webhookConfig.timeoutMs } : undefined,
    leases: options.leases ?? createWorkLeases(ledger.db, { owner: instanceId(), ttlMs: resolved.config.leases.ttlMs, now }),
    leadership: createPartnerLeadership(ledger.db, { onLost: (partner) => log.warn({ event: 'partner.lead-lost', partner }, 'another instance leads this partner now') }),
  };
  // Issue 15: the denial rules are learned again after new 835 postings (debounced, off the posting path).
  const learning = createDenialLearning({ db: ledger.db, log, now, ...options.denialLearning });
  context.onRemittancePosted = () => learning.notify();
  const health = createPartnerHealth({ log, now, settings: { ...options.breaker, ...(options.suspendMs !== undefined ? { fixedWaitMs: options.suspendMs } : {}) } });
  const partnerWork = createPartnerWork(context, health);
  // Issue 14: the timely-filing watch (when the config has an `alerts` section) and the delivery outbox.
  const timelyFiling = resolved.config.alerts?.timelyFiling;
  const targets = deliveryTargets(resolved.config, resolved.baseDir);
  let lastTimelyScan = Number.NEGATIVE_INFINITY;
  let lastSilenceScan = Number.NEGATIVE_INFINITY;
  let deliveryTask: Promise<number> | undefined;
  const observations = new Map<string, Observation>();
  /** Outbox names already logged as not-a-batch (each is logged once). */
  const ignoredLogged = new Set<string>();
  const intakeSettings: IntakeSettings = {
    completion: resolved.config.intake.completion,
    maxAttempts: resolved.config.intake.maxAttempts,
    chunkClaims: resolved.config.intake.chunkClaims,
    settleMs: resolved.config.intake.settleMs,
    csvHeaderMap: resolved.config.intake.csvHeaderMap,
    payerIdsByName: resolved.partners.get(resolved.config.defaultPartner)?.payerIdsByName,
  };
  const doneMarker = intakeSettings.completion === 'done-marker';
  const onIgnored = (name: string) => {
    if (ignoredLogged.has(name)) return;
    if (ignoredLogged.size >= 10_000) ignoredLogged.clear();
    ignoredLogged.add(name);
    log.warn({ event: 'intake.ignored', nameHash: nameHash(name), ext: extname(name).slice(0, 10).replace(/[^.A-Za-z0-9]/g, '_'), dotFile: name.startsWith('.') }, 'outbox file is not a claim batch (.json / .ndjson); left where it is');
  };

  /** Outcomes that count as a batch taken this cycle (not one still waiting, deferred, or another instance's). */
  const counted = (outcome: string) => !['waiting', 'deferred', 'elsewhere', 'gone'].includes(outcome);

  /** Runs one step of the cycle; a step that throws is logged and the cycle goes on with the next. */
  async function step(name: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      log.error({ event: 'cycle.step-failed', step: name, errorCode: e?.code ?? e?.name ?? 'Error' }, 'gateway step failed; the other steps still run');
    }
  }

  /** After a batch went back to the outbox unfinished: not taken again until it changes. */
  function markDeferred(name: string) {
    try {
      const st = statSync(join(resolved.folders.outbox, name));
      observations.set(name, { size: st.size, mtimeMs: st.mtimeMs, since: now().getTime(), deferred: true });
    } catch {
      // gone already
    }
  }
  const lastPoll = new Map<string, number>();
  /** The follow-up step reads every claim awaiting an answer: at most once per (shortest) poll interval. */
  const followupEveryMs = Math.min(...[...resolved.partners.values()].map((p) => p.pollIntervalMs));
  let lastFollowup = -Infinity;
  const timers: NodeJS.Timeout[] = [];
  let watcher: FSWatcher | undefined;
  let running: Promise<CycleReport> | undefined;
  let again = false;
  let stopped = true;

  for (const d of Object.values(resolved.folders)) ensureDir(d);

  async function cycle(opts: { poll?: boolean } = {}): Promise<CycleReport> {
    const report: CycleReport = { intake: 0, generated: 0, uploaded: 0, uploadFailures: 0, downloaded: 0, posted: 0, duplicates: 0, quarantined: 0 };
    // 1. intake: what a crash left in the working folder first, then what is ready in the outbox; each
    // batch inside its own error boundary (takeBatch), so one bad file never stops the others.
    await step('intake', async () => {
      for (const path of workingBatches(context)) {
        const outcome = await takeLeasedBatch(context, path, intakeSettings);
        if (outcome === 'deferred') markDeferred(basename(path));
        if (counted(outcome)) report.intake++;
      }
      for (const name of readyBatches(resolved.folders.outbox, observations, resolved.config.intake.stableMs, now().getTime(), { doneMarker, onIgnored })) {
        const path = claimBatch(context, name);
        if (!path) continue;
        observations.delete(name);
        const outcome = await takeLeasedBatch(context, path, intakeSettings);
        if (outcome === 'deferred') markDeferred(name);
        if (counted(outcome)) report.intake++;
      }
    });
    // 1b. eligibility: appointment files in, queued checks → 270s (sent with the 837s below)
    await step('eligibility', async () => {
      await takeEligibilityDrops(context, resolved.config.intake.stableMs);
      await generateEligibility(context);
    });
    // 2-4. claims out
    await step('generate', async () => {
      report.generated = await generatePending(context);
    });
    // 3b. claims silent past their partner's thresholds: a 276 per partner, sent by the spool and upload steps
    await step('follow-up', async () => {
      if (now().getTime() - lastFollowup < followupEveryMs) return;
      lastFollowup = now().getTime();
      report.statusInquiries = (await inquireSilentClaims(context)).claims;
    });
    await step('spool', async () => {
      await spoolPending(context);
    });
    // 4-5. each partner's uploads and polling, concurrently, behind its circuit breaker, within a budget
    await step('partners', async () => {
      const net = await partnerWork.run({
        budgetMs: options.partnerBudgetMs ?? 30_000,
        due: (partner) => {
          const due = opts.poll ?? now().getTime() - (lastPoll.get(partner.id) ?? 0) >= partner.pollIntervalMs;
          if (due) lastPoll.set(partner.id, now().getTime());
          return due;
        },
      });
      Object.assign(report, { uploaded: net.uploaded, uploadFailures: net.uploadFailures, downloaded: net.downloaded });
    });
    await step('eligibility-sent', async () => {
      await settleSentEligibility(context);
    });
    await step('post', async () => {
      const posted = await processInbox(context);
      Object.assign(report, { posted: posted.posted, duplicates: posted.duplicates, quarantined: posted.quarantined });
    });
    await step('alerts', async () => {
      // Issue 14: claims still silent N days after their 276 raise an alert (once per inquiry), with or without
      // an `alerts` section: it is on the dashboard and the worklist either way, and pushed where one is set.
      if (now().getTime() - lastSilenceScan >= (timelyFiling?.scanIntervalMs ?? 60_000)) {
        lastSilenceScan = now().getTime();
        const raised = await raiseSilenceAlerts(ledger.db, await silentClaimsPage(context), now(), () => context.crash('alert-committed'));
        report.alerts = { raised: (report.alerts?.raised ?? 0) + raised, delivered: report.alerts?.delivered ?? 0 };
        if (raised) log.info({ event: 'alerts.raised', kind: 'silent-after-inquiry', count: raised }, 'silent-after-inquiry alerts raised');
      }
      if (!timelyFiling?.enabled || now().getTime() - lastTimelyScan < timelyFiling.scanIntervalMs) return;
      lastTimelyScan = now().getTime();
      const watched = await watchTimelyFiling(ledger.db, timelyFiling, { now: now(), onRaised: () => context.crash('alert-committed') });
      report.alerts = { raised: (report.alerts?.raised ?? 0) + watched.raised, delivered: report.alerts?.delivered ?? 0 };
      if (watched.raised) log.info({ event: 'alerts.raised', kind: 'timely-filing', count: watched.raised, checked: watched.checked }, 'timely-filing alerts raised');
    });
    await step('deliveries', async () => {
      const budgetMs = options.deliveryBudgetMs ?? 5_000;
      deliveryTask ??= sendDueDeliveries(ledger.db, targets, { now, log, crash: context.crash, deadline: Date.now() + budgetMs })
        .then((r) => r.delivered)
        .catch((err: Error) => {
          log.error({ event: 'delivery.step-failed', errorCode: (err as NodeJS.ErrnoException).code ?? err.name }, 'delivery step failed; retrying on the next cycle');
          return 0;
        })
        .finally(() => (deliveryTask = undefined));
      let timer: NodeJS.Timeout | undefined;
      const delivered = await Promise.race([deliveryTask, new Promise<number>((r) => (timer = setTimeout(() => r(0), budgetMs)))]);
      clearTimeout(timer);
      report.alerts = { raised: report.alerts?.raised ?? 0, delivered };
    });
    await step('tidy', async () => {
      await tidySpool(context);
    });
    return report;
  }

  function runLoop(opts: { poll?: boolean } = {}): Promise<CycleReport> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let last: CycleReport;
      do {
        again = false;
        try {
          last = await cycle(opts);
        } catch (err) {
          log.error({ event: 'cycle.error', err: { message: (err as Error).message } }, 'gateway cycle failed; retrying on the next tick');
          last = { intake: 0, generated: 0, uploaded: 0, uploadFailures: 0, downloaded: 0, posted: 0, duplicates: 0, quarantined: 0 };
        }
      } while (again && !stopped);
      return last;
    })().finally(() => (running = undefined));
    return running;
  }

  const kick = () => {
    if (!stopped) void runLoop();
  };

  return {
    context,
    cycle: (opts) => (running ? running.then(() => runLoop(opts)) : runLoop(opts)),
    kick,
    async start() {
      stopped = false;
      prepareOutboundCheck();
      if (options.watch !== false) {
        watcher = chokidar.watch(resolved.folders.outbox, {
          depth: 0,
          ignoreInitial: false,
          usePolling: resolved.config.intake.usePolling,
          ignored: (p: string) => /(^|\/)\.[^/]+$/.test(p) && p !== resolved.folders.outbox,
        });
        // Events only wake the loop: the loop's own stability check decides when a file is complete.
        watcher.on('add', () => setTimeout(kick, resolved.config.intake.stableMs + 10));
        watcher.on('change', () => setTimeout(kick, resolved.config.intake.stableMs + 10));
        watcher.on('error', (err) => log.error({ event: 'watch.error', err: { message: (err as Error).message } }, 'outbox watcher error'));
      }
      timers.push(setInterval(kick, resolved.config.intake.rescanIntervalMs));
      const minPoll = Math.min(...[...resolved.partners.values()].map((p) => p.pollIntervalMs));
      timers.push(setInterval(kick, Math.max(50, Math.min(minPoll, resolved.config.intake.rescanIntervalMs))));
      log.info({ event: 'gateway.started', partners: resolved.partners.size, instance: context.leases?.owner }, 'gateway started');
      kick();
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearInterval(t);
      timers.length = 0;
      await watcher?.close();
      watcher = undefined;
      if (running) await running.catch(() => undefined);
      await partnerWork.settled();
      await deliveryTask;
      learning.stop();
      await learning.settled();
      await context.leadership?.release();
      log.info({ event: 'gateway.stopped' }, 'gateway stopped');
    },
  };
}
