/**
 * The `alerts` section of the gateway config (docs/alerts.md): the timely-filing watch, where alerts are
 * pushed, and how deliveries are retried. Secrets (the webhook key, the SMTP password) are references to
 * an environment variable or a file, never values.
 */
import { z } from 'zod';
import { SecretRef } from '../partners.js';

/**
 * Days from the date of service a payer accepts a claim in, by claim filing indicator (SBR09) when the
 * payer has no limit of its own in the config. Medicare: 12 months (42 CFR 424.44, Medicare Claims
 * Processing Manual ch. 1 §70); TRICARE (CH): one year (TRICARE Operations Manual). Everything else falls
 * to `defaultDays` (90: the shortest window common among commercial payers and state Medicaid plans).
 */
export const DEFAULT_DAYS_BY_FILING_INDICATOR: Readonly<Record<string, number>> = { MA: 365, MB: 365, CH: 365 };

const Days = z.number().int().min(1).max(3650);

export const TimelyFilingSettingsSchema = z.object({
  /** Watch for claims near or past their payer's timely-filing limit. */
  enabled: z.boolean().default(true),
  /** Limit for a payer named nowhere else (days from the date of service). */
  defaultDays: Days.default(90),
  /** Limits by claim filing indicator (SBR09); merged over DEFAULT_DAYS_BY_FILING_INDICATOR. */
  byFilingIndicator: z.record(z.string().regex(/^[A-Z0-9]{1,2}$/), Days).default({}),
  /** Limits per payer id (the claim's payer id, 2010BB NM109): wins over everything else. */
  payers: z.record(z.string().min(1).max(80), Days).default({}),
  /** An alert `timely-filing-approaching` this many days before the limit; `timely-filing-passed` after it. */
  warningDays: z.number().int().min(0).max(365).default(30),
  /** How often the watch looks at the ledger (it also looks once when the gateway starts). */
  scanIntervalMs: z.number().int().min(1000).default(60_000),
});
export type TimelyFilingSettings = z.infer<typeof TimelyFilingSettingsSchema>;

export const AlertWebhookSchema = z.object({
  url: z.string().url(),
  /** HMAC-SHA256 key for the X-X12GW-Signature header. */
  secret: SecretRef,
  timeoutMs: z.number().int().positive().default(10_000),
});

export const SmtpSettingsSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** Envelope and header sender, e.g. "x12gw@clinic.example". */
  from: z.string().email(),
  to: z.array(z.string().email()).min(1),
  /** Upgrade the connection with STARTTLS before AUTH and MAIL (required when auth is set, unless the server is on loopback). */
  starttls: z.boolean().default(true),
  /** PEM file of the CA that signed the server's certificate (relative to the config file), when not a public one. */
  caFile: z.string().optional(),
  /** AUTH PLAIN credentials; the password by reference. */
  auth: z.object({ user: z.string().min(1), password: SecretRef }).optional(),
  /** The name we give in EHLO. */
  heloName: z.string().regex(/^[A-Za-z0-9.-]+$/).default('x12gw.localdomain'),
  timeoutMs: z.number().int().positive().default(30_000),
});
export type SmtpSettings = z.infer<typeof SmtpSettingsSchema>;

export const AlertsConfigSchema = z.object({
  timelyFiling: TimelyFilingSettingsSchema.prefault({}),
  /** Where alert webhooks go; default: the top-level `webhook` (results and alerts on one endpoint). */
  webhook: AlertWebhookSchema.optional(),
  /** E-mail for alerts (optional): no PHI, only the claim id, payer, due date and a link. */
  email: SmtpSettingsSchema.optional(),
  /** Base of the links in e-mails and webhooks (the workbench's address), e.g. "https://billing.clinic.example". */
  linkBaseUrl: z.string().url().optional(),
  delivery: z
    .object({
      /** First wait after a failed attempt (doubles each time); default: the top-level webhook's baseDelayMs, else 1000. */
      baseDelayMs: z.number().int().nonnegative().optional(),
      /** Longest wait between two attempts of a delivery (the wait doubles from the webhook's baseDelayMs up to this). */
      maxDelayMs: z.number().int().positive().default(3_600_000),
      /** Deliveries sent per cycle at most. */
      batch: z.number().int().min(1).max(1000).default(50),
    })
    .prefault({}),
});
export type AlertsConfig = z.infer<typeof AlertsConfigSchema>;

/** Days from the date of service for a claim's payer: payer id, then filing indicator, then the default. */
export function timelyFilingDays(settings: TimelyFilingSettings, payerId: string, filingIndicator: string | null): number {
  const byPayer = settings.payers[payerId];
  if (byPayer) return byPayer;
  const indicator = filingIndicator?.trim().toUpperCase();
  if (indicator) {
    const own = settings.byFilingIndicator[indicator] ?? DEFAULT_DAYS_BY_FILING_INDICATOR[indicator];
    if (own) return own;
  }
  return settings.defaultDays;
}
