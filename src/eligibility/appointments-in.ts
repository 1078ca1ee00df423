/**
 * Appointment files (the `eligibility/` drop folder) → validated appointments. Pure. JSON is an array of
 * appointments or `{ "appointments": [...] }`; CSV has one appointment per row with the columns below.
 * Every problem names the row or index and the field, never the value (PHI).
 *
 *   appointmentId,date,partnerId,payerId,payerName,providerNpi,providerName,subscriberLast,subscriberFirst,memberId,subscriberBirthDate,subscriberGender,patientLast,patientFirst,patientBirthDate,patientGender,relationship,serviceTypes,procedures
 *   APPT-1,2024-03-15,,ACME01,ACME HEALTH PLAN,1234567893,MAPLE CLINIC,RIVERA,ALEX,W100200300,1980-01-15,F,,,,,,30 98,99213:150.00:98 80053:60.00
 */
import type { ZodIssue } from 'zod';
import { readCsv } from '../intake/csv/rfc4180.js';
import { Appointment, type ParsedAppointment } from './model.js';

export interface AppointmentProblem {
  /** 0-based index in a JSON file; the spreadsheet row (header = 1) in a CSV file. */
  index?: number;
  row?: number;
  field: string;
  message: string;
}

export interface AppointmentsRead {
  appointments: ParsedAppointment[];
  problems: AppointmentProblem[];
}

export const CSV_COLUMNS = [
  'appointmentId', 'date', 'partnerId', 'payerId', 'payerName', 'providerNpi', 'providerName', 'subscriberLast', 'subscriberFirst', 'memberId',
  'subscriberBirthDate', 'subscriberGender', 'patientLast', 'patientFirst', 'patientBirthDate', 'patientGender', 'relationship', 'serviceTypes', 'procedures',
] as const;

const issuesOf = (issues: readonly ZodIssue[], where: Pick<AppointmentProblem, 'index' | 'row'>): AppointmentProblem[] =>
  issues.map((i) => ({ ...where, field: '$.' + i.path.join('.'), message: i.message }));

export function validateAppointments(items: readonly unknown[], where: (k: number) => Pick<AppointmentProblem, 'index' | 'row'>): AppointmentsRead {
  const appointments: ParsedAppointment[] = [];
  const problems: AppointmentProblem[] = [];
  const seen = new Set<string>();
  items.forEach((item, k) => {
    const parsed = Appointment.safeParse(item);
    if (!parsed.success) return problems.push(...issuesOf(parsed.error.issues, where(k)));
    if (seen.has(parsed.data.appointmentId)) return problems.push({ ...where(k), field: '$.appointmentId', message: 'the same appointment id is in the file twice' });
    seen.add(parsed.data.appointmentId);
    appointments.push(parsed.data);
  });
  return { appointments, problems };
}

export function appointmentsFromJson(value: unknown): AppointmentsRead {
  const items = Array.isArray(value) ? value : value && typeof value === 'object' && Array.isArray((value as { appointments?: unknown }).appointments) ? (value as { appointments: unknown[] }).appointments : undefined;
  if (!items) return { appointments: [], problems: [{ field: '$', message: 'an appointments file is a JSON array of appointments or an object with an "appointments" array' }] };
  return validateAppointments(items, (index) => ({ index }));
}

const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

export function appointmentsFromCsv(text: string): AppointmentsRead {
  const { records, problems: csvProblems } = readCsv(text);
  const problems: AppointmentProblem[] = csvProblems.map((p) => ({ row: p.row, field: '(file)', message: p.message }));
  if (records.length === 0) return { appointments: [], problems: [...problems, { field: '(file)', message: 'the file holds no header row' }] };
  const header = records[0].fields.map((f) => f.trim());
  const missing = CSV_COLUMNS.filter((c) => !['partnerId', 'subscriberFirst', 'subscriberBirthDate', 'subscriberGender', 'patientLast', 'patientFirst', 'patientBirthDate', 'patientGender', 'relationship', 'serviceTypes', 'procedures'].includes(c) && !header.includes(c));
  if (missing.length) return { appointments: [], problems: [...problems, { row: 1, field: '(header)', message: `missing column(s): ${missing.join(', ')}` }] };
  const rows = records.slice(1);
  const objects = rows.map((r) => {
    const get = (c: (typeof CSV_COLUMNS)[number]) => blankToUndefined(r.fields[header.indexOf(c)]);
    const patientLast = get('patientLast');
    const procedures = (get('procedures') ?? '').split(/\s+/).filter(Boolean).map((p) => {
      const [code, charge, serviceType] = p.split(':');
      return { code, charge: blankToUndefined(charge), serviceType: blankToUndefined(serviceType) };
    });
    return {
      appointmentId: get('appointmentId'),
      date: get('date'),
      partnerId: get('partnerId'),
      payer: { id: get('payerId'), name: get('payerName') },
      provider: { npi: get('providerNpi'), name: get('providerName') },
      subscriber: { name: { last: get('subscriberLast'), first: get('subscriberFirst') }, memberId: get('memberId'), birthDate: get('subscriberBirthDate'), gender: get('subscriberGender') },
      patient: patientLast ? { name: { last: patientLast, first: get('patientFirst') }, birthDate: get('patientBirthDate'), gender: get('patientGender'), relationship: get('relationship') } : undefined,
      serviceTypes: get('serviceTypes')?.split(/\s+/),
      procedures,
    };
  });
  const read = validateAppointments(objects, (k) => ({ row: rows[k].row }));
  return { appointments: read.appointments, problems: [...problems, ...read.problems] };
}
