/** The accounts and deposits pages with inject(): forms with CSRF, the grand total, credits, the statement, reconciliation. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/api/app.js';
import { accountsSettings } from '../../../src/accounts/settings.js';
import { guarantorIdFor } from '../../../src/ledger/patient-accounts.js';
import { createUserStore } from '../../../src/ledger/users.js';
import type { LedgerDb } from '../../../src/ledger/index.js';
import { form, signIn, type Session } from '../api/workbench-helpers.js';
import { fixtureLedger, JONES, SMITH } from './accounts-fixtures.js';

let handle: LedgerDb;
let server: Awaited<ReturnType<typeof buildServer>>;
let biller: Session;
let reader: Session;
const jones = guarantorIdFor(JONES.memberId, null, null);

beforeEach(async () => {
  const f = await fixtureLedger(
    [
      { id: 'L1', pcn: 'CLM-1', charge: '100.00', paid: '60.00', pr: '20.00', subscriber: SMITH },
      { id: 'L3', pcn: 'CLM-3', charge: '80.00', paid: '70.00', pr: '5.50', subscriber: JONES },
    ],
    [{ id: 'R1', trace: 'EFT777', amount: '1234.56', date: '2026-03-01' }, { id: 'R2', trace: 'EFT888', amount: '90.00', date: '2026-03-02' }],
  );
  handle = f.handle;
  server = await buildServer({ deps: { ledger: f.ledger, tokens: [], workbench: { now: () => new Date('2026-03-10T12:00:00Z'), accounts: accountsSettings({ practice: { name: 'Valley Clinic', address: ['1 Main St', 'Springfield, IL 62701'], phone: '217-555-0100' } } as never) } }, logger: false });
  const users = createUserStore(f.ledger.db);
  await users.createUser({ username: 'bill', password: 'correct horse battery', role: 'biller' });
  await users.createUser({ username: 'rita', password: 'correct horse battery', role: 'read-only' });
  biller = await signIn(server, 'bill', 'correct horse battery');
  reader = await signIn(server, 'rita', 'correct horse battery');
});
afterEach(async () => {
  await server.close();
  await handle.close();
});

const grandTotal = (body: string) => /data-grand-total>([^<]+)</.exec(body)?.[1];

describe('accounts pages', () => {
  it('records a payment larger than the balance as a flagged credit; the grand total moves; a refund clears it', async () => {
    const list = await server.inject({ url: '/accounts', headers: { cookie: biller.cookie } });
    expect(list.statusCode).toBe(200);
    expect(grandTotal(list.body)).toBe('25.50');
    const paged = await server.inject({ url: '/accounts?limit=1', headers: { cookie: biller.cookie } });
    expect(paged.body.match(/<tr data-guarantor=/g)).toHaveLength(1);
    expect(paged.body).toMatch(/Showing 1–1 of 2/);
    expect(grandTotal(paged.body)).toBe('25.50');
    const coll = await server.inject({ url: '/accounts?view=collections', headers: { cookie: biller.cookie } });
    expect(coll.body).toContain('Total to hand off (0 accounts');
    expect(grandTotal(coll.body)).toBe('0.00');
    const pay = await server.inject({ method: 'POST', url: `/accounts/${jones}/payment`, ...form({ _csrf: await biller.csrf(), amount: '10.00', method: 'cash', date: '2026-03-10' }, { cookie: biller.cookie }) });
    expect(pay.statusCode).toBe(303);
    const acct = await server.inject({ url: pay.headers.location as string, headers: { cookie: biller.cookie } });
    expect(acct.body).toContain('in credit');
    expect(/data-account-balance>([^<]+)</.exec(acct.body)?.[1]).toBe('−4.50');
    const after = await server.inject({ url: '/accounts', headers: { cookie: biller.cookie } });
    expect(grandTotal(after.body)).toBe('15.50');
    expect(after.body).toMatch(/data-guarantor="[^"]+"[\s\S]*data-credit>credit 4.50/);
    const refund = await server.inject({ method: 'POST', url: `/accounts/${jones}/refund`, ...form({ _csrf: await biller.csrf(), amount: '4.50', method: 'check' }, { cookie: biller.cookie }) });
    expect(refund.statusCode).toBe(303);
    expect(grandTotal((await server.inject({ url: '/accounts', headers: { cookie: biller.cookie } })).body)).toBe('20.00');
    const csv = (await server.inject({ url: '/accounts.csv', headers: { cookie: biller.cookie } })).body;
    expect(csv.trim().split('\r\n').at(-1)).toMatch(/^TOTAL,.*,20\.00,0\.00,/);
  });

  it('refuses forms without the CSRF token and from a read-only user', async () => {
    expect((await server.inject({ method: 'POST', url: `/accounts/${jones}/payment`, ...form({ amount: '1.00', method: 'cash' }, { cookie: biller.cookie }) })).statusCode).toBe(403);
    expect((await server.inject({ method: 'POST', url: `/accounts/${jones}/payment`, ...form({ _csrf: await reader.csrf(), amount: '1.00', method: 'cash' }, { cookie: reader.cookie }) })).statusCode).toBe(403);
    expect((await server.inject({ url: `/accounts/${jones}` })).statusCode).toBe(302);
  });

  it('prints a statement with insurance adjustments, amount due, due date, remit-to stub and practice phone', async () => {
    const st = await server.inject({ url: `/accounts/${guarantorIdFor(SMITH.memberId, null, null)}/statement`, headers: { cookie: biller.cookie } });
    expect(st.statusCode).toBe(200);
    expect(st.body).toContain('Insurance adjustments');
    expect(/data-amount-due>([^<]+)</.exec(st.body)?.[1]).toBe('20.00');
    expect(/data-due-date>([^<]+)</.exec(st.body)?.[1]).toBe('2026-04-09');
    expect(st.body).toContain('Remit to');
    expect(st.body).toContain('Valley Clinic');
    expect(/data-practice-phone>([^<]+)</.exec(st.body)?.[1]).toBe('217-555-0100');
  });
});

describe('deposits page', () => {
  it('imports a pasted CSV and shows matched, unmatched and the difference; an unknown layout is named', async () => {
    const bad = await server.inject({ method: 'POST', url: '/deposits/import', ...form({ _csrf: await biller.csrf(), content: 'Posted,Value\n2026-03-02,1.00\n' }, { cookie: biller.cookie }) });
    const badPage = await server.inject({ url: bad.headers.location as string, headers: { cookie: biller.cookie } });
    expect(badPage.body).toContain('expected the columns date, amount, reference');
    expect(badPage.body).toContain('found &quot;Posted&quot;, &quot;Value&quot;');
    const ok = await server.inject({ method: 'POST', url: '/deposits/import', ...form({ _csrf: await biller.csrf(), content: 'date,amount,reference\n2026-03-02,1234.50,EFT777\n2026-03-09,5.00,\n' }, { cookie: biller.cookie }) });
    const page = await server.inject({ url: ok.headers.location as string, headers: { cookie: biller.cookie } });
    expect(page.body).toContain('Imported 2 deposit(s)');
    expect(/data-count="matched">(\d+)</.exec(page.body)?.[1]).toBe('1');
    expect(/data-total="difference">([^<]+)</.exec(page.body)?.[1]).toBe('−0.06');
    expect(page.body).toMatch(/data-count="unmatched-eras">1 · 90.00/);
    expect(page.body).toMatch(/data-count="unmatched-deposits">1 · 5.00/);
  });
});

describe('the claim-based statement (/balances/statement)', () => {
  it('links to the guarantor’s account statement and names the practice phone', async () => {
    const st = await server.inject({ url: '/balances/statement?claim=L3', headers: { cookie: biller.cookie } });
    expect(st.statusCode).toBe(200);
    expect(st.body).toContain(`href="/accounts/${jones}/statement"`);
    expect(st.body).toContain('Questions: call 217-555-0100.');
  });
});
