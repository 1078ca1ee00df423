/**
 * The demo's second wave (issue 15 item 4): once the first batches are answered, the denial rules the
 * simulated payer SIMPAYER2 taught (demo-d.json: 97110 without GP is denied) are learned from the
 * postings and accepted as warnings by the demo biller, then samples/demo/after-learning/ is dropped: its
 * claims without GP get DENIAL-RULE warnings (outbox/archive/<batch>.warnings.json) and are still sent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropBatch } from '../../gateway/outbox-drop.js';
import type { Logger } from '../../gateway/logger.js';
import { decideDenialRule, learnAndStoreDenialRules, listDenialRules } from '../../ledger/denial-rules.js';
import type { Ledger } from '../../ledger/ledger.js';

export interface SecondWave {
  name: string;
  text: string;
  claims: number;
}

/** The batches of samples/demo/after-learning/ (none when the folder is absent). */
export function secondWaveBatches(root: string): SecondWave[] {
  const dir = join(root, 'samples', 'demo', 'after-learning');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, text, claims: (JSON.parse(text) as { claims?: unknown[] }).claims?.length ?? 0 };
    });
}

/** Learns from the postings, accepts the proposed rules as warnings (actor "demo"), drops the second wave. */
export async function teachAndSendSecondWave(ledger: Ledger, outbox: string, batches: readonly SecondWave[], log: Logger, now: () => Date): Promise<{ accepted: number }> {
  await learnAndStoreDenialRules(ledger.db, { now: now().toISOString() });
  let accepted = 0;
  for (const r of await listDenialRules(ledger.db)) {
    if (r.status !== 'proposed') continue;
    await decideDenialRule(ledger.db, r.id, { action: 'accept', severity: 'warning', by: 'demo', now: now().toISOString() });
    accepted++;
  }
  for (const b of batches) dropBatch(outbox, b.name, b.text);
  log.info({ event: 'demo.second-wave', rulesAccepted: accepted, files: batches.length }, 'demo: learned denial rules accepted; second batches dropped');
  return { accepted };
}

/** Claims warned by an accepted denial rule, from outbox/archive/*.warnings.json. */
export function denialWarningCount(archive: string): number {
  if (!existsSync(archive)) return 0;
  let n = 0;
  for (const name of readdirSync(archive).filter((x) => x.endsWith('.warnings.json'))) {
    try {
      const w = JSON.parse(readFileSync(join(archive, name), 'utf8')) as { warnedClaims?: Array<{ findings?: Array<{ code: string }> }> };
      n += (w.warnedClaims ?? []).filter((c) => (c.findings ?? []).some((f) => f.code === 'DENIAL-RULE')).length;
    } catch {
      // a file being written: counted next time
    }
  }
  return n;
}
