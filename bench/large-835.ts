/**
 * A large 835 (and 277CA) made by the simulated clearinghouse's own writer (src/simulator/responses.ts `write835`,
 * claims adjudicated by src/simulator/adjudicate.ts): one interchange of `perRemittance` claim payments
 * after another, each with its own trace number, streamed to disk (flat memory), plus the claims the
 * ledger must hold for the payments to match. Synthetic data only.
 */
import { createWriteStream, renameSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { adjudicate } from '../src/simulator/adjudicate.js';
import type { ReceivedClaim } from '../src/simulator/received-claims.js';
import { write277CA, write835 } from '../src/simulator/responses.js';
import type { Ledger } from '../src/ledger/index.js';

export const pcnOf = (i: number) => `BIG${String(i).padStart(8, '0')}`;

function received(i: number): ReceivedClaim {
  const lines = i % 3 === 0 ? 2 : 1;
  return {
    patientControlNumber: pcnOf(i),
    charge: String(125 * lines),
    memberId: `M${String(i).padStart(9, '0')}`,
    patientLast: 'SYNTHETIC',
    patientFirst: 'PAT',
    billingNpi: '1234567893',
    billingName: 'SYNTHETIC CLINIC',
    payerId: 'SIMPAYER',
    serviceDate: '20260105',
    lines: Array.from({ length: lines }, (_, k) => ({ lineNumber: k + 1, procedure: k ? '85025' : '99213', qualifier: 'HC', charge: '125', units: '1', lineControl: `${pcnOf(i)}-${k + 1}`, serviceDate: '20260105' })),
    transaction: '0001',
    frequency: '1',
  };
}

/** Writes at least `bytes` of 835 (whole interchanges of `perRemittance` claims) to `path` via a temporary name; returns the claim count. */
export async function writeLarge835(path: string, bytes: number, perRemittance = 5000): Promise<{ claims: number; remittances: number; bytes: number }> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp`);
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  let written = 0;
  let n = 0;
  let r = 0;
  while (written < bytes) {
    r++;
    const claims = [];
    for (let k = 0; k < perRemittance; k++) claims.push(adjudicate(received(n++)));
    const text = write835({
      envelope: { senderId: 'SIMCH', receiverId: 'PRACTICE01', senderCode: 'SIMCH', receiverCode: 'PRACTICE01', interchangeControl: r, groupControl: r, date: '20260201', time: '1200', usage: 'T' },
      payer: { name: 'SIMULATED PAYER', id: 'SIMPAYER' },
      payee: { name: 'SYNTHETIC CLINIC', npi: '1234567893' },
      traceNumber: `BIGTRACE${r}`,
      claims,
      providerAdjustments: [],
    });
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(tmp, path);
  return { claims: n, remittances: r, bytes: written };
}

/** The claims the 835 pays, recorded as sent and accepted by the clearinghouse (state ack-accepted), in bulk. */
export async function seedClaims(ledger: Ledger, partnerId: string, count: number): Promise<void> {
  const batch = await ledger.recordFile({ direction: 'intake', partnerId, name: 'seed-batch.json', sha256: `seed-${count}`, size: 0, kind: 'batch', localPath: '/dev/null' });
  const now = new Date().toISOString();
  await ledger.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i += 500) {
      const rows = [];
      for (let k = i; k < Math.min(count, i + 500); k++) {
        const rc = received(k);
        rows.push({ id: `SEED${k}`, batch_file_id: batch.file.id, batch_index: k, partner_id: partnerId, payer_id: 'SIMPAYER', claim_type: 'professional', patient_control_number: rc.patientControlNumber, total_charge: `${rc.charge}.00`, service_date: '2026-01-05', transaction_set_id: null, state: 'ack-accepted' as const, payer_claim_number: null, paid_amount: null, patient_responsibility: null, data: '{}', created_at: now, updated_at: now, patient_last: null, patient_first: null, member_id: null });
      }
      await trx.insertInto('claims').values(rows).execute();
    }
  });
}

/**
 * At least `bytes` of 277CA from the simulator's writer: interchanges of `perResponse` claims each, every
 * 7th claim rejected (A7:562:85); returns the counts.
 */
export async function writeLarge277CA(path: string, bytes: number, perResponse = 5000): Promise<{ claims: number; rejected: number; responses: number; bytes: number }> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp`);
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  let written = 0;
  let n = 0;
  let rejected = 0;
  let r = 0;
  while (written < bytes) {
    r++;
    const claims = [];
    for (let k = 0; k < perResponse; k++, n++) {
      const accepted = n % 7 !== 3;
      if (!accepted) rejected++;
      claims.push({ claim: received(n), accepted, reason: accepted ? undefined : { category: 'A7', status: '562', entity: '85' }, payerClaimNumber: accepted ? `CH${n}` : undefined });
    }
    const text = write277CA({
      envelope: { senderId: 'SIMCH', receiverId: 'PRACTICE01', senderCode: 'SIMCH', receiverCode: 'PRACTICE01', interchangeControl: r, groupControl: r, date: '20260110', time: '1200', usage: 'T' },
      submitter: { name: 'SYNTHETIC BILLING SERVICE', id: 'PRACTICE01' },
      reference: `BATCH${r}`,
      claims,
    });
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  renameSync(tmp, path);
  return { claims: n, rejected, responses: r, bytes: written };
}
