/**
 * Worklist triage (issue 16 item 2): the sort orders and filters a biller picks, checked into values.
 * An invalid value is an error naming its filter (shown next to it on the page, a 400 from the API),
 * never silently dropped. Amounts are kept as exact integer cents. Pure.
 */

export const WORKLIST_SORTS = ['updated', 'amount', 'age', 'payer', 'deadline'] as const;
export type WorklistSort = (typeof WORKLIST_SORTS)[number];

export const SORT_LABELS: Readonly<Record<WorklistSort, string>> = {
  updated: 'Last change',
  amount: 'Amount (charge)',
  age: 'Age (oldest service first)',
  payer: 'Payer',
  deadline: 'Deadline (timely filing / appeal)',
};

export interface TriageQueryIn {
  sort?: string;
  dir?: string;
  minAmount?: string;
  maxAmount?: string;
  reason?: string;
  assignee?: string;
  /** Only claims whose service date is at least this many days before `today`. */
  minAgeDays?: string;
  /** Only claims whose timely-filing or appeal deadline falls within this many days of `today` (or has passed). */
  dueWithinDays?: string;
}

export interface TriageFilter {
  sort: WorklistSort;
  dir: 'asc' | 'desc';
  minCents?: number;
  maxCents?: number;
  /** An 835 adjustment group and reason code, e.g. CO-50. */
  reason?: { group: string; code: string };
  /** A user name (the "my work" view passes the signed-in user's). */
  assignee?: string;
  /** Service date on or before this ISO date (from minAgeDays and today). */
  servedOnOrBefore?: string;
  /** Deadline (earliest of the claim's reasons) on or before this ISO date; computed outside SQL. */
  dueOnOrBefore?: string;
}

export interface FilterError {
  /** The query parameter. */
  filter: string;
  message: string;
}

const AMOUNT = /^\d{1,9}(\.\d{1,2})?$/;
const REASON = /^(CO|PR|OA|PI|CR)-([A-Z0-9]{1,5})$/;
const USER = /^[A-Za-z0-9._@-]{1,64}$/;

/** "123.4" → 12340 (digits only, so no floating point is involved). */
export function amountCents(text: string): number {
  const [whole, frac = ''] = text.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

export function parseTriage(q: TriageQueryIn, today?: string): { filter: TriageFilter; errors: FilterError[] } {
  const errors: FilterError[] = [];
  const filter: TriageFilter = { sort: 'updated', dir: 'desc' };
  const sort = blank(q.sort);
  if (sort !== undefined) {
    if ((WORKLIST_SORTS as readonly string[]).includes(sort)) filter.sort = sort as WorklistSort;
    else errors.push({ filter: 'sort', message: `Sort by one of: ${WORKLIST_SORTS.join(', ')}.` });
  }
  const dir = blank(q.dir);
  if (dir !== undefined) {
    if (dir === 'asc' || dir === 'desc') filter.dir = dir;
    else errors.push({ filter: 'dir', message: 'Direction is asc or desc.' });
  } else if (filter.sort === 'age' || filter.sort === 'payer' || filter.sort === 'deadline') filter.dir = 'asc';
  for (const [name, key] of [
    ['minAmount', 'minCents'],
    ['maxAmount', 'maxCents'],
  ] as const) {
    const v = blank(q[name]);
    if (v === undefined) continue;
    if (AMOUNT.test(v)) filter[key] = amountCents(v);
    else errors.push({ filter: name, message: 'An amount in dollars, e.g. 125 or 125.50.' });
  }
  if (filter.minCents !== undefined && filter.maxCents !== undefined && filter.minCents > filter.maxCents) errors.push({ filter: 'maxAmount', message: 'The largest amount is below the smallest.' });
  const reason = blank(q.reason)?.toUpperCase();
  if (reason !== undefined) {
    const m = REASON.exec(reason);
    if (m) filter.reason = { group: m[1], code: m[2] };
    else errors.push({ filter: 'reason', message: 'A group and reason code as on the 835, e.g. CO-50.' });
  }
  const assignee = blank(q.assignee);
  if (assignee !== undefined) {
    if (USER.test(assignee)) filter.assignee = assignee;
    else errors.push({ filter: 'assignee', message: 'A user name (letters, digits, . _ @ -; up to 64).' });
  }
  const age = blank(q.minAgeDays);
  if (age !== undefined) {
    if (/^\d{1,4}$/.test(age) && today && /^\d{4}-\d{2}-\d{2}$/.test(today)) {
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - Number(age));
      filter.servedOnOrBefore = d.toISOString().slice(0, 10);
    } else errors.push({ filter: 'minAgeDays', message: 'A number of days (0 to 9999).' });
  }
  const due = blank(q.dueWithinDays);
  if (due !== undefined) {
    if (/^\d{1,4}$/.test(due) && today && /^\d{4}-\d{2}-\d{2}$/.test(today)) filter.dueOnOrBefore = addDays(today, Number(due));
    else errors.push({ filter: 'dueWithinDays', message: 'A number of days (0 to 9999).' });
  }
  return { filter, errors };
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The deadline a claim is worked by: the earliest due date among its reasons (none when no reason carries one). */
export function dueDateOf(reasons: ReadonlyArray<{ deadline?: { dueDate?: string } }>): string | undefined {
  let out: string | undefined;
  for (const r of reasons) {
    const d = r.deadline?.dueDate;
    if (d && (out === undefined || d < out)) out = d;
  }
  return out;
}

/** Deadline order: by due date in `dir`, claims without a due date last either way, the claim id breaking ties. */
export function byDeadline(dir: 'asc' | 'desc') {
  return (a: { id: string; due?: string }, b: { id: string; due?: string }): number => {
    if (a.due !== b.due) {
      if (a.due === undefined) return 1;
      if (b.due === undefined) return -1;
      return (a.due < b.due ? -1 : 1) * (dir === 'asc' ? 1 : -1);
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}
