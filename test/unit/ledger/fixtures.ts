/** Synthetic claims and builders for ledger tests (no real people). */
import type { IntakeClaim, InterchangeBuild, ReservedNumbers } from '../../../src/ledger/index.js';

export function intakeClaims(n: number, opts: { partnerId?: string; rejectEvery?: number; prefix?: string } = {}): IntakeClaim[] {
  return Array.from({ length: n }, (_, i) => ({
    index: i,
    partnerId: opts.partnerId ?? 'demo',
    payerId: 'PAYER1',
    claimType: '837P',
    patientControlNumber: `${opts.prefix ?? 'PCN'}${String(i + 1).padStart(5, '0')}`,
    totalCharge: '150.00',
    serviceDate: '2024-03-01',
    lines: [
      { lineNumber: 1, procedureCode: '99213', charge: '100.00', units: '1', lineControl: `L${i}-1` },
      { lineNumber: 2, procedureCode: '85025', charge: '50.00', units: '1', lineControl: `L${i}-2` },
    ],
    data: { synthetic: true, i },
    rejected: opts.rejectEvery && i % opts.rejectEvery === 0 ? [{ code: 'SCRUB-NPI', message: 'billing provider NPI check digit is wrong' }] : undefined,
  }));
}

/** A stand-in 837 builder: text that names its control numbers, one transaction set per 2 claims. */
export function fakeBuild(claimIds: string[]) {
  return (n: ReservedNumbers): InterchangeBuild => {
    const transactions: InterchangeBuild['transactions'] = [];
    for (let i = 0; i < claimIds.length; i += 2) transactions.push({ controlNumber: String(transactions.length + 1).padStart(4, '0'), type: '837', claimIds: claimIds.slice(i, i + 2) });
    return {
      text: `ISA ${n.interchange} GS ${n.group} ${n.date}${n.time} ${claimIds.join(',')}`,
      fileName: `claims-${n.interchange}.837`,
      kind: '837P',
      functionalId: 'HC',
      version: '005010X222A1',
      transactions,
    };
  };
}
