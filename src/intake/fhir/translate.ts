/**
 * FHIR R4 Bundles (collection or transaction, or NDJSON of Bundles) → claims of our claim model. Pure: the
 * input is parsed JSON (or NDJSON text), the output the claims as a practice would have written them in
 * our JSON (checked afterwards by the strict model and the scrubber like any other claim) and every
 * problem with its FHIR path (`Bundle.entry[3].resource.identifier`) and the fix. A claim with an error
 * problem is left out; the other claims of the bundle are still translated.
 *
 * The mapping is the table in mapping.ts (and docs/fhir-mapping.md).
 */
import { Decimal } from 'decimal.js';
import { CARE_TEAM_ROLE, CLAIM_TYPE, GENDER, RELATIONSHIP, SOPT_FILING, SYSTEM, X12_FILING } from './mapping.js';
import type { Address, Bundle, Claim, ClaimItem, CodeableConcept, Coverage, HumanName, Identifier, Organization, Patient, Practitioner, Reference, Resource } from './types.js';

export interface FhirProblem {
  /** FHIR path of what is wrong: "Bundle.entry[3].resource.identifier". */
  path: string;
  message: string;
  fix: string;
  severity: 'error' | 'warning';
  /** CLM01 of the claim it belongs to, when known. */
  claimId?: string;
}

export interface FhirClaim {
  /** The claim in our model's JSON form (not yet checked by the model or the scrubber). */
  claim: Record<string, unknown>;
  /** Where it came from: "Bundle.entry[0].resource" (with the NDJSON line when there is one). */
  source: string;
  /** NDJSON: 1-based line of the Bundle. */
  line?: number;
  /** Warnings about this claim (errors leave the claim out). */
  warnings: FhirProblem[];
}

export interface FhirResult {
  claims: FhirClaim[];
  problems: FhirProblem[];
}

/** True when a parsed JSON document is a FHIR resource (it has a resourceType). */
export const isFhirResource = (json: unknown): boolean => typeof (json as { resourceType?: unknown } | null)?.resourceType === 'string';

export interface Located<T> {
  resource: T;
  path: string;
}

/** Resolves references inside one Bundle: by fullUrl, by "Type/id", and "#id" to the Claim's contained resources. */
export function resolverFor(bundle: Bundle, prefix: string) {
  const byKey = new Map<string, Located<Resource>>();
  (bundle.entry ?? []).forEach((e, i) => {
    const r = e.resource;
    if (!r) return;
    const path = `${prefix}.entry[${i}].resource`;
    if (e.fullUrl) byKey.set(e.fullUrl, { resource: r, path });
    if (r.id) byKey.set(`${r.resourceType}/${r.id}`, { resource: r, path });
  });
  return (ref: Reference | undefined, from: Located<Resource>, types: readonly string[]): Located<Resource> | undefined => {
    const text = ref?.reference;
    if (!text) return undefined;
    if (text.startsWith('#')) {
      const i = (from.resource.contained ?? []).findIndex((c) => c.id === text.slice(1));
      return i >= 0 ? { resource: from.resource.contained![i], path: `${from.path}.contained[${i}]` } : undefined;
    }
    const tail = text.split('/').slice(-2).join('/');
    const hit = byKey.get(text) ?? byKey.get(tail);
    return hit && types.includes(hit.resource.resourceType) ? hit : undefined;
  };
}

const first = <T>(list: readonly T[] | undefined): T | undefined => list?.[0];
const codeOf = (c: CodeableConcept | undefined, system?: string): string | undefined => (system ? c?.coding?.find((x) => x.system === system)?.code : undefined) ?? c?.coding?.[0]?.code;
const identifierOf = (ids: readonly Identifier[] | undefined, system: string): string | undefined => ids?.find((i) => i.system === system)?.value;
const money = (value: number | undefined): string | undefined => (typeof value === 'number' && Number.isFinite(value) ? new Decimal(String(value)).toFixed() : undefined);
const quantity = (value: number | undefined): string | undefined => (typeof value === 'number' && Number.isFinite(value) ? new Decimal(String(value)).toFixed() : undefined);
/** A FHIR date or dateTime → ISO date. */
const isoDate = (value: string | undefined): string | undefined => (value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined);

