/** Finding the parts of a claim the edits look at, each with its JSON path. */
import type { Address, Claim, Provider } from '../model.js';
import { anyDelimiterOf } from '../delimiter-test.js';
import type { ScrubContext } from './types.js';

export interface At<T> {
  path: string;
  value: T;
}

/** Every provider on the claim that carries an NPI / taxonomy (billing, claim-level and line-level). */
export function providersOf(claim: Claim): At<Provider>[] {
  const out: At<Provider>[] = [{ path: '$.billingProvider', value: claim.billingProvider }];
  const names = ['referringProvider', 'renderingProvider', 'supervisingProvider', 'attendingProvider', 'operatingPhysician'] as const;
  for (const name of names) {
    const p = (claim as Partial<Record<(typeof names)[number], Provider>>)[name];
    if (p) out.push({ path: `$.${name}`, value: p });
  }
  if (claim.kind === 'professional') {
    claim.lines.forEach((l, i) => {
      if (l.renderingProvider) out.push({ path: `$.lines[${i}].renderingProvider`, value: l.renderingProvider });
    });
  }
  return out;
}

/** Every NPI on the claim (providers and the service facility). */
export function npisOf(claim: Claim): At<string>[] {
  const out: At<string>[] = [];
  for (const p of providersOf(claim)) if (p.value.npi !== undefined) out.push({ path: `${p.path}.npi`, value: p.value.npi });
  if (claim.serviceFacility?.npi !== undefined) out.push({ path: '$.serviceFacility.npi', value: claim.serviceFacility.npi });
  return out;
}

export function addressesOf(claim: Claim): At<Address>[] {
  const out: At<Address>[] = [{ path: '$.billingProvider.address', value: claim.billingProvider.address }];
  if (claim.payToAddress) out.push({ path: '$.payToAddress', value: claim.payToAddress });
  if (claim.serviceFacility) out.push({ path: '$.serviceFacility.address', value: claim.serviceFacility.address });
  if (claim.subscriber.address) out.push({ path: '$.subscriber.address', value: claim.subscriber.address });
  if (claim.patient) out.push({ path: '$.patient.address', value: claim.patient.address });
  if (claim.payer.address) out.push({ path: '$.payer.address', value: claim.payer.address });
  claim.otherPayers.forEach((o, i) => {
    if (o.subscriber.address) out.push({ path: `$.otherPayers[${i}].subscriber.address`, value: o.subscriber.address });
    if (o.payer.address) out.push({ path: `$.otherPayers[${i}].payer.address`, value: o.payer.address });
  });
  return out;
}

/** The claim's diagnosis codes, in order (institutional diagnoses are objects). */
export function diagnosisCodes(claim: Claim): At<string>[] {
  if (claim.kind === 'institutional') return claim.diagnoses.map((d, i) => ({ path: `$.diagnoses[${i}].code`, value: d.code }));
  return claim.diagnoses.map((d, i) => ({ path: `$.diagnoses[${i}]`, value: d }));
}

/** Every ISO date in the claim with its path (found by walking it, so none is forgotten). */
export function datesOf(claim: Claim): At<string>[] {
  const out: At<string>[] = [];
  walkStrings(claim, (value, path) => {
    if (value.length === 10 && value[4] === '-' && value[7] === '-') out.push({ path: path(), value });
  });
  return out;
}

/**
 * Calls `visit` for every string value in `value`. The JSON path ("$.lines[0].charge") is built only
 * when `path()` is called, so walking a clean claim allocates no strings.
 */
export function walkStrings(value: unknown, visit: (value: string, path: () => string) => void): void {
  const keys: Array<string | number> = [];
  const path = () => '$' + keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
  const walk = (v: unknown) => {
    if (typeof v === 'string') visit(v, path);
    else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        keys.push(i);
        walk(v[i]);
        keys.pop();
      }
    } else if (v && typeof v === 'object') {
      for (const k in v) {
        keys.push(k);
        walk((v as Record<string, unknown>)[k]);
        keys.pop();
      }
    }
  };
  walk(value);
}

