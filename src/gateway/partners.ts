/**
 * Partner profiles (config/partners/<id>.json): the claims engine's part (ISA/GS ids, submitter,
 * receiver, limits — src/claims/partner.ts) extended with what the runtime needs to reach the partner:
 * SFTP host, pinned host key, where the secret is, remote folders, file naming, acks expected, polling.
 * Secrets are never in the profile: only the name of an environment variable or a file that holds them.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PartnerProfile } from '../claims/partner.js';

export const SecretRef = z
  .object({
    /** Name of an environment variable holding the secret. */
    env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
    /** Path of a file holding the secret (relative to the config file's folder). */
    file: z.string().optional(),
  })
  .refine((s) => !!s.env !== !!s.file, 'name exactly one of env or file');
export type SecretRef = z.infer<typeof SecretRef>;

export const SftpSettings = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(22),
  username: z.string().min(1),
  /** Private key (OpenSSH/PEM) by reference; or a password by reference. */
  privateKey: SecretRef.optional(),
  passphrase: SecretRef.optional(),
  password: SecretRef.optional(),
  /** Pinned host key fingerprints ("SHA256:..." as `ssh-keygen -l` prints them); several during a key rotation. */
  hostKeyFingerprints: z.array(z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/)).min(1),
  /** Remote folder we upload 837s into, and the folder the partner leaves responses in. */
  inboundDir: z.string().default('inbound'),
  outboundDir: z.string().default('outbound'),
  /** temp-rename: write under a temporary name, then rename (the partner never sees half a file). */
  uploadMode: z.enum(['temp-rename', 'direct']).default('temp-rename'),
  tempSuffix: z.string().default('.part'),
  /** What to do with a response once our copy is durable and recorded. */
  afterDownload: z.enum(['delete', 'move']).default('delete'),
  /** Remote folder for `move`. */
  archiveDir: z.string().default('archive'),
  readyTimeoutMs: z.number().int().positive().default(15_000),
  operationTimeoutMs: z.number().int().positive().default(60_000),
  keepaliveIntervalMs: z.number().int().nonnegative().default(10_000),
  keepaliveCountMax: z.number().int().positive().default(3),
  retry: z
    .object({
      attempts: z.number().int().min(1).default(5),
      baseDelayMs: z.number().int().nonnegative().default(500),
      maxDelayMs: z.number().int().positive().default(30_000),
    })
    .default({ attempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 }),
  /** Uploads in flight at once for this partner. */
  maxConcurrentUploads: z.number().int().min(1).max(16).default(2),
  /** Polls in a row a response may fail to download (empty, truncated, unreadable) before it is quarantined. */
  maxDownloadAttempts: z.number().int().min(1).max(100).default(5),
});
export type SftpSettings = z.infer<typeof SftpSettings>;

export const ResponseKind = z.enum(['TA1', '999', '277CA', '277', '835']);

export const GatewayPartnerProfile = PartnerProfile.extend({
  sftp: SftpSettings,
  files: z
    .object({
      /** Outbound file name; {partner} {isa13} {kind} {date} {time} are filled in. */
      outboundName: z.string().default('{partner}-{isa13}.{kind}'),
      /** Files bigger than this are split (in claims, by limits.maxClaimsPerFile). */
      maxFileBytes: z.number().int().positive().default(100 * 1024 * 1024),
    })
    .default({ outboundName: '{partner}-{isa13}.{kind}', maxFileBytes: 100 * 1024 * 1024 }),
  /** Responses the partner sends (informational; all kinds are processed when they arrive). */
  acksExpected: z.array(ResponseKind).default(['999', '277CA', '835']),
  pollIntervalMs: z.number().int().positive().default(60_000),
  /** Payer ids (2010BB NM109) routed to this partner; empty = every payer. */
  payers: z.array(z.string()).default([]),
  /**
   * What happens to the next payer's claim built when an 835 posts for a claim with further coverage
   * (docs/secondary-claims.md): `send` queues it like any claim; `hold` puts it on the worklist for review.
   */
  secondaryClaims: z.enum(['send', 'hold']).default('send'),
});
export type GatewayPartnerProfile = z.infer<typeof GatewayPartnerProfile>;
export type GatewayPartnerProfileInput = z.input<typeof GatewayPartnerProfile>;

/** Reads a secret by reference; the value is never logged or stored. */
export function readSecret(ref: SecretRef | undefined, baseDir = '.', env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!ref) return undefined;
  if (ref.env) {
    const v = env[ref.env];
    if (v === undefined || v === '') throw new Error(`secret environment variable ${ref.env} is not set`);
    return v;
  }
  const path = ref.file!.startsWith('/') ? ref.file! : `${baseDir}/${ref.file}`;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`secret file ${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function outboundFileName(profile: Pick<GatewayPartnerProfile, 'id' | 'files'>, v: { isa13: number; kind: string; date: string; time: string }): string {
  return profile.files.outboundName
    .replace(/\{partner\}/g, profile.id)
    .replace(/\{isa13\}/g, String(v.isa13).padStart(9, '0'))
    .replace(/\{kind\}/g, v.kind.toLowerCase())
    .replace(/\{date\}/g, v.date)
    .replace(/\{time\}/g, v.time);
}
