/**
 * The `accounts` section of the gateway config: the practice on statements (remit-to stub, phone), the
 * statement cycle and the collections hand-off, and the date window of deposit matching.
 *
 *   "accounts": {
 *     "practice": { "name": "Valley Clinic", "address": ["1 Main St", "Springfield, IL 62701"], "phone": "217-555-0100" },
 *     "statements": { "cycleDays": 30, "notices": 3, "collectionsAfterDays": 30, "dueDays": 30, "minimumBalance": "5.00" },
 *     "deposits": { "windowDays": 3 }
 *   }
 */
import { z } from 'zod';
import { DEFAULT_STATEMENT_POLICY, type StatementPolicy } from './patient-account.js';

export const AccountsConfigSchema = z.object({
  practice: z.object({ name: z.string().min(1).max(120), address: z.array(z.string().max(120)).max(4).default([]), phone: z.string().max(40).optional() }).optional(),
  statements: z
    .object({
      cycleDays: z.number().int().min(1).max(365).default(DEFAULT_STATEMENT_POLICY.cycleDays),
      notices: z.number().int().min(1).max(12).default(DEFAULT_STATEMENT_POLICY.notices),
      collectionsAfterDays: z.number().int().min(0).max(3650).default(DEFAULT_STATEMENT_POLICY.collectionsAfterDays),
      dueDays: z.number().int().min(0).max(365).default(DEFAULT_STATEMENT_POLICY.dueDays),
      minimumBalance: z.string().regex(/^\d+(\.\d{1,2})?$/).default(DEFAULT_STATEMENT_POLICY.minimumBalance),
    })
    .default(DEFAULT_STATEMENT_POLICY),
  deposits: z.object({ windowDays: z.number().int().min(0).max(60).default(3) }).default({ windowDays: 3 }),
});
export type AccountsConfig = z.infer<typeof AccountsConfigSchema>;

export interface AccountsSettings {
  practice?: { name: string; address: string[]; phone?: string };
  policy: StatementPolicy;
  windowDays: number;
}

export const accountsSettings = (c: AccountsConfig | undefined): AccountsSettings => {
  const parsed = AccountsConfigSchema.parse(c ?? {});
  return { practice: parsed.practice, policy: parsed.statements, windowDays: parsed.deposits.windowDays };
};
