/**
 * The claim search's filters as they come from a query string (the Claims page and GET /v1/claims), read
 * into a ClaimSearch filter plus every problem found, each naming its filter in plain words. Nothing is
 * silently dropped: an invalid filter is an error (the page shows it next to the field, the API answers
 * 400 naming it), never "all claims". Pure: no I/O. Messages never repeat the value typed (it may be PHI,
 * and it may be 500 characters long).
 */
import { Decimal } from 'decimal.js';
import { isCalendarDate } from '../../claims/scrub/formats.js';
import { CLAIM_STATES, type ClaimState } from '../../ledger/lifecycle.js';
import type { ClaimSearch } from '../../ledger/workbench-queries.js';

/** The query parameters, by their name in the URL. */
export const CLAIM_SEARCH_PARAMS = ['state', 'payer', 'partner', 'provider', 'from', 'to', 'pcn', 'patient', 'memberId', 'dob', 'payerClaimNumber', 'amount', 'batch'] as const;
export type ClaimSearchParam = (typeof CLAIM_SEARCH_PARAMS)[number];

export const FILTER_LABELS: Record<ClaimSearchParam, string> = {
  state: 'State',
  payer: 'Payer',
  partner: 'Partner',
  provider: 'Provider NPI',
  from: 'Service from',
  to: 'Service to',
  pcn: 'Patient control no.',
  patient: 'Patient name',
  memberId: 'Member id',
  dob: 'Date of birth',
  payerClaimNumber: 'Payer claim no.',
  amount: 'Amount',
  batch: 'Batch file',
};

export interface FilterProblem {
  filter: ClaimSearchParam;
  message: string;
}

export type ClaimSearchFilter = Omit<ClaimSearch, 'limit' | 'offset'>;

/** The values as typed, kept to fill the form again (trimmed; each at most 100 characters). */
export type ClaimSearchValues = Partial<Record<Exclude<ClaimSearchParam, 'state'>, string>> & { state?: string[] };

const MAX_LENGTH: Record<Exclude<ClaimSearchParam, 'state'>, number> = {
  payer: 80,
  partner: 80,
  provider: 10,
  from: 10,
  to: 10,
  pcn: 38,
  patient: 100,
  memberId: 80,
  dob: 10,
  payerClaimNumber: 50,
  amount: 14,
  batch: 64,
};

const asList = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/**
 * Reads the filters of a query string. Blank values mean "no filter"; a parameter given twice (other
 * than state) takes its first value.
 */
export function readClaimSearch(query: Record<string, unknown>): { filter: ClaimSearchFilter; values: ClaimSearchValues; problems: FilterProblem[] } {
  const problems: FilterProblem[] = [];
  const values: ClaimSearchValues = {};
  const filter: ClaimSearchFilter = {};
  const problem = (filter: ClaimSearchParam, message: string) => problems.push({ filter, message: `${FILTER_LABELS[filter]}: ${message}` });

  const states = asList(query.state).map((s) => s.trim()).filter((s) => s !== '');
  values.state = states.map((s) => s.slice(0, 40));
  const known = states.filter((s): s is ClaimState => (CLAIM_STATES as readonly string[]).includes(s));
  if (known.length < states.length) problem('state', `${states.length - known.length === 1 ? 'one value is' : `${states.length - known.length} values are`} not a claim state; pick one from the list.`);
  if (known.length) filter.state = known;

  const text = (name: Exclude<ClaimSearchParam, 'state'>): string | undefined => {
    const v = asList(query[name])[0]?.trim();
    if (!v) return undefined;
    values[name] = v.slice(0, 100);
    if (v.length > MAX_LENGTH[name]) {
      problem(name, `too long (at most ${MAX_LENGTH[name]} characters).`);
      return undefined;
    }
    return v;
  };
  const date = (name: 'from' | 'to' | 'dob'): string | undefined => {
    const v = text(name);
    if (v === undefined) return undefined;
    if (!isCalendarDate(v)) {
      problem(name, /^\d{4}-\d{2}-\d{2}$/.test(v) ? 'that day does not exist in the calendar.' : 'write the date as YYYY-MM-DD.');
      return undefined;
    }
    return v;
  };

  const payer = text('payer');
  if (payer) filter.payerId = payer;
  const partner = text('partner');
  if (partner) filter.partnerId = partner;
  const provider = text('provider');
  if (provider !== undefined) {
    if (/^\d{10}$/.test(provider)) filter.provider = provider;
    else problem('provider', 'an NPI is 10 digits.');
  }
  const from = date('from');
  const to = date('to');
  if (from && to && from > to) problem('to', 'the end of the date range is before its start.');
  else {
    if (from) filter.from = from;
    if (to) filter.to = to;
  }
  const pcn = text('pcn');
  if (pcn) filter.pcn = pcn;

  const patient = text('patient');
  if (patient !== undefined) {
    const [last, first] = patient.split(',').map((s) => s.trim());
    if (!last) problem('patient', 'type the start of the last name, optionally followed by a comma and the first name.');
    else {
      filter.patientLast = last;
      if (first) filter.patientFirst = first;
    }
  }
  const memberId = text('memberId');
  if (memberId) filter.memberId = memberId;
  const dob = date('dob');
  if (dob) filter.dob = dob;
  const payerClaimNumber = text('payerClaimNumber');
  if (payerClaimNumber) filter.payerClaimNumber = payerClaimNumber;
  const amount = text('amount');
  if (amount !== undefined) {
    const plain = amount.replace(/^\$/, '').replace(/,/g, '');
    if (/^\d{1,9}(\.\d{1,2})?$/.test(plain)) filter.amount = new Decimal(plain).toFixed(2);
    else problem('amount', 'write an amount in dollars, like 125.50.');
  }
  const batch = text('batch');
  if (batch) filter.batchFileId = batch;
  return { filter, values, problems };
}
