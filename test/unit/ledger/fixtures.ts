/** Synthetic claims and builders for ledger tests (no real people). */
import { Decimal } from 'decimal.js';
import type { HistoryClaim } from '../../../src/denials/synthetic-history.js';
import { sha256, type IntakeClaim, type InterchangeBuild, type Ledger, type ReservedNumbers } from '../../../src/ledger/index.js';

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

/** Sends the history's claims through the ledger and posts one 835 per remittance id. */
export async function postHistory(ledger: Ledger, history: HistoryClaim[], name: string): Promise<void> {
  const charge = '100.00';
  const intake: IntakeClaim[] = history.map((c, index) => ({
    index,
    partnerId: 'demo',
    payerId: c.payerId,
    claimType: '837P',
    patientControlNumber: c.claimId,
    totalCharge: (100 * c.lines.length).toFixed(2),
    serviceDate: c.date,
    lines: c.lines.map((l, i) => ({ lineNumber: i + 1, procedureCode: l.procedureCode, charge, units: '1', lineControl: `${c.claimId}-${i + 1}` })),
    data: { payer: { id: c.payerId }, diagnoses: c.diagnoses, ...(c.priorAuthorization ? { priorAuthorization: 'AUTH' } : {}), lines: c.lines.map((l, i) => ({ procedureCode: l.procedureCode, modifiers: l.modifiers, lineControlNumber: `${c.claimId}-${i + 1}` })) },
  }));
  const { claimIds } = await ledger.recordBatch({ name, sha256: sha256(name), size: 1, claims: intake });
  const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: name, claimIds, build: fakeBuild(claimIds) });
  await ledger.markUploaded(g.fileId, `remote/${g.fileName}`);
  const byRemittance = new Map<string, HistoryClaim[]>();
  for (const c of history) byRemittance.set(c.remittanceId, [...(byRemittance.get(c.remittanceId) ?? []), c]);
  for (const [trace, claims] of byRemittance) {
    const posted = claims.map((c) => {
      const lines = c.lines.map((l, i) => ({ lineNumber: i + 1, lineControl: `${c.claimId}-${i + 1}`, procedureCode: l.procedureCode, charge, paid: l.denied ? '0' : '80.00', adjustments: [{ group: 'CO', reason: l.denied ? l.carcs[0] : '45', amount: l.denied ? charge : '20.00' }] }));
      const paid = lines.reduce((n, l) => n.plus(l.paid), new Decimal(0)).toFixed(2);
      return { patientControlNumber: c.claimId, statusCode: c.lines.every((l) => l.denied) ? '4' : '1', billed: (100 * c.lines.length).toFixed(2), paid, patientResponsibility: '0', adjustments: [], lines };
    });
    const f = await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: `${trace}.835`, sha256: sha256(trace), size: 1, kind: '835' });
    await ledger.postRemittance(f.file.id, 'demo', { payerKey: 'P', traceNumber: trace, paymentAmount: posted.reduce((n, c) => n.plus(c.paid), new Decimal(0)).toFixed(2), paymentMethod: 'ACH', paymentDate: claims[0].date, claims: posted, providerAdjustments: [] });
  }
}
