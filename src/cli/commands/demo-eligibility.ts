/**
 * The demo's eligibility part (issue 14): samples/demo/eligibility/*.json dropped into the gateway's
 * eligibility/ folder, so the demo sends 270s and posts the simulated payer's 271s (active, a dependent,
 * an inactive member, an unknown member); `--once --json` counts the answered checks as `eligibilityChecks`.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Ledger } from '../../ledger/ledger.js';

/** Copies the demo appointments into the drop folder (temp name, then rename: never taken half-written); returns how many appointments. */
export function dropDemoAppointments(root: string, eligibilityFolder: string): number {
  const dir = join(root, 'samples', 'demo', 'eligibility');
  if (!existsSync(dir)) return 0;
  mkdirSync(eligibilityFolder, { recursive: true });
  let appointments = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    appointments += (JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown[]).length;
    copyFileSync(join(dir, name), join(eligibilityFolder, `.${name}.tmp`));
    renameSync(join(eligibilityFolder, `.${name}.tmp`), join(eligibilityFolder, name));
  }
  return appointments;
}

/** Checks the payer answered (coverage or an AAA rejection). */
export async function answeredEligibilityChecks(ledger: Ledger): Promise<number> {
  return (await ledger.eligibilityChecks()).filter((c) => c.state === 'answered' || c.state === 'rejected').length;
}

/** Waits (kicking the gateway) until `expected` checks are recorded and none waits for its 271, or the deadline passes. */
export async function waitForEligibility(ledger: Ledger, expected: number, kick: () => void, deadline: number): Promise<void> {
  for (;;) {
    const checks = await ledger.eligibilityChecks();
    if ((checks.length >= expected && checks.every((c) => c.state === 'answered' || c.state === 'rejected')) || Date.now() > deadline) return;
    kick();
    await new Promise((r) => setTimeout(r, 250));
  }
}
