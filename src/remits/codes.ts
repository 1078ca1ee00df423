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

/**
 * `describeCode` of one list, remembered per code: an 835 repeats a few dozen codes on every claim, so the
 * reader hands out one shared string per code instead of looking it up each time. Bounded (any text,
 * even a corrupted code, can be a key): cleared when full.
 */
function describedBy(list: string): (code: string) => string {
  const known = new Map<string, string>();
  return (code) => {
    let text = known.get(code);
    if (text === undefined) {
      text = describeCode(list, code);
      if (known.size >= DESCRIBED_LIMIT) known.clear();
      known.set(code, text);
    }
    return text;
  };
}
const DESCRIBED_LIMIT = 4096;

export const describeCarc = describedBy('carc');
export const describeRarc = describedBy('rarc');
export const describeGroup = describedBy('claim-adjustment-group');
export const describePlbReason = describedBy('plb-adjustment-reason');
