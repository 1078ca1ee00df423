/** Formats of the identifiers and codes the scrubber checks (pure, no code lists). */

/** NPI: 10 digits whose last is a Luhn check digit computed over "80840" + the first nine. */
export function npiCheckDigitValid(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) return false;
  let sum = 24; // the digits of the 80840 prefix, doubled as Luhn prescribes
  for (let i = 0; i < 9; i++) {
    let d = npi.charCodeAt(8 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === npi.charCodeAt(9) - 48;
}

/** The check digit that makes `first9` a valid NPI (for tests and synthetic data). */
export function npiCheckDigit(first9: string): string {
  for (let d = 0; d < 10; d++) if (npiCheckDigitValid(first9 + d)) return String(d);
  throw new Error('unreachable');
}

export const FORMATS = {
  npi: /^\d{10}$/,
  taxId: /^\d{9}$/,
  taxonomy: /^\d{3}[0-9A-Z]{6}X$/,
  zip: /^\d{5}(\d{4})?$/,
  zip9: /^\d{9}$/,
  /** ICD-10-CM without the dot: letter, digit, then 1-5 letters or digits. */
  icd10cm: /^[A-Z]\d[0-9A-Z]{1,5}$/,
  /** ICD-10-PCS: seven characters, letters other than I and O, or digits. */
  icd10pcs: /^[0-9A-HJ-NP-Z]{7}$/,
  /** CPT (five digits, or four digits and a letter for category II/III) or HCPCS level II (letter and four digits). */
  cptHcpcs: /^(\d{4}[0-9A-Z]|[A-V]\d{4})$/,
  cdt: /^D\d{4}$/,
  revenueCode: /^\d{4}$/,
  modifier: /^[0-9A-Z]{2}$/,
  ndc: /^\d{11}$/,
  /** Universal tooth numbers 1-32, supernumerary 51-82, primary A-T and supernumerary AS-TS. */
  tooth: /^(?:[1-9]|[12]\d|3[0-2]|5[1-9]|[67]\d|8[0-2]|[A-T]|[A-T]S)$/,
  toothSurface: /^[BDFILMO]$/,
  oralCavity: /^(00|01|02|09|10|20|30|40|L|R)$/,
  /** Type of bill without the leading zero: facility type, bill classification, frequency. */
  typeOfBill: /^[1-8]\d[0-9A-Z]$/,
  /** NUBC patient discharge status (CL103): the codes the 5010 837I guide allows. */
  patientStatus: /^(?:0[1-79]|2[01]|30|4[0-3]|5[01]|6[1-69]|70|8[1-9]|9[0-5])$/,
  /** NUBC point of origin for admission or visit (CL102): 1-9, A-G. */
  admissionSource: /^[1-9A-G]$/,
  /** NUBC priority (type) of admission or visit (CL101): the codes the 5010 837I guide allows. */
  admissionType: /^[1-59]$/,
  institutionalCode: /^[0-9A-Z]{2}$/,
  hour: /^([01]\d|2[0-3])[0-5]\d$/,
  phone: /^\d{10}$/,
  /** Reference numbers (prior authorization, referral, original claim): letters, digits, dashes. */
  reference: /^[A-Za-z0-9-]{1,50}$/,
  payerId: /^[A-Za-z0-9]{2,80}$/,
  memberId: /^[A-Za-z0-9-]{2,80}$/,
  poBox: /\b(P\.?\s*O\.?\s*BOX|POST\s+OFFICE\s+BOX|LOCK\s*BOX)\b/i,
} as const;

/** The number written in iso[from, to) in ASCII digits; -1 when a character is not one. */
function digitsAt(iso: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = iso.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** A real calendar date in ISO form. */
export function isCalendarDate(iso: string): boolean {
  // YYYY-MM-DD read digit by digit (issue 12: no regex match, no arrays; the same answers as
  // /^(\d{4})-(\d{2})-(\d{2})$/, see test/property/scrub-write-hot-spots.property.test.ts).
  if (typeof iso !== 'string' || iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return false;
  const y = digitsAt(iso, 0, 4);
  const mo = digitsAt(iso, 5, 7);
  const d = digitsAt(iso, 8, 10);
  if (y < 0 || mo < 0 || d < 0) return false;
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}
