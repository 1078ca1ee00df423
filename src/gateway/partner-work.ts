/**
 * Each partner's network work (upload its pending 837s, then poll its responses when due) runs as its
 * own task, concurrently with the other partners'. A partner whose breaker is open is skipped without a
 * network call; a partner whose previous task is still running (a slow transfer, a black hole inside its
 * time limits) is skipped too. The cycle waits for the tasks at most `budgetMs`: a task still running
 * then goes on in the background and the cycle moves on to posting, so one slow partner never holds
 * intake, posting or the other partners.
 */
import type { RuntimeContext } from './context.js';
import { pollPartner, recoverIncoming } from './inbox.js';
import type { GatewayPartnerProfile } from './partners.js';
import type { PartnerHealth } from './partner-health.js';
import { pendingUploads, uploadForPartner, type OutboundFile } from './sender.js';

export interface PartnerWorkReport {
  uploaded: number;
  uploadFailures: number;
  downloaded: number;
  /** Partners skipped: breaker open, or their previous work still running. */
  skipped: string[];
}

export interface PartnerWork {
  /** Starts the work of every partner that may work now; resolves when all finished or `budgetMs` passed. */
  run(options: { due: (partner: GatewayPartnerProfile) => boolean; budgetMs: number }): Promise<PartnerWorkReport>;
  /** Resolves when no partner task is running (for stop()). */
  settled(): Promise<void>;
}

export function createPartnerWork(ctx: RuntimeContext, health: PartnerHealth): PartnerWork {
  const inFlight = new Map<string, Promise<void>>();

  async function partnerTask(partner: GatewayPartnerProfile, files: OutboundFile[], poll: boolean, report: PartnerWorkReport): Promise<void> {
    let talked = false;
    try {
      if (files.length > 0) {
        talked = true;
        const up = await uploadForPartner(ctx, partner, files, health);
        report.uploaded += up.uploaded;
        report.uploadFailures += up.failed;
      }
      if (poll && !health.isOpen(partner.id)) {
        talked = true;
        report.downloaded += await pollPartner(ctx, partner, health);
      }
    } catch (err) {
      ctx.log.error({ event: 'partner.error', partner: partner.id, err: { message: (err as Error).message } }, 'partner work failed');
    } finally {
      if (!health.isOpen(partner.id)) {
        if (talked) health.succeeded(partner.id);
        else health.undecided(partner.id);
      }
    }
  }

  return {
    async run({ due, budgetMs }) {
      const report: PartnerWorkReport = { uploaded: 0, uploadFailures: 0, downloaded: 0, skipped: [] };
      // Another instance on the same PostgreSQL may lead a partner (uploads, polls, and its downloads in
      // progress are its own: recovering them here would delete its `.part` files). Asked first, so an
      // instance that leads nobody does not read the pending files' bytes every cycle.
      const led: GatewayPartnerProfile[] = [];
      for (const partner of ctx.partners.values()) {
        if (ctx.leadership && !(await ctx.leadership.holds(partner.id))) report.skipped.push(partner.id);
        else led.push(partner);
      }
      const pending = led.length > 0 ? await pendingUploads(ctx) : new Map<string, OutboundFile[]>();
      const tasks: Promise<void>[] = [];
      for (const partner of led) {
        const files = pending.get(partner.id) ?? [];
        // Local only, so even for a suspended partner: finish what a kill left of its downloads.
        if (!inFlight.has(partner.id)) recoverIncoming(ctx, partner.id);
        const poll = due(partner);
        if (files.length === 0 && !poll) continue;
        if (inFlight.has(partner.id) || !health.admit(partner.id)) {
          report.skipped.push(partner.id);
          continue;
        }
        const task = partnerTask(partner, files, poll, report).finally(() => inFlight.delete(partner.id));
        inFlight.set(partner.id, task);
        tasks.push(task);
      }
      let timer: NodeJS.Timeout | undefined;
      const budget = new Promise<void>((r) => (timer = setTimeout(r, budgetMs)));
      await Promise.race([Promise.allSettled(tasks), budget]);
      clearTimeout(timer);
      return report;
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight.values()]);
    },
  };
}
