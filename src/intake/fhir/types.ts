/**
 * The parts of FHIR R4 (https://hl7.org/fhir/R4/) the claim translator reads, as plain TypeScript types.
 * Every field is optional: the translator checks what it needs and reports what is missing by its path.
 * (No FHIR type package is installed; these follow the R4 resource definitions field for field.)
 */
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Identifier {
  system?: string;
  value?: string;
  type?: CodeableConcept;
}
export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
}
export interface Period {
  start?: string;
  end?: string;
}
export interface Quantity {
  value?: number;
  unit?: string;
  system?: string;
  code?: string;
}
export interface Money {
  value?: number;
  currency?: string;
}
export interface HumanName {
  use?: string;
  family?: string;
  given?: string[];
  suffix?: string[];
}
export interface Address {
  line?: string[];
  city?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

export interface Resource {
  resourceType: string;
  id?: string;
  contained?: Resource[];
}

export interface Patient extends Resource {
  resourceType: 'Patient';
  identifier?: Identifier[];
  name?: HumanName[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
  address?: Address[];
}
export interface Practitioner extends Resource {
  resourceType: 'Practitioner';
  identifier?: Identifier[];
  name?: HumanName[];
}
export interface Organization extends Resource {
  resourceType: 'Organization';
  identifier?: Identifier[];
  name?: string;
  address?: Address[];
}
export interface Coverage extends Resource {
  resourceType: 'Coverage';
  type?: CodeableConcept;
  subscriber?: Reference;
  subscriberId?: string;
  beneficiary?: Reference;
  relationship?: CodeableConcept;
  payor?: Reference[];
  class?: Array<{ type?: CodeableConcept; value?: string; name?: string }>;
  order?: number;
}

export interface ClaimCareTeam {
  sequence?: number;
  provider?: Reference;
  role?: CodeableConcept;
  qualification?: CodeableConcept;
}
export interface ClaimSupportingInfo {
  sequence?: number;
  category?: CodeableConcept;
  code?: CodeableConcept;
  timingDate?: string;
  timingPeriod?: Period;
  valueQuantity?: Quantity;
  valueString?: string;
}
export interface ClaimDiagnosis {
  sequence?: number;
  diagnosisCodeableConcept?: CodeableConcept;
  type?: CodeableConcept[];
  onAdmission?: CodeableConcept;
}
export interface ClaimProcedure {
  sequence?: number;
  date?: string;
  procedureCodeableConcept?: CodeableConcept;
}
export interface ClaimInsurance {
  sequence?: number;
  focal?: boolean;
  coverage?: Reference;
  preAuthRef?: string[];
}
export interface ClaimItemDetail {
  sequence?: number;
  productOrService?: CodeableConcept;
  quantity?: Quantity;
}
export interface ClaimItem {
  sequence?: number;
  careTeamSequence?: number[];
  diagnosisSequence?: number[];
  revenue?: CodeableConcept;
  productOrService?: CodeableConcept;
  modifier?: CodeableConcept[];
  servicedDate?: string;
  servicedPeriod?: Period;
  locationCodeableConcept?: CodeableConcept;
  quantity?: Quantity;
  unitPrice?: Money;
  net?: Money;
  detail?: ClaimItemDetail[];
}
export interface Claim extends Resource {
  resourceType: 'Claim';
  identifier?: Identifier[];
  status?: string;
  type?: CodeableConcept;
  use?: string;
  patient?: Reference;
  billablePeriod?: Period;
  provider?: Reference;
  referral?: Reference;
  careTeam?: ClaimCareTeam[];
  supportingInfo?: ClaimSupportingInfo[];
  diagnosis?: ClaimDiagnosis[];
  procedure?: ClaimProcedure[];
  insurance?: ClaimInsurance[];
  item?: ClaimItem[];
  total?: Money;
}

export interface BundleEntry {
  fullUrl?: string;
  resource?: Resource;
}
export interface Bundle extends Resource {
  resourceType: 'Bundle';
  type?: string;
  entry?: BundleEntry[];
}
