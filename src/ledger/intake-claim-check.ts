/**
 * `IntakeClaimSchema.parse` without zod for the claims that obviously fit (issue 12, round 10): the
 * outbox intake builds its claims itself (claims-port.ts `checkClaims`), so re-checking each with zod in
 * `recordIntakeChunk` costs ~1.5% of an intake for nothing. `toIntakeClaim` checks the same rules by
 * hand and copies the claim's known fields (as the schema's parse does: unknown keys dropped, nested
 * objects new, `data` as it is); anything it is not sure of goes to the schema itself, so a claim that
 * does not fit fails with the same ZodError as before. test/property/intake-claim-check.property.test.ts
 * compares the two on many valid and broken claims.
 */
import { IntakeClaimSchema, type IntakeClaim } from './posting-types.js';

const MONEY = /^-?\d+(\.\d+)?$/;
const HELD_REASONS = new Set(['partner-hold', 'incomplete', 'forwarded']);

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNullishText = (v: unknown): v is string | null | undefined => v === undefined || v === null || typeof v === 'string';
const isMoney = (v: unknown): v is string => typeof v === 'string' && MONEY.test(v);

function fits(c: Obj): boolean {
  if (!(Number.isSafeInteger(c.index) && (c.index as number) >= 0)) return false;
  if (!isText(c.partnerId) || !isText(c.payerId) || !isText(c.claimType) || !isText(c.patientControlNumber)) return false;
  if (!isMoney(c.totalCharge) || !isNullishText(c.serviceDate)) return false;
  if (!('data' in c) || !Array.isArray(c.lines)) return false; // a claim without the data key fails the schema
  for (const l of c.lines as unknown[]) {
    if (!isObject(l) || !(Number.isSafeInteger(l.lineNumber) && (l.lineNumber as number) > 0)) return false;
    if (!isNullishText(l.lineControl) || !isNullishText(l.procedureCode) || !isNullishText(l.units) || !isMoney(l.charge)) return false;
  }
  if (c.rejected !== undefined) {
    if (!Array.isArray(c.rejected)) return false;
    for (const r of c.rejected as unknown[]) if (!isObject(r) || typeof r.code !== 'string' || typeof r.message !== 'string' || !(r.field === undefined || typeof r.field === 'string')) return false;
  }
  if (c.held !== undefined) {
    const h = c.held;
    if (!isObject(h) || typeof h.reason !== 'string' || !HELD_REASONS.has(h.reason) || !Array.isArray(h.missing)) return false;
    for (const m of h.missing as unknown[]) if (!isObject(m) || typeof m.field !== 'string' || typeof m.message !== 'string') return false;
  }
  return true;
}

/** The claim as `IntakeClaimSchema.parse` returns it; throws its ZodError when the claim does not fit. */
export function toIntakeClaim(value: unknown): IntakeClaim {
  if (!isObject(value) || !fits(value)) return IntakeClaimSchema.parse(value);
  const c = value as Obj & IntakeClaim;
  const out: Obj = { index: c.index, partnerId: c.partnerId, payerId: c.payerId, claimType: c.claimType, patientControlNumber: c.patientControlNumber, totalCharge: c.totalCharge, ...pick(c, ['serviceDate']), lines: undefined, data: c.data };
  out.lines = c.lines.map((l) => ({ lineNumber: l.lineNumber, ...pick(l as Obj, ['lineControl', 'procedureCode']), charge: l.charge, ...pick(l as Obj, ['units']) }));
  if ('rejected' in c) out.rejected = c.rejected?.map((r) => ({ code: r.code, message: r.message, ...pick(r as Obj, ['field']) }));
  if ('held' in c) out.held = c.held && { reason: c.held.reason, missing: c.held.missing.map((m) => ({ field: m.field, message: m.message })) };
  return out as IntakeClaim;
}

/** The keys `from` has (the schema's parse keeps an optional key given as undefined, and leaves out one not given). */
function pick(from: Obj, keys: readonly string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (k in from) out[k] = from[k];
  return out;
}