function address(a: Address | undefined): Record<string, unknown> | undefined {
  if (!a) return undefined;
  return { line1: a.line?.[0], line2: a.line?.[1], city: a.city, state: a.state, postalCode: a.postalCode?.replace('-', ''), country: a.country && a.country !== 'US' && a.country !== 'USA' ? a.country : undefined };
}

export function personName(n: HumanName | undefined): Record<string, unknown> {
  return { last: n?.family, first: n?.given?.[0], middle: n?.given?.[1], suffix: n?.suffix?.[0] };
}

/** Drops undefined values so the claim reads as a practice would have written it. */
export function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clean) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clean(v);
    return out as T;
  }
  return value;
}

/** Translates one Bundle (already parsed). `prefix` names it in paths ("Bundle"). */
/** How the translation fills what a bundle leaves out. */
export interface FhirOptions {
  /**
   * The partner profile's payer list by name (`payerIdsByName`): the payer id for a payer Organization that
   * has no NIIP identifier, looked up by its name (case, spaces and punctuation ignored).
   */
  payerIdsByName?: Readonly<Record<string, string>>;
}

/** A payer name as the routing table is keyed: upper case, letters and digits only. */
export const payerNameKey = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]+/g, '');

export function claimsFromFhirBundle(json: unknown, options: FhirOptions & { prefix?: string; line?: number } = {}): FhirResult {
  const prefix = options.prefix ?? 'Bundle';
  const problems: FhirProblem[] = [];
  const bundle = json as Bundle;
  if (!bundle || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') {
    return { claims: [], problems: [{ path: prefix, message: 'This is not a FHIR Bundle.', fix: 'Send a Bundle (type collection or transaction) holding the Claims and the resources they reference.', severity: 'error' }] };
  }
  if (bundle.type && bundle.type !== 'collection' && bundle.type !== 'transaction') {
    problems.push({ path: `${prefix}.type`, message: 'The Bundle type is neither collection nor transaction.', fix: 'Send the claims in a Bundle of type collection or transaction.', severity: 'warning' });
  }
  const resolve = resolverFor(bundle, prefix);
  const claims: FhirClaim[] = [];
  (bundle.entry ?? []).forEach((entry, i) => {
    if (entry.resource?.resourceType !== 'Claim') return;
    const located = { resource: entry.resource as Claim, path: `${prefix}.entry[${i}].resource` };
    const result = translateClaim(located, resolve, options);
    const own = result.problems.map((p) => ({ ...p, claimId: result.claimId }));
    problems.push(...own);
    if (!own.some((p) => p.severity === 'error')) claims.push({ claim: clean(result.claim), source: located.path, line: options.line, warnings: own });
  });
  if (claims.length === 0 && !problems.some((p) => p.severity === 'error') && !(bundle.entry ?? []).some((e) => e.resource?.resourceType === 'Claim')) {
    problems.push({ path: `${prefix}.entry`, message: 'The Bundle holds no Claim.', fix: 'Add the Claim resources to the Bundle.', severity: 'error' });
  }
  return { claims, problems };
}

/** NDJSON: one Bundle per line; each line's paths start with "line N: Bundle". */
export function claimsFromFhirNdjson(text: string, options: FhirOptions = {}): FhirResult {
  const out: FhirResult = { claims: [], problems: [] };
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      out.problems.push({ path: `line ${index + 1}`, message: 'The line is not valid JSON.', fix: 'Write one complete Bundle per line.', severity: 'error' });
      return;
    }
    const r = claimsFromFhirBundle(json, { ...options, prefix: `line ${index + 1}: Bundle`, line: index + 1 });
    out.claims.push(...r.claims);
    out.problems.push(...r.problems);
  });
  return out;
}

type Resolve = ReturnType<typeof resolverFor>;

