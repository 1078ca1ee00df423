/**
 * Property tests for visits (issue 11): random sequences of events for one visit — original, 999/277CA,
 * payment, reversal, replacement, void, patient payment — netted by the pure rules and, end to end,
 * through the ledger. A model keeps the one payment the payer leaves standing (a reversal takes it back,
 * a correction after it is the new truth); the netted figures must equal it to the cent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { createLedger, openLedgerDb, sha256, type ClaimState } from '../../src/ledger/index.js';
import { netVisit, type VisitClaimFacts, type VisitPostingFacts } from '../../src/ledger/visit-netting.js';
import { visitFigures } from '../../src/ledger/visits.js';
import { createWorkbenchQueries } from '../../src/ledger/workbench-queries.js';
import { fakeBuild } from '../unit/ledger/fixtures.js';

const money = (cents: number) => new Decimal(cents).div(100).toFixed(2);

type Event =
  | { kind: 'ack'; accepted: boolean }
  | { kind: 'pay'; paid: number; contract: number; patient: number }
  | { kind: 'reverse' }
  | { kind: 'replace'; charge: number }
  | { kind: 'void' }
  | { kind: 'patient-payment'; amount: number };

const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ kind: fc.constant('ack' as const), accepted: fc.boolean() }),
  fc.record({ kind: fc.constant('pay' as const), paid: fc.integer({ min: 0, max: 20_000 }), contract: fc.integer({ min: 0, max: 5_000 }), patient: fc.integer({ min: 0, max: 5_000 }) }),
  fc.record({ kind: fc.constant('reverse' as const) }),
  fc.record({ kind: fc.constant('replace' as const), charge: fc.integer({ min: 100, max: 40_000 }) }),
  fc.record({ kind: fc.constant('void' as const) }),
  fc.record({ kind: fc.constant('patient-payment' as const), amount: fc.integer({ min: 1, max: 6_000 }) }),
);

/** What the payer and the practice did, as the model sees it. */
interface Model {
  claims: Array<VisitClaimFacts & { payerClaimNumber?: string }>;
  postings: VisitPostingFacts[];
  /** The payment left standing (cents), if any. */
  standing?: { claimId: string; paid: number; contract: number; patient: number };
  patientPayments: number[];
  voided: boolean;
}

const IN_FLIGHT: ClaimState[] = ['uploaded', 'ack-accepted'];

/** Applies an event to the model when it makes sense in the visit's state; returns what to do in the ledger. */
function apply(m: Model, e: Event, nextId: () => string): Event | undefined {
  const current = m.claims[m.claims.length - 1];
  const rev = (s: NonNullable<Model['standing']>) =>
    m.postings.push({ claimId: s.claimId, statusCode: '22', paid: money(-s.paid), patientResponsibility: money(-s.patient), otherAdjustments: money(-s.contract) });
  switch (e.kind) {
    case 'ack':
      if (current.state !== 'uploaded' || current.frequency === '8') return undefined;
      current.state = e.accepted ? 'ack-accepted' : 'ack-rejected';
      return e;
    case 'pay':
      if (!IN_FLIGHT.includes(current.state) || current.frequency === '8' || (e.paid === 0 && e.patient === 0)) return undefined;
      current.state = 'paid';
      m.postings.push({ claimId: current.id, statusCode: '1', paid: money(e.paid), patientResponsibility: money(e.patient), otherAdjustments: money(e.contract) });
      m.standing = { claimId: current.id, paid: e.paid, contract: e.contract, patient: e.patient };
      return e;
    case 'reverse':
      if (!m.standing || m.standing.claimId !== current.id) return undefined;
      rev(m.standing);
      current.state = 'reversed';
      m.standing = undefined;
      return e;
    case 'replace':
    case 'void': {
      if (m.voided || !['paid', 'reversed'].includes(current.state)) return undefined;
      // The payer answers a replacement or a void with a reversal of the standing payment first.
      if (m.standing) {
        rev(m.standing);
        const payee = m.claims.find((c) => c.id === m.standing!.claimId)!;
        payee.state = 'reversed';
        m.standing = undefined;
      }
      m.claims.push({ id: nextId(), frequency: e.kind === 'void' ? '8' : '7', state: 'uploaded', charge: e.kind === 'void' ? current.charge : money(e.charge) });
      if (e.kind === 'void') m.voided = true;
      return e;
    }
    case 'patient-payment':
      m.patientPayments.push(e.amount);
      return e;
  }
}

