/**
 * ERA/EFT reassociation (pure): each 835 payment (BPR02 amount, BPR16 date, TRN02 trace = EFT trace or
 * check number) is matched to at most one bank deposit, and each deposit to at most one 835.
 *
 *  1. Trace: a deposit whose reference contains the ERA's TRN02 (as a whole token, so trace 12 does not
 *     match 123) — if several do, the one with the same amount, then the nearest date, then the first in
 *     the file.
 *  2. Amount + date: among the deposits still free, one with exactly the ERA's amount dated within
 *     `windowDays` of the ERA's payment date — the nearest date, then the first in the file.
 *
 * ERAs are taken oldest payment date first (then by id), so the result does not depend on input order.
 * The difference is deposit − ERA, to the cent (a trace match can differ: a bank fee, a PLB offset).
 */
import { Decimal } from 'decimal.js';
import { cents, daysBetween } from './money.js';

export interface EraPayment {
  id: string;
  /** TRN02 */ trace: string;
  /** BPR02 */ amount: string;
  /** BPR16 (YYYY-MM-DD), if given. */ date: string | null;
}

export interface DepositForMatch {
  id: string;
  date: string;
  amount: string;
  reference: string;
}

export interface ReassociationMatch {
  eraId: string;
  depositId: string;
  by: 'trace' | 'amount-date';
  /** deposit − ERA */ difference: string;
}

export interface Reassociation {
  matched: ReassociationMatch[];
  unmatchedEras: string[];
  unmatchedDeposits: string[];
  /** Σ deposits matched − Σ ERAs matched, Σ unmatched ERA amounts, Σ unmatched deposits. */
  totals: { matchedDifference: string; unmatchedEras: string; unmatchedDeposits: string };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
export const referenceHasTrace = (reference: string, trace: string) => trace.trim() !== '' && new RegExp(`(^|[^A-Za-z0-9])${escapeRe(trace.trim())}($|[^A-Za-z0-9])`, 'i').test(reference);

export function reassociate(eras: readonly EraPayment[], deposits: readonly DepositForMatch[], options: { windowDays: number } = { windowDays: 3 }): Reassociation {
  const order = [...eras].sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.id.localeCompare(b.id));
  const free = new Set(deposits.map((_, i) => i));
  const matchOf = new Map<string, ReassociationMatch>();
  const distance = (era: EraPayment, d: DepositForMatch) => (era.date ? Math.abs(daysBetween(era.date, d.date)) : Number.MAX_SAFE_INTEGER);
  const take = (era: EraPayment, i: number, by: ReassociationMatch['by']) => {
    free.delete(i);
    matchOf.set(era.id, { eraId: era.id, depositId: deposits[i].id, by, difference: cents(new Decimal(deposits[i].amount).minus(era.amount)) });
  };
  const best = (era: EraPayment, candidates: number[]) =>
    candidates.sort((x, y) => Number(!new Decimal(deposits[x].amount).equals(era.amount)) - Number(!new Decimal(deposits[y].amount).equals(era.amount)) || distance(era, deposits[x]) - distance(era, deposits[y]) || x - y)[0];
  // 1. trace first, for every ERA, before any amount match can take a deposit that names another ERA's trace
  for (const era of order) {
    const candidates = [...free].filter((i) => referenceHasTrace(deposits[i].reference, era.trace));
    if (candidates.length) take(era, best(era, candidates), 'trace');
  }
  // 2. amount + date window
  for (const era of order) {
    if (matchOf.has(era.id) || !era.date) continue;
    const candidates = [...free].filter((i) => new Decimal(deposits[i].amount).equals(era.amount) && distance(era, deposits[i]) <= options.windowDays);
    if (candidates.length) take(era, best(era, candidates), 'amount-date');
  }
  const matched = order.flatMap((e) => (matchOf.has(e.id) ? [matchOf.get(e.id)!] : []));
  const unmatchedEras = order.filter((e) => !matchOf.has(e.id)).map((e) => e.id);
  const unmatchedDeposits = deposits.filter((_, i) => free.has(i)).map((d) => d.id);
  const sum = (xs: string[]) => cents(xs.reduce((s, x) => s.plus(x), new Decimal(0)));
  const eraById = new Map(eras.map((e) => [e.id, e]));
  const depById = new Map(deposits.map((d) => [d.id, d]));
  return {
    matched,
    unmatchedEras,
    unmatchedDeposits,
    totals: { matchedDifference: sum(matched.map((m) => m.difference)), unmatchedEras: sum(unmatchedEras.map((id) => eraById.get(id)!.amount)), unmatchedDeposits: sum(unmatchedDeposits.map((id) => depById.get(id)!.amount)) },
  };
}
