/**
 * The patient accounts page's search: guarantors whose last name starts with what was typed ("Last" or
 * "Last, First", any case), with the list's totals added up over the accounts found. Pure.
 */
import { Decimal } from 'decimal.js';
import type { AccountsList } from '../../ledger/patient-accounts.js';
import { html, type Html } from './layout.js';

export function searchAccounts(list: AccountsList, query: string | undefined): AccountsList {
  const q = query?.trim();
  if (!q) return list;
  const [last, first] = q.split(',').map((s) => s.trim().toUpperCase());
  const rows = list.rows.filter((r) => (r.guarantor.last ?? '').toUpperCase().startsWith(last ?? '') && (!first || (r.guarantor.first ?? '').toUpperCase().startsWith(first)));
  const sum = (k: 'balance' | 'due' | 'credit') => rows.reduce((s, r) => s.plus(r.summary[k]), new Decimal(0)).toFixed(2);
  return { rows, grandTotal: { balance: sum('balance'), due: sum('due'), credit: sum('credit') } };
}

export const patientSearchForm = (view: string, q: string | undefined): Html =>
  html`<form class="filters" method="get" action="/accounts" role="search" aria-label="Find a patient"><input type="hidden" name="view" value="${view}"><label for="acct-q">Patient (last, first) <input id="acct-q" name="q" value="${q ?? ''}" size="18"></label><button type="submit">Find</button>${q ? html` <a class="button secondary" href="/accounts?view=${view}">Clear</a>` : ''}</form>`;
