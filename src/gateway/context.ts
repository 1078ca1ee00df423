/** What every runtime step needs: folders, partners, the ledger, a logger, the clock and crash points. */
import type { Ledger } from '../ledger/ledger.js';
import type { ResolvedFolders } from './config.js';
import type { Logger } from './logger.js';
import type { GatewayPartnerProfile } from './partners.js';
import type { Transport } from './sftp.js';
import type { WebhookTarget } from './outputs.js';
import type { PartnerLeadership } from '../ledger/partner-leadership.js';
import type { WorkLeases } from '../ledger/work-leases.js';

export interface RuntimeContext {
  folders: ResolvedFolders;
  partners: Map<string, GatewayPartnerProfile>;
  defaultPartner: string;
  ledger: Ledger;
  log: Logger;
  now: () => Date;
  crash: (point: string) => void;
  transport: (partner: GatewayPartnerProfile, hook?: (point: string) => void | Promise<void>) => Transport;
  webhook?: WebhookTarget;
  /** Called (not awaited) after an 835 posted something new: the denial learner runs soon after (denial-learning.ts). */
  onRemittancePosted?: () => void;
  /** Which partners this instance may talk to now (several instances on one PostgreSQL; always all on SQLite). */
  leadership?: PartnerLeadership;
  /** Leases on work items outside the ledger's rows (a batch in outbox/.working/); always held on SQLite. */
  leases?: WorkLeases;
}

export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
