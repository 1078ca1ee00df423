/**
 * The CSV column layout, as data: one row per service line, the claim's columns repeated on each of its
 * rows (rows of one claim are consecutive or not; they are joined by claim_id). docs/csv-intake.md is this
 * table (a test checks the two agree). Other layouts are read through a header map (their header → ours).
 *
 * `path` is where the value goes in the claim model; `type` how the text is read.
 */
import { closestKey } from '../../claims/model-problems.js';

export type ColumnType = 'text' | 'amount' | 'quantity' | 'date' | 'list' | 'pointers';

export interface Column {
  name: string;
  level: 'claim' | 'line';
  path: string;
  type: ColumnType;
  required?: boolean;
  /** Only for this kind of claim (both when absent). */
  kind?: 'professional' | 'institutional';
  description: string;
}

const c = (name: string, level: Column['level'], path: string, description: string, extra: Partial<Column> = {}): Column => ({ name, level, path, type: 'text', description, ...extra });

export const CSV_COLUMNS: readonly Column[] = [
  c('claim_id', 'claim', 'claimId', 'The practice’s claim number (CLM01); rows with the same claim_id are one claim.', { required: true }),
  c('kind', 'claim', 'kind', 'professional (default) or institutional.'),
  c('total_charge', 'claim', 'totalCharge', 'Total charge; default the sum of the lines’ charges.', { type: 'amount' }),
  c('place_of_service', 'claim', 'placeOfService', 'CMS place of service (11 office, ...).', { kind: 'professional' }),
  c('prior_authorization', 'claim', 'priorAuthorization', 'Prior authorization number (REF*G1).'),
  c('referral_number', 'claim', 'referralNumber', 'Referral number (REF*9F).'),
  c('billing_name', 'claim', 'billingProvider.name', 'Billing provider (organization) name.', { required: true }),
  c('billing_npi', 'claim', 'billingProvider.npi', 'Billing provider NPI.', { required: true }),
  c('billing_tax_id', 'claim', 'billingProvider.taxId', 'Billing provider EIN (dashes are removed).', { required: true }),
  c('billing_taxonomy', 'claim', 'billingProvider.taxonomy', 'Billing provider taxonomy code.'),
  c('billing_address1', 'claim', 'billingProvider.address.line1', 'Billing provider street address.', { required: true }),
  c('billing_address2', 'claim', 'billingProvider.address.line2', 'Second address line.'),
  c('billing_city', 'claim', 'billingProvider.address.city', 'City.', { required: true }),
  c('billing_state', 'claim', 'billingProvider.address.state', 'State (two letters).'),
  c('billing_zip', 'claim', 'billingProvider.address.postalCode', 'ZIP code (5 or 9 digits; a dash is removed).'),
  c('rendering_last', 'claim', 'renderingProvider.name', 'Rendering provider last name (when not the billing provider).'),
  c('rendering_first', 'claim', 'renderingProvider.firstName', 'Rendering provider first name.'),
  c('rendering_npi', 'claim', 'renderingProvider.npi', 'Rendering provider NPI.'),
  c('rendering_taxonomy', 'claim', 'renderingProvider.taxonomy', 'Rendering provider taxonomy.'),
  c('referring_last', 'claim', 'referringProvider.name', 'Referring provider last name.'),
  c('referring_first', 'claim', 'referringProvider.firstName', 'Referring provider first name.'),
  c('referring_npi', 'claim', 'referringProvider.npi', 'Referring provider NPI.'),
  c('payer_name', 'claim', 'payer.name', 'Payer name.', { required: true }),
  c('payer_id', 'claim', 'payer.id', 'Payer id the clearinghouse routes on.', { required: true }),
  c('member_id', 'claim', 'subscriber.memberId', 'Subscriber’s member id.', { required: true }),
  c('subscriber_last', 'claim', 'subscriber.name.last', 'Subscriber last name.', { required: true }),
  c('subscriber_first', 'claim', 'subscriber.name.first', 'Subscriber first name.'),
  c('subscriber_middle', 'claim', 'subscriber.name.middle', 'Subscriber middle name or initial.'),
  c('group_number', 'claim', 'subscriber.groupNumber', 'Group number (SBR03).'),
  c('group_name', 'claim', 'subscriber.groupName', 'Group name (SBR04).'),
  c('claim_filing_indicator', 'claim', 'subscriber.claimFilingIndicator', 'SBR09 (CI commercial, MB Medicare Part B, MC Medicaid, BL, HM, ...).', { required: true }),
  c('subscriber_birth_date', 'claim', 'subscriber.birthDate', 'Subscriber date of birth (when the subscriber is the patient).', { type: 'date' }),
  c('subscriber_gender', 'claim', 'subscriber.gender', 'F, M or U.'),
  c('subscriber_address1', 'claim', 'subscriber.address.line1', 'Subscriber street address.'),
  c('subscriber_city', 'claim', 'subscriber.address.city', 'City.'),
  c('subscriber_state', 'claim', 'subscriber.address.state', 'State.'),
  c('subscriber_zip', 'claim', 'subscriber.address.postalCode', 'ZIP code.'),
  c('patient_relationship', 'claim', 'patient.relationship', 'Blank or 18 when the subscriber is the patient; else 01 spouse, 19 child, 20 employee, 21 unknown, 53 life partner, G8 other.'),
  c('patient_last', 'claim', 'patient.name.last', 'Patient last name (when not the subscriber).'),
  c('patient_first', 'claim', 'patient.name.first', 'Patient first name.'),
  c('patient_birth_date', 'claim', 'patient.birthDate', 'Patient date of birth.', { type: 'date' }),
  c('patient_gender', 'claim', 'patient.gender', 'F, M or U.'),
  c('patient_address1', 'claim', 'patient.address.line1', 'Patient street address.'),
  c('patient_city', 'claim', 'patient.address.city', 'City.'),
  c('patient_state', 'claim', 'patient.address.state', 'State.'),
  c('patient_zip', 'claim', 'patient.address.postalCode', 'ZIP code.'),
  c('secondary_payer_name', 'claim', 'secondary.payer.name', 'Further coverage: the secondary payer’s name (2330B); the gateway bills it after this payer’s 835 (docs/secondary-claims.md).'),
  c('secondary_payer_id', 'claim', 'secondary.payer.id', 'Secondary payer id (2330B NM109).'),
  c('secondary_member_id', 'claim', 'secondary.subscriber.memberId', 'Member id at the secondary payer (2330A NM109).'),
  c('secondary_subscriber_last', 'claim', 'secondary.subscriber.name.last', 'Last name of the secondary coverage’s insured; default the subscriber’s when the relationship is 18.'),
  c('secondary_subscriber_first', 'claim', 'secondary.subscriber.name.first', 'First name of the secondary coverage’s insured.'),
  c('secondary_relationship', 'claim', 'secondary.relationship', 'Patient’s relationship to the secondary coverage’s insured (2320 SBR02): 18 self (default), 01 spouse, 19 child, G8 other.'),
  c('secondary_group_number', 'claim', 'secondary.groupNumber', 'Secondary group number (2320 SBR03).'),
  c('secondary_claim_filing_indicator', 'claim', 'secondary.claimFilingIndicator', 'Secondary SBR09 (default CI).'),
  c('diagnoses', 'claim', 'diagnoses', 'ICD-10-CM codes separated by ";" (dots are removed), the principal first.', { type: 'list', required: true }),
  c('type_of_bill', 'claim', 'typeOfBill', 'Type of bill without the leading zero (111).', { kind: 'institutional' }),
  c('statement_from', 'claim', 'statementFrom', 'Statement period start.', { type: 'date', kind: 'institutional' }),
  c('statement_to', 'claim', 'statementTo', 'Statement period end.', { type: 'date', kind: 'institutional' }),
  c('admission_type', 'claim', 'admissionType', 'Priority of admission (CL101).', { kind: 'institutional' }),
  c('admission_source', 'claim', 'admissionSource', 'Point of origin (CL102).', { kind: 'institutional' }),
  c('admission_date', 'claim', 'admissionDate', 'Admission date.', { type: 'date', kind: 'institutional' }),
  c('patient_status', 'claim', 'patientStatus', 'Discharge status (CL103).', { kind: 'institutional' }),
  c('revenue_code', 'line', 'revenueCode', 'NUBC revenue code (institutional lines).', { kind: 'institutional' }),
  c('procedure_code', 'line', 'procedureCode', 'CPT/HCPCS code.'),
  c('modifiers', 'line', 'modifiers', 'Up to four modifiers separated by ";" or ":".', { type: 'list' }),
  c('units', 'line', 'units', 'Units (default 1).', { type: 'quantity' }),
  c('charge', 'line', 'charge', 'Line charge ("95.50"; "$1,250.00" is read as 1250.00).', { type: 'amount', required: true }),
  c('service_date', 'line', 'serviceDate', 'Date of service (YYYY-MM-DD or MM/DD/YYYY).', { type: 'date' }),
  c('service_date_end', 'line', 'serviceDateEnd', 'Last date of service of a range.', { type: 'date' }),
  c('line_place_of_service', 'line', 'placeOfService', 'Place of service of the line when different from the claim’s.', { kind: 'professional' }),
  c('diagnosis_pointers', 'line', 'diagnosisPointers', 'Positions in the diagnoses list, separated by ";" (1;2).', { type: 'pointers', kind: 'professional' }),
  c('ndc', 'line', 'drug.ndc', 'National Drug Code (dashes are removed).'),
  c('ndc_quantity', 'line', 'drug.quantity', 'Drug quantity.', { type: 'quantity' }),
  c('ndc_unit', 'line', 'drug.unit', 'Drug unit: UN (default), ML, GR, F2, ME.'),
];

/**
 * What is wrong with a header map ({ "their header": "our column" }): each value that is not a column of
 * the layout, with the likely one. Checked where a map is configured, so a typo is refused at once rather
 * than making every export fail later with "required column missing".
 */
export function headerMapProblems(map: Readonly<Record<string, string>>): Array<{ header: string; message: string }> {
  const names = CSV_COLUMNS.map((col) => col.name);
  return Object.entries(map)
    .filter(([, column]) => !names.includes(column))
    .map(([header, column]) => {
      const likely = closestKey(column, names);
      return { header, message: `"${column}" is not a column of the CSV layout (docs/csv-intake.md)${likely ? `; did you mean "${likely}"?` : ''}` };
    });
}
