/** Edits on the parties: providers (NPI, tax id, taxonomy), addresses, payer, subscriber and patient. */
import { inCodeList } from '../code-lists.js';
import { FORMATS, npiCheckDigitValid } from './formats.js';
import { addressesOf, npisOf, providersOf } from './parts.js';
import type { Edit } from './types.js';

const PATIENT_RELATIONSHIPS = new Set(['01', '19', '20', '21', '39', '40', '53', 'G8']);
const OTHER_INSURED_RELATIONSHIPS = new Set(['01', '18', '19', '20', '21', '39', '40', '53', 'G8']);

/** An NM109 the 837 refuses: fewer than its 2 characters, or spaces only. */
const tooShortOrBlank = (id: string): boolean => id.length < 2 || !/[^ ]/.test(id);

export const PARTY_EDITS: Edit[] = [
  {
    code: 'NPI-FORMAT',
    severity: 'error',
    message: 'The NPI is not 10 digits.',
    fix: 'Enter the 10-digit National Provider Identifier from NPPES, digits only.',
    run(claim, _ctx, flag) {
      for (const n of npisOf(claim)) if (!FORMATS.npi.test(n.value)) flag(n.path);
    },
  },
  {
    code: 'NPI-CHECK-DIGIT',
    severity: 'error',
    message: 'The NPI fails its check digit (Luhn with prefix 80840): it is mistyped.',
    fix: 'Check the NPI digit by digit against NPPES.',
    run(claim, _ctx, flag) {
      for (const n of npisOf(claim)) if (FORMATS.npi.test(n.value) && !npiCheckDigitValid(n.value)) flag(n.path);
    },
  },
  {
    code: 'BILLING-NPI-REQUIRED',
    severity: 'error',
    message: 'The billing provider has no NPI; payers require it from covered providers.',
    fix: 'Add the billing provider NPI (billingProvider.npi).',
    run(claim, _ctx, flag) {
      if (claim.billingProvider.npi === undefined) flag('$.billingProvider.npi');
    },
  },
  {
    code: 'TAX-ID-FORMAT',
    severity: 'error',
    message: 'The billing provider tax id is not 9 digits.',
    fix: 'Enter the EIN or SSN as 9 digits, without the dash.',
    run(claim, _ctx, flag) {
      if (!FORMATS.taxId.test(claim.billingProvider.taxId)) flag('$.billingProvider.taxId');
    },
  },
  {
    code: 'TAX-ID-TYPE',
    severity: 'error',
    kinds: ['institutional'],
    message: 'Institutional claims identify the billing provider by employer id (EIN) only.',
    fix: 'Use the facility EIN and set billingProvider.taxIdType to "ein".',
    run(claim, _ctx, flag) {
      if (claim.billingProvider.taxIdType !== 'ein') flag('$.billingProvider.taxIdType');
    },
  },
  {
    code: 'TAXONOMY-FORMAT',
    severity: 'error',
    message: 'The provider taxonomy code is not 10 characters ending in X.',
    fix: 'Use the NUCC taxonomy code as registered in NPPES (e.g. 207Q00000X).',
    run(claim, _ctx, flag) {
      for (const p of providersOf(claim)) if (p.value.taxonomy !== undefined && !FORMATS.taxonomy.test(p.value.taxonomy)) flag(`${p.path}.taxonomy`);
    },
  },
  {
    code: 'PROVIDER-ENTITY-TYPE',
    severity: 'error',
    message: 'This provider must be of the other entity type for this claim kind.',
    fix: 'Institutional billing providers are organizations; attending, operating, referring and supervising providers are people.',
    run(claim, _ctx, flag) {
      if (claim.kind === 'institutional' && claim.billingProvider.entity !== 'organization') flag('$.billingProvider.entity');
      for (const p of providersOf(claim)) {
        const mustBePerson = /referring|supervising|attending|operating/.test(p.path) || (claim.kind === 'institutional' && /rendering/.test(p.path));
        if (mustBePerson && p.value.entity !== 'person') flag(`${p.path}.entity`);
      }
    },
  },
  {
    code: 'RENDERING-SAME-AS-BILLING',
    severity: 'warning',
    kinds: ['professional', 'dental'],
    message: 'The rendering provider has the billing provider\'s NPI; the guide sends it only when they differ, so it will not be sent.',
    fix: 'Nothing to do if that is right; otherwise correct the rendering provider\'s NPI.',
    run(claim, _ctx, flag) {
      const r = 'renderingProvider' in claim ? claim.renderingProvider : undefined;
      if (r?.npi && r.npi === claim.billingProvider.npi) flag('$.renderingProvider.npi');
    },
  },
  {
    code: 'ZIP-FORMAT',
    severity: 'error',
    message: 'The ZIP code is not 5 or 9 digits.',
    fix: 'Enter the ZIP code as 5 or 9 digits without the dash (ZIP+4 as 9 digits).',
    run(claim, _ctx, flag) {
      for (const a of addressesOf(claim)) {
        if ((a.value.country ?? 'US') === 'US' && a.value.postalCode !== undefined && !FORMATS.zip.test(a.value.postalCode)) flag(`${a.path}.postalCode`);
      }
    },
  },
  {
    code: 'ZIP-NINE-DIGITS-REQUIRED',
    severity: 'error',
    message: 'The billing provider and service facility addresses need a 9-digit ZIP+4.',
    fix: 'Add the 4-digit ZIP extension (look it up at USPS).',
    run(claim, _ctx, flag) {
      for (const a of addressesOf(claim)) {
        if (!/^\$\.(billingProvider|serviceFacility)\.address$/.test(a.path)) continue;
        const zip = a.value.postalCode;
        if (zip === undefined || (FORMATS.zip.test(zip) && !FORMATS.zip9.test(zip))) flag(`${a.path}.postalCode`);
      }
    },
  },
  {
    code: 'STATE-CODE',
    severity: 'error',
    message: 'The address has no valid two-letter state or province code.',
    fix: 'Use the USPS state abbreviation (or Canada Post province code).',
    run(claim, _ctx, flag) {
      for (const a of addressesOf(claim)) {
        const country = a.value.country ?? 'US';
        if ((country === 'US' || country === 'CA') && !(a.value.state && inCodeList('state-province', a.value.state))) flag(`${a.path}.state`);
      }
    },
  },
  {
    code: 'BILLING-ADDRESS-PO-BOX',
    severity: 'error',
    message: 'The billing provider address is a post office box; the guide requires a street address.',
    fix: 'Put the street address in billingProvider.address and the post office box in payToAddress.',
    run(claim, _ctx, flag) {
      const a = claim.billingProvider.address;
      if (FORMATS.poBox.test(a.line1)) flag('$.billingProvider.address.line1');
      else if (a.line2 && FORMATS.poBox.test(a.line2)) flag('$.billingProvider.address.line2');
    },
  },
  {
    code: 'PHONE-FORMAT',
    severity: 'error',
    message: 'The contact phone number is not 10 digits.',
    fix: 'Enter the area code and number as 10 digits, no punctuation; put an extension nowhere else.',
    run(claim, _ctx, flag) {
      const phone = claim.billingProvider.contact?.phone;
      if (phone !== undefined && !FORMATS.phone.test(phone)) flag('$.billingProvider.contact.phone');
    },
  },
  {
    code: 'PAYER-ID-FORMAT',
    severity: 'error',
    message: 'The payer id holds characters other than letters and digits.',
    fix: 'Use the payer id from the clearinghouse payer list exactly.',
    run(claim, _ctx, flag) {
      if (!FORMATS.payerId.test(claim.payer.id)) flag('$.payer.id');
      claim.otherPayers.forEach((o, i) => {
        if (!FORMATS.payerId.test(o.payer.id)) flag(`$.otherPayers[${i}].payer.id`);
      });
    },
  },
  {
    code: 'OTHER-PAYER-MEMBER-ID',
    severity: 'error',
    message: 'The other payer\'s member id is blank or shorter than the 2 characters the 837 needs (NM109).',
    fix: 'Copy the member id from that payer\'s insurance card in full.',
    run(claim, _ctx, flag) {
      claim.otherPayers.forEach((o, i) => {
        if (tooShortOrBlank(o.subscriber.memberId)) flag(`$.otherPayers[${i}].subscriber.memberId`);
      });
    },
  },
  {
    code: 'MEMBER-ID-FORMAT',
    severity: 'warning',
    message: 'The member id holds spaces or punctuation; payers match ids exactly as printed on the card.',
    fix: 'Copy the member id from the insurance card without spaces or punctuation.',
    run(claim, _ctx, flag) {
      if (!FORMATS.memberId.test(claim.subscriber.memberId)) flag('$.subscriber.memberId');
      claim.otherPayers.forEach((o, i) => {
        // A blank or one-character id is OTHER-PAYER-MEMBER-ID's (an error); one finding per field.
        if (!FORMATS.memberId.test(o.subscriber.memberId) && !tooShortOrBlank(o.subscriber.memberId)) flag(`$.otherPayers[${i}].subscriber.memberId`);
      });
    },
  },
  {
    code: 'CLAIM-FILING-INDICATOR',
    severity: 'error',
    message: 'The claim filing indicator is not a known code.',
    fix: 'Use a claim filing indicator code: CI commercial, MB Medicare Part B, MA Part A, MC Medicaid, BL Blue Cross, HM HMO, ...',
    run(claim, _ctx, flag) {
      if (!inCodeList('claim-filing-indicator', claim.subscriber.claimFilingIndicator)) flag('$.subscriber.claimFilingIndicator');
      claim.otherPayers.forEach((o, i) => {
        if (!inCodeList('claim-filing-indicator', o.claimFilingIndicator)) flag(`$.otherPayers[${i}].claimFilingIndicator`);
      });
    },
  },
  {
    code: 'RELATIONSHIP-CODE',
    severity: 'error',
    message: 'The relationship code is not one the guide allows here.',
    fix: 'Patient to subscriber: 01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor, 40 cadaver donor, 53 life partner, G8 other (18 self: leave the patient out). Other insured: the same codes plus 18 self.',
    run(claim, _ctx, flag) {
      if (claim.patient && !PATIENT_RELATIONSHIPS.has(claim.patient.relationship)) flag('$.patient.relationship');
      claim.otherPayers.forEach((o, i) => {
        if (!OTHER_INSURED_RELATIONSHIPS.has(o.relationship)) flag(`$.otherPayers[${i}].relationship`);
      });
    },
  },
  {
    code: 'PATIENT-IS-SUBSCRIBER',
    severity: 'warning',
    message: 'The patient has the subscriber\'s name (and birth date, when given): the patient is probably the subscriber.',
    fix: 'When the patient is the subscriber, leave `patient` out and give the subscriber\'s birth date, gender and address.',
    run(claim, _ctx, flag) {
      const p = claim.patient;
      const s = claim.subscriber;
      const sameName = p && p.name.last === s.name.last && p.name.first === s.name.first && p.name.suffix === s.name.suffix;
      if (p && sameName && (s.birthDate === undefined || s.birthDate === p.birthDate)) flag('$.patient');
    },
  },
  {
    code: 'SUBSCRIBER-DEMOGRAPHICS-REQUIRED',
    severity: 'error',
    message: 'The subscriber is the patient but lacks a birth date, gender or address.',
    fix: 'Add subscriber.birthDate, subscriber.gender and subscriber.address (required when the subscriber is the patient).',
    run(claim, _ctx, flag) {
      if (claim.patient) return;
      const s = claim.subscriber;
      if (!s.birthDate) flag('$.subscriber.birthDate');
      if (!s.gender) flag('$.subscriber.gender');
      if (!s.address) flag('$.subscriber.address');
    },
  },
  {
    code: 'SUBSCRIBER-DEMOGRAPHICS-NOT-SENT',
    severity: 'warning',
    message: 'The subscriber is not the patient: the guide does not send the subscriber\'s birth date, gender or address.',
    fix: 'Nothing to do if the patient is right; the subscriber\'s demographics stay out of the file.',
    run(claim, _ctx, flag) {
      if (!claim.patient) return;
      const s = claim.subscriber;
      if (s.birthDate) flag('$.subscriber.birthDate');
      if (s.gender) flag('$.subscriber.gender');
      if (s.address) flag('$.subscriber.address');
    },
  },
];
