/**
 * Plain-words descriptions of the codes an 835 carries: CARC, RARC, adjustment groups, PLB reasons
 * (from `mappings/codes`), plus the two small lists the guide itself defines (CLP02 claim status and
 * BPR04 payment method).
 */
import { loadCodeLists } from '../guides/load.js';

/** The description of `code` in code list `list` (a file name in mappings/codes); marks retired codes. */
export function describeCode(list: string, code: string): string {
  if (!code) return '';
  const codeList = lists().get(list);
  const text = codeList?.codes[code];
  if (text === undefined) return `Unknown code ${code} (not in the ${list} list).`;
  return codeList?.retired.has(code) ? `${text} (retired code)` : text;
}

let cache: Map<string, { codes: Record<string, string>; retired: ReadonlySet<string> }> | undefined;
function lists() {
  if (!cache) {
    cache = new Map();
    for (const [name, list] of loadCodeLists()) cache.set(name, { codes: list.codes, retired: new Set(list.retired ?? []) });
  }
  return cache;
}

/** CLP02 claim status codes (005010X221A1). */
const CLAIM_STATUS: Readonly<Record<string, string>> = {
  '1': 'Processed as primary.',
  '2': 'Processed as secondary.',
  '3': 'Processed as tertiary.',
  '4': 'Denied.',
  '19': 'Processed as primary, forwarded to additional payer(s).',
  '20': 'Processed as secondary, forwarded to additional payer(s).',
  '21': 'Processed as tertiary, forwarded to additional payer(s).',
  '22': 'Reversal of previous payment.',
  '23': 'Not our claim, forwarded to additional payer(s).',
  '25': 'Predetermination pricing only: no payment.',
};

/** BPR04 payment method codes. */
const PAYMENT_METHOD: Readonly<Record<string, string>> = {
  ACH: 'Automated clearing house (EFT).',
  BOP: 'Financial institution option.',
  CHK: 'Check.',
  FWT: 'Federal reserve funds/wire transfer.',
  NON: 'Non-payment data (no money moves).',
};

export function describeClaimStatus(code: string): string {
  return CLAIM_STATUS[code] ?? `Unknown claim status code ${code}.`;
}

export function describePaymentMethod(code: string): string {
  return PAYMENT_METHOD[code] ?? `Unknown payment method ${code}.`;
}

export const describeCarc = (code: string) => describeCode('carc', code);
export const describeRarc = (code: string) => describeCode('rarc', code);
export const describeGroup = (code: string) => describeCode('claim-adjustment-group', code);
export const describePlbReason = (code: string) => describeCode('plb-adjustment-reason', code);
