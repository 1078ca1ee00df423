/**
 * The runtime's view of each partner's circuit breaker (src/gateway/partner-breaker.ts): upload and poll
 * report partner-wide transport failures here; the partner scheduler asks whether a partner may be
 * worked on. State changes are logged once each: `partner.suspended` (reason, kind, retry time, the
 * host key fingerprint presented when there is one) and `partner.resumed`.
 */
import type { Logger } from './logger.js';
import { admit, closedBreaker, DEFAULT_BREAKER, fail, release, succeed, type Breaker, type BreakerSettings } from './partner-breaker.js';
import { TransportError } from './sftp.js';

export interface PartnerHealth {
  settings: BreakerSettings;
  /** May this partner's work start now (closed, or the one half-open probe)? */
  admit(partnerId: string): boolean;
  /** Is the breaker open now (work in progress for this partner should stop)? */
  isOpen(partnerId: string): boolean;
  /** A partner-wide failure during `operation`. */
  failed(partnerId: string, operation: string, err: TransportError): void;
  /** The partner's work finished without a partner-wide failure. */
  succeeded(partnerId: string): void;
  /** The probe did not get to talk to the partner (nothing to do): stay open, probe again next time. */
  undecided(partnerId: string): void;
  state(partnerId: string): Readonly<Breaker>;
}

export function createPartnerHealth(options: { log: Logger; now: () => Date; settings?: Partial<BreakerSettings>; random?: () => number }): PartnerHealth {
  const settings = { ...DEFAULT_BREAKER, ...options.settings };
  const breakers = new Map<string, Breaker>();
  const of = (id: string) => {
    let b = breakers.get(id);
    if (!b) breakers.set(id, (b = closedBreaker()));
    return b;
  };
  const now = () => options.now().getTime();
  return {
    settings,
    admit: (id) => admit(of(id), now()),
    isOpen: (id) => of(id).state === 'open',
    failed(id, operation, err) {
      const b = of(id);
      const t = fail(b, now(), err.kind, { fixed: !err.retryable, settings, random: options.random });
      if (t?.to === 'open') {
        const fields = {
          event: 'partner.suspended',
          partner: id,
          operation,
          kind: err.kind,
          reason: err.message,
          failures: t.failures,
          retryAt: new Date(t.retryAt).toISOString(),
          hostKeyFingerprint: err.details.hostKeyFingerprint,
        };
        options.log.warn(fields, 'partner suspended: its work is skipped until the next probe');
      }
    },
    succeeded(id) {
      const b = of(id);
      const was = b.reason;
      if (succeed(b)?.to === 'closed') options.log.info({ event: 'partner.resumed', partner: id, after: was }, 'partner resumed');
    },
    undecided: (id) => release(of(id)),
    state: (id) => of(id),
  };
}