function translateClaim(c: Located<Claim>, resolve: Resolve, options: FhirOptions): { claim: Record<string, unknown>; claimId: string; problems: FhirProblem[] } {
  const problems: FhirProblem[] = [];
  const claim = c.resource;
  const at = (path: string) => `${c.path}.${path}`;
  const error = (path: string, message: string, fix: string) => problems.push({ path, message, fix, severity: 'error' });
  const warn = (path: string, message: string, fix: string) => problems.push({ path, message, fix, severity: 'warning' });
  const unresolved = (path: string, what: string) => error(path, `The reference does not lead to a ${what} in the Bundle.`, `Add the ${what} as an entry of the Bundle (its fullUrl or ${what}/id must match the reference), or correct the reference.`);

  const claimId = first(claim.identifier)?.value ?? claim.id ?? '';
  if (!claimId) error(at('identifier'), 'The Claim has no identifier (our claim id, CLM01).', 'Give the Claim an identifier with the practice’s claim number.');

  const kind = CLAIM_TYPE[codeOf(claim.type) ?? ''];
  if (!kind) error(at('type'), 'The Claim type is missing or not professional, institutional or oral.', 'Set Claim.type to professional, institutional or oral (http://terminology.hl7.org/CodeSystem/claim-type).');

  // Billing provider
  const providerRef = resolve(claim.provider, c, ['Organization', 'Practitioner']);
  if (!claim.provider?.reference) error(at('provider'), 'The Claim names no billing provider.', 'Set Claim.provider to the Organization (or Practitioner) that bills.');
  else if (!providerRef) unresolved(at('provider'), 'Organization or Practitioner');
  let billingProvider: Record<string, unknown> | undefined;
  if (providerRef) {
    const p = providerRef.resource as Organization | Practitioner;
    const taxId = identifierOf(p.identifier, SYSTEM.taxId)?.replace('-', '');
    if (!taxId) error(`${providerRef.path}.identifier`, 'The billing provider has no tax id.', `Add an identifier with system ${SYSTEM.taxId} (the EIN).`);
    const npi = identifierOf(p.identifier, SYSTEM.npi);
    if (!npi) error(`${providerRef.path}.identifier`, 'The billing provider has no NPI.', `Add an identifier with system ${SYSTEM.npi}.`);
    const addr = first((p as Organization).address ?? (p as { address?: Address[] }).address);
    if (!addr) error(`${providerRef.path}.address`, 'The billing provider has no address.', 'Add the street address of the billing provider (no post office box).');
    const base = p.resourceType === 'Organization' ? { entity: 'organization', name: (p as Organization).name } : { entity: 'person', name: first((p as Practitioner).name)?.family, firstName: first((p as Practitioner).name)?.given?.[0] };
    billingProvider = { ...base, npi, taxId, address: address(addr) };
  }

  // Coverage: subscriber, patient, payer
  const insurance = claim.insurance?.find((x) => x.focal) ?? first(claim.insurance);
  const insuranceIndex = insurance ? claim.insurance!.indexOf(insurance) : -1;
  let subscriber: Record<string, unknown> | undefined;
  let patient: Record<string, unknown> | undefined;
  let payer: Record<string, unknown> | undefined;
  if (!insurance) error(at('insurance'), 'The Claim has no insurance, so there is no payer to send it to.', 'Add Claim.insurance with focal = true and a reference to the patient’s Coverage.');
  else {
    const coverageRef = resolve(insurance.coverage, c, ['Coverage']);
    if (!coverageRef) unresolved(at(`insurance[${insuranceIndex}].coverage`), 'Coverage');
    else {
      const cov = coverageRef.resource as Coverage;
      const relationshipCode = codeOf(cov.relationship) ?? 'self';
      const relationship = RELATIONSHIP[relationshipCode];
      if (!relationship) error(`${coverageRef.path}.relationship`, 'The relationship of the patient to the subscriber is not one of self, spouse, child, common, parent, other, injured.', 'Use a code of http://terminology.hl7.org/CodeSystem/subscriber-relationship.');
      const beneficiary = resolve(cov.beneficiary, coverageRef, ['Patient']);
      if (!beneficiary) unresolved(`${coverageRef.path}.beneficiary`, 'Patient');
      const isSelf = relationshipCode === 'self';
      const subscriberRef = isSelf ? beneficiary : resolve(cov.subscriber, coverageRef, ['Patient', 'RelatedPerson']);
      if (!isSelf && !subscriberRef) unresolved(`${coverageRef.path}.subscriber`, 'Patient or RelatedPerson');
      if (!cov.subscriberId) error(`${coverageRef.path}.subscriberId`, 'The Coverage has no member id.', 'Set Coverage.subscriberId to the member id on the insurance card.');
      const group = cov.class?.find((k) => codeOf(k.type) === 'group');
      const filing = filingIndicator(cov);
      if (!filing) warn(`${coverageRef.path}.type`, 'The Coverage type does not say the kind of insurance; it is sent as commercial (CI).', 'Set Coverage.type to an X12 claim filing indicator or a Source of Payment Typology code.');
      const s = subscriberRef?.resource as Patient | undefined;
      subscriber = {
        responsibility: 'primary',
        name: personName(first(s?.name)),
        memberId: cov.subscriberId,
        groupNumber: group?.value,
        groupName: group?.name,
        claimFilingIndicator: filing ?? 'CI',
        ...(isSelf && s ? { birthDate: isoDate(s.birthDate), gender: GENDER[s.gender ?? ''], address: address(first(s.address)) } : {}),
      };
      if (!isSelf && beneficiary && relationship) {
        const p = beneficiary.resource as Patient;
        patient = { relationship, name: personName(first(p.name)), birthDate: isoDate(p.birthDate), gender: GENDER[p.gender ?? ''], address: address(first(p.address)) };
      }
      const payorRef = resolve(first(cov.payor), coverageRef, ['Organization']);
      if (!payorRef) unresolved(`${coverageRef.path}.payor[0]`, 'Organization');
      else {
        const org = payorRef.resource as Organization;
        let id = org.identifier?.find((x) => x.type?.coding?.some((k) => k.code === 'NIIP'))?.value;
        if (!id && org.name) {
          // The partner's payer list by name (issue 13 item 1): the clearinghouse's id for a payer the EHR names only.
          const wanted = payerNameKey(org.name);
          id = Object.entries(options.payerIdsByName ?? {}).find(([name]) => payerNameKey(name) === wanted)?.[1];
          if (id) warn(`${payorRef.path}.identifier`, `The payer has no payer id; ${id} was taken from the partner's payer list for the name "${org.name}".`, `Check the payer id, or add it to the Organization as an identifier whose type is ${SYSTEM.identifierType} NIIP.`);
        }
        if (!id) error(`${payorRef.path}.identifier`, 'The payer has no payer id.', `Add the payer id as an identifier whose type is ${SYSTEM.identifierType} NIIP, or the payer's name and id to the partner profile's payerIdsByName.`);
        payer = { name: org.name, id };
      }
    }
  }

  // Further coverage (issue 14): every other insurance, in sequence order, is a payer to bill after this
  // one (secondary, then tertiary): an otherPayers entry without paidAmount (docs/claim-model.md).
  const otherPayers: Array<Record<string, unknown>> = [];
  const others = (claim.insurance ?? []).filter((x) => x !== insurance).sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
  others.forEach((other, k) => {
    const i = claim.insurance!.indexOf(other);
    const responsibility = (['secondary', 'tertiary'] as const)[k];
    if (!responsibility) return warn(at(`insurance[${i}]`), 'More than three insurances: only the first two after the focal one are billed (secondary, tertiary).', 'Leave out the coverage that does not pay on this claim.');
    const ref = resolve(other.coverage, c, ['Coverage']);
    if (!ref) return unresolved(at(`insurance[${i}].coverage`), 'Coverage');
    const cov = ref.resource as Coverage;
    const relationshipCode = codeOf(cov.relationship) ?? 'self';
    const relationship = RELATIONSHIP[relationshipCode];
    const insuredRef = relationshipCode === 'self' ? resolve(cov.beneficiary, ref, ['Patient']) : resolve(cov.subscriber, ref, ['Patient', 'RelatedPerson']);
    const payorRef = resolve(first(cov.payor), ref, ['Organization']);
    const org = payorRef?.resource as Organization | undefined;
    const payerId = org?.identifier?.find((x) => x.type?.coding?.some((q) => q.code === 'NIIP'))?.value;
    const insured = insuredRef?.resource as Patient | undefined;
    const missing = [!cov.subscriberId && 'member id (subscriberId)', !relationship && 'relationship', !insured && 'insured person', !payerId && 'payer id (NIIP)', !org?.name && 'payer name'].filter(Boolean);
    if (missing.length) return warn(ref.path, `The ${responsibility} coverage lacks ${missing.join(', ')}: it is not carried, so no ${responsibility} claim will be built.`, 'Complete the Coverage (member id, relationship, subscriber, payor with its NIIP payer id).');
    const group = cov.class?.find((q) => codeOf(q.type) === 'group');
    otherPayers.push({
      responsibility,
      relationship,
      ...(group?.value ? { groupNumber: group.value } : {}),
      claimFilingIndicator: filingIndicator(cov) ?? 'CI',
      subscriber: { name: personName(first(insured!.name)), memberId: cov.subscriberId },
      payer: { name: org!.name, id: payerId },
    });
  });

  // Providers from the care team
  const team: Record<string, unknown> = {};
  (claim.careTeam ?? []).forEach((member, i) => {
    const role = CARE_TEAM_ROLE[codeOf(member.role) ?? ''];
    if (!role) return;
    const ref = resolve(member.provider, c, ['Practitioner', 'Organization']);
    if (!ref) return unresolved(at(`careTeam[${i}].provider`), 'Practitioner');
    const p = ref.resource as Practitioner | Organization;
    const name = p.resourceType === 'Practitioner' ? first(p.name) : undefined;
    team[role] = { entity: p.resourceType === 'Practitioner' ? 'person' : 'organization', name: name ? name.family : (p as Organization).name, firstName: name?.given?.[0], npi: identifierOf(p.identifier, SYSTEM.npi), taxonomy: codeOf(member.qualification, SYSTEM.nucc) };
  });

  // Diagnoses, in sequence order; item pointers are positions in this list.
  const diagnoses = [...(claim.diagnosis ?? [])].sort((a, b) => (a.sequence ?? 0) - (b.sequence ?? 0));
  const position = new Map<number, number>();
  const dxCodes: Array<{ code: string; poa?: string; admitting: boolean }> = [];
  diagnoses.forEach((d) => {
    const code = codeOf(d.diagnosisCodeableConcept, SYSTEM.icd10cm)?.replaceAll('.', '');
    const i = claim.diagnosis!.indexOf(d);
    if (!code) return error(at(`diagnosis[${i}].diagnosisCodeableConcept`), 'The diagnosis has no ICD-10-CM code.', `Code it with system ${SYSTEM.icd10cm}.`);
    const admitting = (d.type ?? []).some((t) => codeOf(t) === 'admitting');
    if (!admitting) position.set(d.sequence ?? i + 1, dxCodes.filter((x) => !x.admitting).length + 1);
    dxCodes.push({ code, poa: codeOf(d.onAdmission)?.toUpperCase(), admitting });
  });
  if (dxCodes.filter((d) => !d.admitting).length === 0 && kind !== 'dental') error(at('diagnosis'), 'The Claim has no diagnosis.', 'Add the diagnoses (ICD-10-CM) to Claim.diagnosis.');

  // Items
  const items = claim.item ?? [];
  if (items.length === 0) error(at('item'), 'The Claim has no items (service lines).', 'Add the services as Claim.item.');
  const claimPos = codeOf(first(items)?.locationCodeableConcept);
  const lines = items.map((item, i) => line(item, i));
  const total = money(claim.total?.value) ?? lines.reduce((a, l) => (l.charge ? a.plus(l.charge as string) : a), new Decimal(0)).toFixed();

  function line(item: ClaimItem, i: number): Record<string, unknown> {
    const path = at(`item[${i}]`);
    const units = quantity(item.quantity?.value) ?? '1';
    const charge = money(item.net?.value) ?? (item.unitPrice?.value !== undefined ? new Decimal(String(item.unitPrice.value)).mul(units).toFixed() : undefined);
    if (!charge) error(`${path}.net`, 'The item has no charge.', 'Set item.net (or item.unitPrice) to the charge of the line.');
    // NOCODE (http://terminology.hl7.org/CodeSystem/data-absent-reason style) means no procedure code: room and board lines.
    const code = ((x) => (x === 'NOCODE' ? undefined : x))(codeOf(item.productOrService));
    const from = isoDate(item.servicedDate ?? item.servicedPeriod?.start);
    const to = isoDate(item.servicedPeriod?.end);
    if (!from && kind !== 'institutional') error(`${path}.servicedDate`, 'The item has no date of service.', 'Set item.servicedDate (or servicedPeriod).');
    const pointers = (item.diagnosisSequence ?? []).map((s) => position.get(s));
    if (pointers.some((p) => p === undefined)) error(`${path}.diagnosisSequence`, 'The item points to a diagnosis sequence the Claim does not have.', 'Use the sequence numbers of Claim.diagnosis.');
    const ndcDetail = item.detail?.find((d) => d.productOrService?.coding?.some((k) => k.system === SYSTEM.ndc));
    const drug = ndcDetail ? { ndc: codeOf(ndcDetail.productOrService, SYSTEM.ndc)?.replaceAll('-', ''), quantity: quantity(ndcDetail.quantity?.value) ?? '1', unit: ndcDetail.quantity?.code && ['F2', 'GR', 'ME', 'ML', 'UN'].includes(ndcDetail.quantity.code) ? ndcDetail.quantity.code : 'UN' } : undefined;
    const modifiers = (item.modifier ?? []).map((m) => codeOf(m)).filter((m): m is string => !!m);
    const pos = codeOf(item.locationCodeableConcept);
    if (kind === 'institutional') {
      const revenueCode = codeOf(item.revenue);
      if (!revenueCode) error(`${path}.revenue`, 'The item has no revenue code.', 'Set item.revenue to the four-digit NUBC revenue code.');
      const days = item.quantity?.code === 'DA' || item.quantity?.code === 'd' ? 'DA' : undefined;
      return { revenueCode, procedureCode: code, modifiers, unitType: days, units, charge, serviceDate: from, serviceDateEnd: to !== from ? to : undefined, drug };
    }
    if (!code) error(`${path}.productOrService`, 'The item has no procedure code.', 'Set item.productOrService to the CPT/HCPCS (or CDT) code.');
    if (kind === 'dental') return { procedureCode: code, modifiers, units, charge, serviceDate: from, diagnosisPointers: pointers };
    return { procedureCode: code, modifiers, units, charge, serviceDate: from, serviceDateEnd: to !== from ? to : undefined, placeOfService: pos !== claimPos ? pos : undefined, diagnosisPointers: pointers, drug };
  }

  const common = {
    kind,
    claimId,
    totalCharge: total,
    priorAuthorization: insurance?.preAuthRef?.[0],
    referralNumber: claim.referral?.identifier?.value,
    billingProvider,
    subscriber,
    patient,
    payer,
    ...(otherPayers.length ? { otherPayers } : {}),
    lines,
  };
  if (kind === 'institutional') {
    const info = institutionalInfo(claim, at, error);
    const main = dxCodes.filter((d) => !d.admitting);
    const procedures = (claim.procedure ?? []).map((p) => ({ code: codeOf(p.procedureCodeableConcept)?.replaceAll('.', ''), date: isoDate(p.date) }));
    return { claimId, problems, claim: { ...common, ...info, statementFrom: isoDate(claim.billablePeriod?.start), statementTo: isoDate(claim.billablePeriod?.end ?? claim.billablePeriod?.start), diagnoses: main.map((d) => ({ code: d.code, presentOnAdmission: d.poa })), admittingDiagnosis: dxCodes.find((d) => d.admitting)?.code, procedures, attendingProvider: team.attendingProvider, operatingPhysician: team.operatingPhysician, renderingProvider: team.renderingProvider, referringProvider: team.referringProvider } };
  }
  if (!claimPos && kind === 'professional') error(at('item[0].locationCodeableConcept'), 'The first item has no place of service.', 'Set item.locationCodeableConcept to the CMS place-of-service code (11 office, ...).');
  const extra = kind === 'professional' ? { supervisingProvider: team.supervisingProvider } : {};
  return { claimId, problems, claim: { ...common, placeOfService: claimPos ?? '11', diagnoses: dxCodes.map((d) => d.code), referringProvider: team.referringProvider, renderingProvider: team.renderingProvider, ...extra } };
}

