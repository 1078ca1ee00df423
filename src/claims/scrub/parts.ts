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
 * NON-ASCII-CHARACTER can flag, found in one scan of each string for both edits (a table of the plain
 * characters; usually none).
 * Undefined when a delimiter is not one character (those edits then test every string as before).
 */
export function suspectStrings(claim: Claim, ctx: ScrubContext): readonly number[] | undefined {
  const plain = plainTable(ctx.delimiters);
  if (!plain) return undefined;
  const cache = ctx.strings;
  if (cache?.claim === claim && cache.suspects) return cache.suspects;
  const strings = claimStrings(claim, ctx);
  const suspects: number[] = [];
  for (let i = 0; i < strings.length; i++) {
    const value = strings[i];
    for (let j = 0; j < value.length; j++) {
      const c = value.charCodeAt(j);
      if (c > 0x7e || plain[c] === 0) {
        suspects.push(i);
        break;
      }
    }
  }
  if (cache?.claim === claim) cache.suspects = suspects;
  return suspects;
}

const plainTables = new WeakMap<RegExp, Uint8Array>();

/**
 * 1 for each character of 0x20–0x7E that is not a delimiter, 0 otherwise (a character above 0x7E is
 * never plain): kept per delimiter regex, which `anyDelimiterOf` keeps per set.
 */
function plainTable(d: ScrubContext['delimiters']): Uint8Array | undefined {
  const any = anyDelimiterOf(d);
  if (!any) return undefined;
  let plain = plainTables.get(any);
  if (!plain) {
    plain = new Uint8Array(0x7f);
    for (let c = 0x20; c <= 0x7e; c++) plain[c] = 1;
    for (const delimiter of [d.element, d.component, d.repetition, d.segment]) if (delimiter) plain[delimiter.charCodeAt(0)] = 0;
    plainTables.set(any, plain);
  }
  return plain;
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
