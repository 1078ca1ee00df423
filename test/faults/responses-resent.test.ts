/**
 * Re-sent responses (issue 10 item 11), real gateway + simulator on loopback SFTP: the clearinghouse puts
 * an 835 it already delivered back in /outbound under a new trace number (TRN02), and later sends a TA1
 * rejection for an interchange the 999, 277CA and 835 already answered. Neither is posted: the 835 is
 * recognised by its content (same claims, same amounts) and both are flagged for a person; the paid
 * claims stay paid, to the cent, and the 837 stays acknowledged.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINAL_STATES } from '../../src/ledger/lifecycle.js';
import { syntheticBatch } from '../../src/simulator/synthetic-claims.js';
import { runUntil, startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
const outbound = () => join(h.dir, 'sim', 'sftp', 'outbound');

beforeAll(async () => {
  h = await startHarness();
  writeFileSync(join(h.gateway.context.folders.outbox, 'resent.json'), JSON.stringify(syntheticBatch({ batchId: 'RESENT', claims: 8 })));
  await runUntil(h, async () => {
    const claims = await h.ledger.listClaims();
    return claims.length === 8 && claims.every((c) => FINAL_STATES.includes(c.state)) && (await h.ledger.listRemittances()).length > 0;
  }, 60_000);
});
afterAll(async () => {
  await h?.close();
});

const moneyOf = async () => (await h.ledger.listClaims()).map((c) => [c.id, c.state, c.paid_amount, c.patient_responsibility].join(' '));
const filesIn = async (kind: string) => (await h.ledger.listFiles({ direction: 'in' })).filter((f) => f.kind === kind);

describe('re-sent responses', () => {
  it('an 835 re-sent under a new TRN02 with the same claim payments is flagged, not posted', async () => {
    const before = await moneyOf();
    const remittances = await h.ledger.listRemittances();
    const posted = (await filesIn('835')).find((f) => f.state === 'posted')!;
    const text = readFileSync(posted.local_path!, 'utf8');
    const original = remittances.find((r) => r.file_id === posted.id)!;
    const sep = text[3];
    const resent = text.replace(`TRN${sep}1${sep}${original.trace_number}${sep}`, `TRN${sep}1${sep}RESENT${original.trace_number}${sep}`);
    expect(resent).not.toBe(text);
    writeFileSync(join(outbound(), 'resent-payment.835'), resent);
    await runUntil(h, async () => (await h.ledger.listFiles({ direction: 'in' })).some((f) => f.name.includes('resent-payment') && f.state !== 'received'));
    expect(await h.ledger.listRemittances()).toHaveLength(remittances.length);
    const file = (await h.ledger.listFiles({ direction: 'in' })).find((f) => f.name.includes('resent-payment'))!;
    expect(file.state).toBe('duplicate');
    const flags = (await h.ledger.listUnmatched()).filter((u) => u.file_id === file.id);
    expect(flags.map((u) => u.reason)).toEqual([expect.stringMatching(/re-sent 835: the same claim payments as remittance .* under a new trace number; not posted, needs a person/)]);
    expect(await moneyOf()).toEqual(before);
  }, 60_000);

  it('a late TA1 rejection for an interchange already acknowledged and paid changes nothing and is flagged', async () => {
    const before = await moneyOf();
    const sent = (await h.ledger.outboundFiles()).find((f) => f.state === 'acknowledged')!;
    const ic = await h.ledger.db.selectFrom('interchanges').selectAll().where('file_id', '=', sent.id).executeTakeFirstOrThrow();
    const any999 = (await filesIn('999'))[0];
    const isa = readFileSync(any999.local_path!, 'utf8').slice(0, 106);
    const [e, t] = [isa[3], isa[105]];
    const fields = isa.slice(0, 105).split(e);
    fields[13] = '000000777';
    const ta1 = `${fields.join(e)}${t}TA1${e}${String(ic.control_number).padStart(9, '0')}${e}240310${e}1200${e}R${e}024${t}IEA${e}0${e}000000777${t}`;
    writeFileSync(join(outbound(), 'late-rejection.ta1'), ta1);
    await runUntil(h, async () => (await h.ledger.listFiles({ direction: 'in' })).some((f) => f.name.includes('late-rejection') && f.state !== 'received'));
    const file = (await h.ledger.listFiles({ direction: 'in' })).find((f) => f.name.includes('late-rejection'))!;
    expect(file.kind).toBe('TA1');
    expect(await moneyOf()).toEqual(before);
    expect((await h.ledger.getFile(sent.id))?.state).toBe('acknowledged');
    const flags = (await h.ledger.listUnmatched()).filter((u) => u.file_id === file.id);
    expect(flags.map((u) => u.reason)).toEqual([expect.stringMatching(/late TA1 rejection .* already acknowledged or answered; not applied, needs a person/)]);
    expect(await h.ledger.verify()).toEqual([]);
  }, 60_000);
});
