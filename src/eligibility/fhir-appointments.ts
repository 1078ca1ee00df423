/**
 * FHIR R4 Bundles of `Appointment` + `Coverage` (+ the `Patient`s, `Practitioner`/`Organization` they
 * point to) → appointments for eligibility checks. Pure; reuses the claim translator's reference resolver
 * and name mapping (src/intake/fhir/translate.ts). Problems name the FHIR path, never a value.
 *
 *   Appointment.id → appointmentId; Appointment.start → date;
 *   Appointment.participant.actor Patient → the patient; Practitioner/Organization (NPI identifier) → provider;
 *   Appointment.serviceType codings: X12 service type system → EQ01, CPT system → scheduled procedures;
 *   Coverage (beneficiary = the patient): subscriberId → member id, subscriber → the subscriber,
 *   relationship (self/spouse/child/other) → whether the patient is a dependent, payor Organization → payer.
 */
import { RELATIONSHIP, SYSTEM } from '../intake/fhir/mapping.js';
import { clean, personName, resolverFor, type Located } from '../intake/fhir/translate.js';
import type { Bundle, CodeableConcept, Coverage, HumanName, Identifier, Organization, Patient, Reference, Resource } from '../intake/fhir/types.js';
import { validateAppointments, type AppointmentProblem, type AppointmentsRead } from './appointments-in.js';

export const X12_SERVICE_TYPE_SYSTEM = 'https://x12.org/codes/service-type-codes';
export const CPT_SYSTEM = 'http://www.ama-assn.org/go/cpt';

interface FhirAppointment extends Resource {
  resourceType: 'Appointment';
  start?: string;
  serviceType?: CodeableConcept[];
  participant?: Array<{ actor?: Reference }>;
}

const GENDER: Readonly<Record<string, string>> = { female: 'F', male: 'M', other: 'U', unknown: 'U' };
const DEPENDENT: Readonly<Record<string, string>> = { spouse: 'spouse', child: 'child', common: 'spouse', parent: 'other', other: 'other', injured: 'other' };
const npiOf = (ids: readonly Identifier[] | undefined) => ids?.find((i) => i.system === SYSTEM.npi)?.value;
const nameOf = (names: readonly HumanName[] | undefined) => personName(names?.[0]);

export function appointmentsFromFhirBundle(json: unknown): AppointmentsRead {
  const bundle = json as Bundle;
  if (bundle?.resourceType !== 'Bundle') return { appointments: [], problems: [{ field: '$', message: 'not a FHIR Bundle' }] };
  const resolve = resolverFor(bundle, 'Bundle');
  const entries = (bundle.entry ?? []).map((e, i) => ({ resource: e.resource, path: `Bundle.entry[${i}].resource` })).filter((e): e is Located<Resource> => !!e.resource);
  const coverages = entries.filter((e) => e.resource.resourceType === 'Coverage') as Array<Located<Coverage>>;
  const problems: AppointmentProblem[] = [];
  const objects: unknown[] = [];
  const paths: string[] = [];
  for (const at of entries.filter((e) => e.resource.resourceType === 'Appointment') as Array<Located<FhirAppointment>>) {
    const a = at.resource;
    const actors = (a.participant ?? []).map((p) => p.actor);
    const patient = actors.map((r) => resolve(r, at, ['Patient'])).find(Boolean) as Located<Patient> | undefined;
    const provider = actors.map((r) => resolve(r, at, ['Practitioner', 'Organization'])).find(Boolean) as Located<Resource & { identifier?: Identifier[]; name?: unknown }> | undefined;
    if (!patient) {
      problems.push({ field: `${at.path}.participant`, message: 'no participant is a Patient in this Bundle' });
      continue;
    }
    const coverage = coverages.find((c) => resolve(c.resource.beneficiary, c, ['Patient'])?.resource === patient.resource);
    if (!coverage) {
      problems.push({ field: `${at.path}.participant`, message: "no Coverage in this Bundle names the appointment's Patient as beneficiary" });
      continue;
    }
    const c = coverage.resource;
    const payer = (c.payor ?? []).map((r) => resolve(r, coverage, ['Organization'])).find(Boolean) as Located<Organization> | undefined;
    const relationship = c.relationship?.coding?.[0]?.code ?? 'self';
    const subscriberResource = (resolve(c.subscriber, coverage, ['Patient', 'RelatedPerson']) ?? patient).resource as Patient;
    const dependent = relationship !== 'self' && RELATIONSHIP[relationship] !== '18';
    const codings = (a.serviceType ?? []).flatMap((t) => t.coding ?? []);
    const providerName = provider?.resource.resourceType === 'Organization' ? (provider.resource as Organization).name : [nameOf((provider?.resource as { name?: HumanName[] } | undefined)?.name).last, nameOf((provider?.resource as { name?: HumanName[] } | undefined)?.name).first].filter(Boolean).join(' ');
    objects.push(
      clean({
        appointmentId: a.id,
        date: a.start?.slice(0, 10),
        payer: { id: payer?.resource.identifier?.[0]?.value, name: payer?.resource.name },
        provider: { npi: npiOf(provider?.resource.identifier), name: providerName || undefined },
        subscriber: { name: nameOf(subscriberResource.name), memberId: c.subscriberId, birthDate: subscriberResource.birthDate, gender: GENDER[subscriberResource.gender ?? ''] },
        patient: dependent ? { name: nameOf(patient.resource.name), birthDate: patient.resource.birthDate, gender: GENDER[patient.resource.gender ?? ''], relationship: DEPENDENT[relationship] ?? 'other' } : undefined,
        serviceTypes: codings.filter((x) => x.system === X12_SERVICE_TYPE_SYSTEM).map((x) => x.code),
        procedures: codings.filter((x) => x.system === CPT_SYSTEM).map((x) => ({ code: x.code })),
      }),
    );
    paths.push(at.path);
  }
  // Each problem named by the Appointment's FHIR path and the appointment field it maps to.
  const read = validateAppointments(objects, (index) => ({ index }));
  return { appointments: read.appointments, problems: [...problems, ...read.problems.map(({ index, ...p }) => ({ ...p, field: `${paths[index ?? 0]} ${p.field}` }))] };
}