describe('visit netting (pure)', () => {
  it('balance = charges − insurance paid − adjustments − patient payments; the standing payment is the insurance paid; a void is never paid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 40_000 }), fc.array(event, { maxLength: 25 }), (charge, events) => {
        let n = 0;
        const m: Model = { claims: [{ id: 'C0', frequency: '1', state: 'uploaded', charge: money(charge) }], postings: [], patientPayments: [], voided: false };
        for (const e of events) {
          apply(m, e, () => `C${++n}`);
          const v = netVisit({ claims: m.claims, postings: m.postings, patientPayments: m.patientPayments.map((a) => ({ amount: money(a) })) });
          const paidCents = m.patientPayments.reduce((s, a) => s + a, 0);
          const chargeCents = m.voided ? 0 : Math.round(Number(m.claims.filter((c) => !['ack-rejected'].includes(c.state)).at(-1)?.charge ?? m.claims.at(-1)!.charge) * 100);
          expect(v.insurancePaid).toBe(money(m.standing?.paid ?? 0));
          expect(v.adjustments).toBe(money(m.standing?.contract ?? 0));
          expect(v.charges).toBe(money(chargeCents));
          expect(v.balance).toBe(money(chargeCents - (m.standing?.paid ?? 0) - (m.standing?.contract ?? 0) - paidCents));
          expect(new Decimal(v.balance).eq(new Decimal(v.charges).minus(v.insurancePaid).minus(v.adjustments).minus(v.patientPaid))).toBe(true);
          if (m.voided) {
            expect(v.state).toBe('voided');
            expect(v.patientDue).toBe('0.00');
          }
          expect(v.state === 'paid' && m.voided).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('visit netting through the ledger', () => {
  it('each visit nets to its standing payment; the dashboard and patient balances equal the sum over visits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 100, max: 40_000 }), fc.array(event, { maxLength: 12 })), { minLength: 1, maxLength: 4 }), async (visits) => {
        const dir = mkdtempSync(join(tmpdir(), 'visits-prop-'));
        const handle = await openLedgerDb({ dataDir: dir });
        try {
          const ledger = createLedger(handle.db);
          let files = 0;
          const file = async (kind: string) => (await ledger.recordFile({ direction: 'in', partnerId: 'demo', name: `f${++files}`, sha256: sha256(`f${files}`), size: 1, kind })).file.id;
          const send = async (pcn: string, charge: string, data: Record<string, unknown>) => {
            const name = `b${++files}`;
            const { claimIds } = await ledger.recordBatch({ name, sha256: sha256(name), size: 1, claims: [{ index: 0, partnerId: 'demo', payerId: 'P1', claimType: '837P', patientControlNumber: pcn, totalCharge: charge, serviceDate: '2024-03-01', lines: [], data: { synthetic: true, patient: { name: { last: pcn } }, ...data } }] });
            const g = await ledger.generateInterchange({ partnerId: 'demo', chunkKey: name, claimIds, build: fakeBuild(claimIds) });
            await ledger.markUploaded(g.fileId, `r/${g.fileName}`);
            return { id: claimIds[0], group: g.groupControl };
          };
          const remit = async (pcn: string, status: string, paid: string, patient: string, contract: string, payerClaimNumber: string) =>
            ledger.postRemittance(await file('835'), 'demo', {
              payerKey: 'PAYER',
              traceNumber: `T${files}`,
              paymentAmount: paid,
              paymentMethod: 'ACH',
              claims: [{ patientControlNumber: pcn, statusCode: status, billed: '0', paid, patientResponsibility: patient, payerClaimNumber, adjustments: [{ group: 'CO', reason: '45', amount: contract }, { group: 'PR', reason: '3', amount: patient }], lines: [] }],
              providerAdjustments: [],
            });
          const expected: Array<{ first: string; paid: number; due: number; voided: boolean }> = [];
          for (const [k, [charge, events]] of visits.entries()) {
            const pcn = `V${k}`;
            const first = await send(pcn, money(charge), { frequency: '1' });
            const groups = new Map([[first.id, first.group]]);
            const m: Model = { claims: [{ id: first.id, frequency: '1', state: 'uploaded', charge: money(charge) }], postings: [], patientPayments: [], voided: false };
            let pending: { id: string; group: number } | undefined;
            for (const e of events) {
              if (e.kind === 'patient-payment') continue; // patient accounts feed this after merge (accounts branch)
              const before = m.standing;
              const current = m.claims[m.claims.length - 1];
              const done = apply(m, e, () => 'NEW');
              if (!done) continue;
              if (e.kind === 'ack') {
                await ledger.post999(await file('999'), 'demo', { groups: [{ groupControl: String(groups.get(current.id)), status: e.accepted ? 'A' : 'R', transactions: [{ controlNumber: '0001', status: e.accepted ? 'A' : 'R' }] }] });
              } else if (e.kind === 'pay') {
                await remit(pcn, '1', money(e.paid), money(e.patient), money(e.contract), `PCN-${current.id}`);
              } else if (e.kind === 'reverse' || ((e.kind === 'replace' || e.kind === 'void') && before)) {
                await remit(pcn, '22', money(-before!.paid), money(-before!.patient), money(-before!.contract), `PCN-${before!.claimId}`);
              }
              if (e.kind === 'replace' || e.kind === 'void') {
                const last = m.claims[m.claims.length - 1];
                const prior = m.claims[m.claims.length - 2];
                pending = await send(pcn, last.charge, { frequency: last.frequency, originalClaimNumber: `PCN-${prior.id}` });
                groups.set(pending.id, pending.group);
                last.id = pending.id;
              }
              const v = await visitFigures(handle.db, first.id);
              expect(v?.insurancePaid).toBe(money(m.standing?.paid ?? 0));
              if (m.voided) expect(v?.state).toBe('voided');
            }
            expected.push({ first: first.id, paid: m.standing?.paid ?? 0, due: m.voided ? 0 : (m.standing?.patient ?? 0), voided: m.voided });
          }
          const q = createWorkbenchQueries(handle.db);
          const sumOver = async (pick: (v: NonNullable<Awaited<ReturnType<typeof visitFigures>>>) => string) => {
            let s = new Decimal(0);
            for (const e of expected) s = s.plus(pick((await visitFigures(handle.db, e.first))!));
            return s.toFixed(2);
          };
          const month = (await q.dashboard()).month;
          expect(month.paid).toBe(await sumOver((v) => v.insurancePaid));
          expect(month.billed).toBe(await sumOver((v) => v.charges));
          expect((await q.patientBalanceClaims({ limit: 1000, offset: 0 })).sum).toBe(await sumOver((v) => v.patientDue));
          expect((await q.patientBalanceClaims({ limit: 1000, offset: 0 })).sum).toBe(money(expected.reduce((s, e) => s + e.due, 0)));
          expect(await ledger.verify()).toEqual([]);
        } finally {
          await handle.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