/**
 * The claim's string values in `walkStrings` order (the same walk without the path bookkeeping). Issue 12:
 * the edits that look at every string (delimiters, characters, dates) read this one list; `scrubClaim`
 * collects it once per claim (`ctx.strings`), an edit run on its own collects it itself.
 */
export function claimStrings(claim: Claim, ctx: ScrubContext): readonly string[] {
  const cache = ctx.strings;
  if (cache?.claim === claim) return (cache.values ??= collectStrings(claim, []));
  return collectStrings(claim, []);
}

/**
 * Issue 12, round 11: the indexes (in `claimStrings` order) of the strings that hold a delimiter of
 * `ctx.delimiters` or a character outside 0x20–0x7E: the only strings DELIMITER-IN-VALUE and
 * NON-ASCII-CHARACTER can flag, found with one regex test per string for both edits (usually none).
 * Undefined when a delimiter is not one character (those edits then test every string as before).
 */
export function suspectStrings(claim: Claim, ctx: ScrubContext): readonly number[] | undefined {
  const test = suspectTest(ctx.delimiters);
  if (!test) return undefined;
  const cache = ctx.strings;
  if (cache?.claim === claim && cache.suspects) return cache.suspects;
  const strings = claimStrings(claim, ctx);
  const suspects: number[] = [];
  for (let i = 0; i < strings.length; i++) if (test.test(strings[i])) suspects.push(i);
  if (cache?.claim === claim) cache.suspects = suspects;
  return suspects;
}

const suspectTests = new WeakMap<RegExp, RegExp>();

/**
 * One character class for "a delimiter or outside 0x20–0x7E": everything but the printable characters
 * that are not delimiters (kept per delimiter regex, which `anyDelimiterOf` keeps per set).
 */
function suspectTest(d: ScrubContext['delimiters']): RegExp | undefined {
  const any = anyDelimiterOf(d);
  if (!any) return undefined;
  let test = suspectTests.get(any);
  if (!test) {
    const delimiters = new Set([d.element, d.component, d.repetition, d.segment].filter(Boolean).map((c) => c.charCodeAt(0)));
    const hex = (c: number) => `\\x${c.toString(16).padStart(2, '0')}`;
    let ranges = '';
    for (let c = 0x20; c <= 0x7e; c++) {
      if (delimiters.has(c)) continue;
      let end = c;
      while (end < 0x7e && !delimiters.has(end + 1)) end++;
      ranges += c === end ? hex(c) : `${hex(c)}-${hex(end)}`;
      c = end;
    }
    test = new RegExp(`[^${ranges}]`);
    suspectTests.set(any, test);
  }
  return test;
}

function collectStrings(v: unknown, out: string[]): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) collectStrings(v[i], out);
  } else if (v && typeof v === 'object') {
    for (const k in v) collectStrings((v as Record<string, unknown>)[k], out);
  }
  return out;
}

/** The JSON path of the `index`-th string `walkStrings` visits in `claim` (built only for a finding). */
export function stringPath(claim: Claim, index: number): string {
  let seen = 0;
  let found = '';
  walkStrings(claim, (_value, path) => {
    if (seen++ === index) found = path();
  });
  return found;
}

/** The service dates of each line: from and to. */
export function lineDates(claim: Claim): Array<{ index: number; from?: string; to?: string }> {
  return claim.lines.map((l, index) => {
    const to = 'serviceDateEnd' in l ? l.serviceDateEnd : undefined;
    return { index, from: l.serviceDate, to: to ?? l.serviceDate };
  });
}

/** The frequency code of a claim (the last character of an institutional type of bill). */
export const frequencyOf = (claim: Claim): string => (claim.kind === 'institutional' ? claim.typeOfBill.slice(2) : claim.frequency);

/** The patient's birth date, wherever the patient is. */
export const patientBirthDate = (claim: Claim): { path: string; value?: string } =>
  claim.patient ? { path: '$.patient.birthDate', value: claim.patient.birthDate } : { path: '$.subscriber.birthDate', value: claim.subscriber.birthDate };