function filingIndicator(cov: Coverage): string | undefined {
  for (const coding of cov.type?.coding ?? []) {
    if (coding.code && X12_FILING.has(coding.code)) return coding.code;
    if (coding.code && SOPT_FILING[coding.code]) return SOPT_FILING[coding.code];
    if (coding.code && SOPT_FILING[coding.code.slice(0, 1)]) return SOPT_FILING[coding.code.slice(0, 1)];
  }
  return undefined;
}

/** The institutional facts carried in Claim.supportingInfo. */
function institutionalInfo(claim: Claim, at: (p: string) => string, error: (path: string, message: string, fix: string) => void): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const occurrences: unknown[] = [];
  const spans: unknown[] = [];
  const values: unknown[] = [];
  const conditions: string[] = [];
  for (const info of claim.supportingInfo ?? []) {
    const code = codeOf(info.code);
    switch (codeOf(info.category)) {
      case 'typeofbill':
        out.typeOfBill = code?.replace(/^0/, '');
        break;
      case 'admtype':
        out.admissionType = code;
        break;
      case 'pointoforigin':
        out.admissionSource = code;
        break;
      case 'discharge-status':
        out.patientStatus = code;
        break;
      case 'admissionperiod':
        out.admissionDate = isoDate(info.timingPeriod?.start);
        // A dateTime start ("2024-03-01T08:15:00-06:00") also gives the admission hour (DTP*435 DT).
        out.admissionHour = /T(\d{2}):(\d{2})/.exec(info.timingPeriod?.start ?? '')?.slice(1, 3).join('');
        break;
      case 'occurrence':
        occurrences.push({ code, date: isoDate(info.timingDate ?? info.timingPeriod?.start) });
        break;
      case 'occurrencespan':
        spans.push({ code, from: isoDate(info.timingPeriod?.start), to: isoDate(info.timingPeriod?.end) });
        break;
      case 'value':
        values.push({ code, amount: money(info.valueQuantity?.value) });
        break;
      case 'condition':
        if (code) conditions.push(code);
        break;
    }
  }
  if (!out.typeOfBill) error(at('supportingInfo'), 'The institutional Claim has no type of bill.', 'Add a supportingInfo with category typeofbill and the NUBC type of bill as its code.');
  if (!out.admissionType) error(at('supportingInfo'), 'The institutional Claim has no admission type.', 'Add a supportingInfo with category admtype (NUBC priority of admission).');
  if (!out.patientStatus) error(at('supportingInfo'), 'The institutional Claim has no discharge status.', 'Add a supportingInfo with category discharge-status (NUBC patient status).');
  if (!claim.billablePeriod?.start) error(at('billablePeriod'), 'The institutional Claim has no statement period.', 'Set Claim.billablePeriod (start and end).');
  return { ...out, occurrences, occurrenceSpans: spans, values, conditions };
}
