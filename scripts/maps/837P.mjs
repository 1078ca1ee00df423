#!/usr/bin/env node
/**
 * Generates mappings/guides/837P.json — the implementation-guide map for the 837 Professional
 * (005010X222A1). The JSON file is what the product reads; this script only exists so that
 * repeated structures (the 2300 claim loop under both 2000B and 2000C, NM1/N3/N4/REF/PER/DTP
 * shapes) are written once and stay identical.
 *
 *   node scripts/maps/837P.mjs            # writes mappings/guides/837P.json
 *   node scripts/maps/837P.mjs --stdout   # prints it instead
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAYER_RESPONSIBILITY, CLAIM_FILING, PATIENT_RELATIONSHIP, GENDER, PRICING_METHODOLOGY, REJECT_REASON, POLICY_COMPLIANCE, EXCEPTION_CODES, ATTACHMENT_REPORT_TYPES as PWK_REPORT_TYPES, ATTACHMENT_TRANSMISSION as PWK_TRANSMISSION , guideMapPath } from './shared-837.mjs';

// ---------------------------------------------------------------------------------------------
// Small builders
// ---------------------------------------------------------------------------------------------

/** Element (or component) rule. */
function E(pos, name, usage, extra = {}) {
  return { pos, name, usage, ...extra };
}

/** Qualifier: element (and component) must hold one of values. */
function Q(element, values, component) {
  return component ? { element, component, values } : { element, values };
}

function seg(id, name, usage, max, elements, opts = {}) {
  const s = { kind: 'segment', id, name, usage, max };
  if (opts.qualifier) s.qualifier = opts.qualifier;
  s.elements = elements;
  if (opts.note) s.note = opts.note;
  return s;
}

function loop(id, name, usage, max, children, note) {
  const l = { kind: 'loop', id, name, usage, max, children };
  if (note) l.note = note;
  return l;
}

const NPI_NOTE = 'Required for providers in the US or its territories eligible for an NPI (or foreign providers that have one).';
const STATE_NOTE = 'Required when the address is in the United States (including its territories) or Canada.';
const ZIP_NOTE = 'Required when the address is in the United States (including its territories) or Canada.';
const COUNTRY_NOTE = 'Required when the address is outside the United States and its territories.';
const SUBDIV_NOTE = 'Required when the address is outside the US and the country has administrative subdivisions.';

/**
 * NM1 builder.
 * o: { entity: [codes], types: [codes], last, lastUsage, first, middle, suffix, idQuals, idName, idUsage, note }
 */
function nm1(name, usage, o) {
  const els = [
    E(1, 'Entity Identifier Code', 'R', { codes: o.entity }),
    E(2, 'Entity Type Qualifier', 'R', { codes: o.types }),
  ];
  if (o.last) els.push(E(3, o.last, o.lastUsage ?? 'R', o.lastNote ? { note: o.lastNote } : {}));
  if (o.first) els.push(E(4, o.first, 'S', { note: o.firstNote ?? 'Required when NM102 = 1 (person) and the person has a first name.' }));
  if (o.middle) els.push(E(5, o.middle, 'S', { note: 'Required when NM102 = 1 and the middle name or initial is needed to identify the person.' }));
  if (o.suffix) els.push(E(7, o.suffix, 'S', { note: 'Required when NM102 = 1 and the name suffix is needed to identify the person.' }));
  if (o.idQuals) {
    const u = o.idUsage ?? 'S';
    els.push(E(8, 'Identification Code Qualifier', u, { codes: o.idQuals, ...(u === 'S' ? { note: o.idNote ?? NPI_NOTE } : {}) }));
    els.push(E(9, o.idName, u));
  }
  return seg('NM1', name, usage, 1, els, { qualifier: Q(1, o.entity), note: o.note });
}

function n3(name, prefix, usage = 'R', note) {
  return seg('N3', name, usage, 1, [
    E(1, `${prefix} Address Line`, 'R'),
    E(2, `${prefix} Address Line`, 'S', { note: 'Required when there is a second address line.' }),
  ], { note });
}

function n4(name, prefix, usage = 'R', note) {
  return seg('N4', name, usage, 1, [
    E(1, `${prefix} City Name`, 'R'),
    E(2, `${prefix} State Code`, 'S', { note: STATE_NOTE }),
    E(3, `${prefix} Postal Zone or ZIP Code`, 'S', { note: ZIP_NOTE }),
    E(4, 'Country Code', 'S', { note: COUNTRY_NOTE }),
    E(7, 'Country Subdivision Code', 'S', { note: SUBDIV_NOTE }),
  ], { note });
}

/** REF04 composite as the 837P uses it on line-level provider/authorization REFs (other-payer identification). */
const REF04_OTHER_PAYER = E(4, 'Reference Identifier', 'S', {
  note: 'Required when the identifier in REF02 was assigned by a non-destination (other) payer; identifies that payer.',
  components: [
    E(1, 'Reference Identification Qualifier', 'R', { codes: ['2U'] }),
    E(2, 'Other Payer Primary Identifier', 'R', { note: 'Must match NM109 of a Loop 2330B Other Payer Name.' }),
  ],
});

/** REF builder. o: { ref02Codes, ref04, note } */
function ref(name, usage, max, quals, valueName, o = {}) {
  const els = [
    E(1, 'Reference Identification Qualifier', 'R', { codes: quals }),
    E(2, valueName, 'R', o.ref02Codes ? { codes: o.ref02Codes } : {}),
  ];
  if (o.ref04) els.push(REF04_OTHER_PAYER);
  return seg('REF', name, usage, max, els, { qualifier: Q(1, quals), note: o.note });
}

/**
 * PER builder. o: { nameUsage, nameLabel, q3, q5, full (PER07/08 too), note }
 */
function per(name, usage, max, o) {
  const els = [
    E(1, 'Contact Function Code', 'R', { codes: ['IC'] }),
    E(2, o.nameLabel, o.nameUsage ?? 'S', o.nameNote ? { note: o.nameNote } : {}),
    E(3, 'Communication Number Qualifier', 'R', { codes: o.q3 }),
    E(4, 'Communication Number', 'R'),
    E(5, 'Communication Number Qualifier', 'S', { codes: o.q5, note: 'Required when a second communication number is sent (or PER04 is a telephone with an extension).' }),
    E(6, 'Communication Number', 'S'),
  ];
  if (o.full) {
    els.push(E(7, 'Communication Number Qualifier', 'S', { codes: o.q5, note: 'Required when a third communication number is sent.' }));
    els.push(E(8, 'Communication Number', 'S'));
  }
  return seg('PER', name, usage, max, els, { qualifier: Q(1, ['IC']), note: o.note });
}

function dtp(name, usage, max, quals, dateName, formats = ['D8'], note) {
  return seg('DTP', name, usage, max, [
    E(1, 'Date Time Qualifier', 'R', { codes: quals }),
    E(2, 'Date Time Period Format Qualifier', 'R', { codes: formats }),
    E(3, dateName, 'R'),
  ], { qualifier: Q(1, quals), note });
}

function amt(name, usage, max, code, amountName, note) {
  return seg('AMT', name, usage, max, [
    E(1, 'Amount Qualifier Code', 'R', { codes: [code] }),
    E(2, amountName, 'R'),
  ], { qualifier: Q(1, [code]), note });
}

function cas(name, usage, max, note) {
  const els = [
    E(1, 'Claim Adjustment Group Code', 'R', { codeList: 'claim-adjustment-group' }),
    E(2, 'Adjustment Reason Code', 'R', { codeList: 'carc' }),
    E(3, 'Adjustment Amount', 'R'),
    E(4, 'Adjustment Quantity', 'S', { note: 'Required when the adjustment is for units (quantity) and differs from the billed units.' }),
  ];
  for (let i = 0; i < 5; i++) {
    const base = 5 + i * 3;
    els.push(E(base, 'Adjustment Reason Code', 'S', { codeList: 'carc', note: 'Required when an additional adjustment reason applies within the same group.' }));
    els.push(E(base + 1, 'Adjustment Amount', 'S', { note: `Required when CAS${String(base).padStart(2, '0')} is present.` }));
    els.push(E(base + 2, 'Adjustment Quantity', 'S'));
  }
  return seg('CAS', name, usage, max, els, { note });
}

/** K3 File Information (2300 and 2400). */
function k3(usage = 'S') {
  return seg('K3', 'File Information', usage, 10, [E(1, 'Fixed Format Information', 'R')], {
    note: 'Only for a regulatory requirement not otherwise supported by this guide, by agreement with the payer.',
  });
}

/** CN1 Contract Information (2300 and 2400). */
function cn1(note) {
  return seg('CN1', 'Contract Information', 'S', 1, [
    E(1, 'Contract Type Code', 'R', { codes: ['01', '02', '03', '04', '05', '06', '09'] }),
    E(2, 'Contract Amount', 'S'),
    E(3, 'Contract Percentage', 'S'),
    E(4, 'Contract Code', 'S'),
    E(5, 'Terms Discount Percentage', 'S'),
    E(6, 'Contract Version Identifier', 'S'),
  ], { note });
}

// ---------------------------------------------------------------------------------------------
// Code lists the guide spells out
// ---------------------------------------------------------------------------------------------

const INSURANCE_TYPE = ['12', '13', '14', '15', '16', '41', '42', '43', '47'];
const PRODUCT_QUALIFIERS = ['ER', 'HC', 'IV', 'WK'];
const AMBULANCE_CONDITIONS = ['01', '04', '05', '06', '07', '08', '09', '12'];
const YN = ['N', 'Y'];

// ---------------------------------------------------------------------------------------------
// Shared segments
// ---------------------------------------------------------------------------------------------

function pwkSupplemental(name) {
  return seg('PWK', name, 'S', 10, [
    E(1, 'Attachment Report Type Code', 'R', { codes: PWK_REPORT_TYPES }),
    E(2, 'Attachment Transmission Code', 'R', { codes: PWK_TRANSMISSION }),
    E(5, 'Identification Code Qualifier', 'S', { codes: ['AC'], note: 'Required when PWK02 is BM, EL, EM, FT or FX.' }),
    E(6, 'Attachment Control Number', 'S', { note: 'Required when PWK02 is BM, EL, EM, FT or FX.' }),
  ], {
    // PWK01 lists CT in both 2400 PWK uses; PWK02 is what tells them apart.
    qualifier: Q(2, PWK_TRANSMISSION),
    note: 'Required when there is paper or electronic documentation supporting this claim/line that is being sent separately or held at the provider.',
  });
}

function crcAmbulance(note) {
  const els = [
    E(1, 'Code Category', 'R', { codes: ['07'] }),
    E(2, 'Certification Condition Indicator', 'R', { codes: YN }),
    E(3, 'Condition Code', 'R', { codes: AMBULANCE_CONDITIONS }),
  ];
  for (let p = 4; p <= 7; p++) els.push(E(p, 'Condition Code', 'S', { codes: AMBULANCE_CONDITIONS, note: 'Required when an additional condition code applies.' }));
  return seg('CRC', 'Ambulance Certification', 'S', 3, els, { qualifier: Q(1, ['07']), note });
}

function cr1(note) {
  return seg('CR1', 'Ambulance Transport Information', 'S', 1, [
    E(1, 'Unit or Basis for Measurement Code', 'S', { codes: ['LB'], note: 'Required when the patient weight is sent in CR102.' }),
    E(2, 'Patient Weight', 'S', { note: 'Required when the patient was transported by stretcher (medical necessity).' }),
    E(4, 'Ambulance Transport Reason Code', 'R', { codes: ['A', 'B', 'C', 'D', 'E'] }),
    E(5, 'Unit or Basis for Measurement Code', 'R', { codes: ['DH'] }),
    E(6, 'Transport Distance', 'R'),
    E(9, 'Round Trip Purpose Description', 'S', { note: 'Required when the ambulance service is a round trip.' }),
    E(10, 'Stretcher Purpose Description', 'S', { note: 'Required when needed to justify the use of a stretcher.' }),
  ], { note });
}

function hcpPricing(name, line) {
  const els = [
    E(1, 'Pricing Methodology', 'R', { codes: PRICING_METHODOLOGY }),
    E(2, 'Repriced Allowed Amount', 'R'),
    E(3, 'Repriced Saving Amount', 'S', { note: 'Required when the repricer has determined a savings amount.' }),
    E(4, 'Repricing Organization Identifier', 'S', { note: 'Required when the repricing organization identifier is needed by the receiver.' }),
    E(5, 'Repricing Per Diem or Flat Rate Amount', 'S', { note: 'Required when a per diem or flat rate applies.' }),
    E(6, 'Repriced Approved Ambulatory Patient Group Code', 'S', { note: 'Required when an APG code applies.' }),
    E(7, 'Repriced Approved Ambulatory Patient Group Amount', 'S', { note: 'Required when an APG amount applies.' }),
  ];
  if (line) {
    els.push(E(9, 'Product or Service ID Qualifier', 'S', { codes: PRODUCT_QUALIFIERS, note: 'Required when the repricer changed the procedure code.' }));
    els.push(E(10, 'Repriced Approved HCPCS Code', 'S', { note: 'Required when HCP09 is present.' }));
    els.push(E(11, 'Unit or Basis for Measurement Code', 'S', { codes: ['MJ', 'UN'], note: 'Required when the repricer changed the units.' }));
    els.push(E(12, 'Repriced Approved Service Unit Count', 'S', { note: 'Required when HCP11 is present.' }));
  }
  els.push(E(13, 'Reject Reason Code', 'S', { codes: REJECT_REASON, note: 'Required when the claim/line was rejected by the repricer.' }));
  els.push(E(14, 'Policy Compliance Code', 'S', { codes: POLICY_COMPLIANCE, note: 'Required when the claim/line was out of network or not in compliance with policy.' }));
  els.push(E(15, 'Exception Code', 'S', { codes: EXCEPTION_CODES, note: 'Required when the rendering provider is not in network and an exception applies.' }));
  return seg('HCP', name, 'S', 1, els, {
    note: 'Required when this claim/line was priced or repriced by a repricing organization (sent by the repricer, not by the provider).',
  });
}

function hiComponents(qualifiers, qualName, codeName) {
  return [E(1, qualName, 'R', { codes: qualifiers }), E(2, codeName, 'R')];
}

// ---------------------------------------------------------------------------------------------
// Header, 1000A, 1000B
// ---------------------------------------------------------------------------------------------

const ST = seg('ST', 'Transaction Set Header', 'R', 1, [
  E(1, 'Transaction Set Identifier Code', 'R', { codes: ['837'] }),
  E(2, 'Transaction Set Control Number', 'R', { note: 'Must equal SE02.' }),
  E(3, 'Implementation Convention Reference', 'R', { codes: ['005010X222A1', '005010X222', '005010X222A2'], note: 'Must match GS08.' }),
]);

const BHT = seg('BHT', 'Beginning of Hierarchical Transaction', 'R', 1, [
  E(1, 'Hierarchical Structure Code', 'R', { codes: ['0019'] }),
  E(2, 'Transaction Set Purpose Code', 'R', { codes: ['00', '18'] }),
  E(3, 'Originator Application Transaction Identifier', 'R'),
  E(4, 'Transaction Set Creation Date', 'R'),
  E(5, 'Transaction Set Creation Time', 'R'),
  E(6, 'Claim or Encounter Identifier', 'R', { codes: ['31', 'CH', 'RP'], note: '31 subrogation demand, CH chargeable (claims), RP reporting (encounters).' }),
]);

const L1000A = loop('1000A', 'Submitter Name', 'R', 1, [
  nm1('Submitter Name', 'R', {
    entity: ['41'], types: ['1', '2'],
    last: 'Submitter Last or Organization Name', first: 'Submitter First Name', middle: 'Submitter Middle Name or Initial',
    idQuals: ['46'], idName: 'Submitter Identifier', idUsage: 'R',
  }),
  per('Submitter EDI Contact Information', 'R', 2, {
    nameLabel: 'Submitter Contact Name', nameUsage: 'S', nameNote: 'Required in the first PER of this loop.',
    q3: ['EM', 'FX', 'TE'], q5: ['EM', 'EX', 'FX', 'TE'], full: true,
    note: 'When a communication number is a telephone number, its extension goes in the following qualifier/number pair (EX).',
  }),
]);

const L1000B = loop('1000B', 'Receiver Name', 'R', 1, [
  nm1('Receiver Name', 'R', {
    entity: ['40'], types: ['2'], last: 'Receiver Name', idQuals: ['46'], idName: 'Receiver Primary Identifier', idUsage: 'R',
  }),
]);

// ---------------------------------------------------------------------------------------------
// 2000A billing provider
// ---------------------------------------------------------------------------------------------

const L2010AA = loop('2010AA', 'Billing Provider Name', 'R', 1, [
  nm1('Billing Provider Name', 'R', {
    entity: ['85'], types: ['1', '2'],
    last: 'Billing Provider Last or Organizational Name', first: 'Billing Provider First Name',
    middle: 'Billing Provider Middle Name or Initial', suffix: 'Billing Provider Name Suffix',
    idQuals: ['XX'], idName: 'Billing Provider Identifier',
  }),
  n3('Billing Provider Address', 'Billing Provider', 'R', 'Must be a street address; post office boxes and lock boxes go in the Pay-to Address loop (2010AB).'),
  n4('Billing Provider City, State, ZIP Code', 'Billing Provider', 'R', 'US ZIP codes must be the full nine digits.'),
  ref('Billing Provider Tax Identification', 'R', 1, ['EI', 'SY'], 'Billing Provider Tax Identification Number', {
    note: 'Tax identification number (EIN or SSN) of the billing provider.',
  }),
  ref('Billing Provider UPIN/License Information', 'S', 2, ['0B', '1G'], 'Billing Provider License and/or UPIN Information', {
    note: 'Required when the billing provider has no NPI and the UPIN or state license is needed to identify it.',
  }),
  per('Billing Provider Contact Information', 'S', 2, {
    nameLabel: 'Billing Provider Contact Name', nameUsage: 'S', nameNote: 'Required when different from the 1000A submitter contact, in the first PER.',
    q3: ['EM', 'FX', 'TE'], q5: ['EM', 'EX', 'FX', 'TE'], full: true,
    note: 'Required when the billing provider contact differs from the submitter contact in Loop 1000A.',
  }),
]);

const L2010AB = loop('2010AB', 'Pay-to Address Name', 'S', 1, [
  nm1('Pay-to Address Name', 'R', { entity: ['87'], types: ['1', '2'] }),
  n3('Pay-to Address - ADDRESS', 'Pay-to Address'),
  n4('Pay-To Address City, State, ZIP Code', 'Pay-to Address'),
], 'Required when the address for payment differs from the Billing Provider address.');

const L2010AC = loop('2010AC', 'Pay-To Plan Name', 'S', 1, [
  nm1('Pay-To Plan Name', 'R', {
    entity: ['PE'], types: ['2'], last: 'Pay-to Plan Organizational Name',
    idQuals: ['PI', 'XV'], idName: 'Pay-to Plan Primary Identifier', idUsage: 'R',
  }),
  n3('Pay-to Plan Address', 'Pay-to Plan'),
  n4('Pay-To Plan City, State, ZIP Code', 'Pay-to Plan'),
  ref('Pay-to Plan Secondary Identification', 'S', 1, ['2U', 'FY', 'NF'], 'Pay-to Plan Secondary Identifier', {
    note: 'Required when an additional identifier is needed to identify the pay-to plan.',
  }),
  ref('Pay-To Plan Tax Identification Number', 'R', 1, ['EI'], 'Pay-to Plan Tax Identification Number'),
], 'Required when the willing payer is a subrogation plan (BHT06 = 31) paying a different plan.');

// ---------------------------------------------------------------------------------------------
// 2300 claim (built by a function so the 2000B and 2000C copies are identical but separate objects)
// ---------------------------------------------------------------------------------------------

function claimLoop(usage = 'R', note) {
  const CLM = seg('CLM', 'Claim Information', 'R', 1, [
    E(1, 'Patient Control Number', 'R'),
    E(2, 'Total Claim Charge Amount', 'R', { note: 'Must equal the sum of all SV102 amounts.' }),
    E(5, 'Health Care Service Location Information', 'R', {
      components: [
        E(1, 'Place of Service Code', 'R', { codeList: 'place-of-service' }),
        E(2, 'Facility Code Qualifier', 'R', { codes: ['B'] }),
        E(3, 'Claim Frequency Type Code', 'R', { codes: ['1', '7', '8'], note: 'NUBC claim frequency: 1 original, 7 replacement, 8 void/cancel of prior claim.' }),
      ],
    }),
    E(6, 'Provider or Supplier Signature Indicator', 'R', { codes: YN }),
    E(7, 'Assignment or Plan Participation Code', 'R', { codes: ['A', 'B', 'C'] }),
    E(8, 'Benefits Assignment Certification Indicator', 'R', { codes: ['N', 'W', 'Y'] }),
    E(9, 'Release of Information Code', 'R', { codes: ['I', 'Y'] }),
    E(10, 'Patient Signature Source Code', 'S', { codes: ['P'], note: 'Required when the patient signature was generated by the provider because the patient was not present.' }),
    E(11, 'Related Causes Information', 'S', {
      note: 'Required when the claim involves services to a patient related to an accident or employment.',
      components: [
        E(1, 'Related-Causes Code', 'R', { codes: ['AA', 'EM', 'OA'] }),
        E(2, 'Related-Causes Code', 'S', { codes: ['AA', 'EM', 'OA'], note: 'Required when a second related cause applies.' }),
        E(4, 'Auto Accident State or Province Code', 'S', { note: 'Required when CLM11-1 or CLM11-2 is AA and the accident occurred in the US or Canada.' }),
        E(5, 'Country Code', 'S', { note: 'Required when the accident occurred outside the US or Canada.' }),
      ],
    }),
    E(12, 'Special Program Indicator', 'S', { codes: ['02', '03', '05', '09'], note: 'Required when the services were rendered under one of the listed special programs.' }),
    E(20, 'Delay Reason Code', 'S', { codes: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '15'], note: 'Required when the claim is submitted late (past the payer timely filing limit) and a delay reason applies.' }),
  ]);

  const dates = [
    dtp('Date - Onset of Current Illness or Symptom', 'S', 1, ['431'], 'Onset of Current Illness or Injury Date', ['D8'], 'Required when the date is available and not an initial visit for chiropractic/routine care; needed for adjudication.'),
    dtp('Date - Initial Treatment Date', 'S', 1, ['454'], 'Initial Treatment Date', ['D8'], 'Required for spinal manipulation when needed for adjudication.'),
    dtp('Date - Last Seen Date', 'S', 1, ['304'], 'Last Seen Date', ['D8'], 'Required when the claim involves services of an independent physical/occupational therapist or physician services involving routine foot care.'),
    dtp('Date - Acute Manifestation', 'S', 1, ['453'], 'Acute Manifestation Date', ['D8'], 'Required for chiropractic claims with CR208 = A or M and x-rays not used.'),
    dtp('Date - Accident', 'S', 1, ['439'], 'Accident Date', ['D8'], 'Required when CLM11-1 or CLM11-2 is AA or OA.'),
    dtp('Date - Last Menstrual Period', 'S', 1, ['484'], 'Last Menstrual Period Date', ['D8'], 'Required when the patient is pregnant.'),
    dtp('Date - Last X-ray Date', 'S', 1, ['455'], 'Last X-Ray Date', ['D8'], 'Required for spinal manipulation with x-rays when needed for adjudication.'),
    dtp('Date - Hearing and Vision Prescription Date', 'S', 1, ['471'], 'Prescription Date', ['D8'], 'Required for hearing and vision prescriptions when needed for adjudication.'),
    dtp('Date - Disability Dates', 'S', 1, ['314', '360', '361'], 'Disability From Date', ['D8', 'RD8'], 'Required when the claim involves a disability and the dates are known; 314 disability period (RD8), 360 initial, 361 last.'),
    dtp('Date - Last Worked', 'S', 1, ['297'], 'Last Worked Date', ['D8'], 'Required when needed for adjudication (e.g. workers compensation absence from work).'),
    dtp('Date - Authorized Return to Work', 'S', 1, ['296'], 'Work Return Date', ['D8'], 'Required when needed for adjudication (e.g. workers compensation).'),
    dtp('Date - Admission', 'S', 1, ['435'], 'Related Hospitalization Admission Date', ['D8'], 'Required on inpatient medical visit claims (related hospitalization).'),
    dtp('Date - Discharge', 'S', 1, ['096'], 'Related Hospitalization Discharge Date', ['D8'], 'Required on inpatient claims when the patient has been discharged.'),
    dtp('Date - Assumed and Relinquished Care Dates', 'S', 2, ['090', '091'], 'Assumed or Relinquished Care Date', ['D8'], 'Required when providers share post-operative care (global surgery); 090 assumed, 091 relinquished.'),
    dtp('Date - Property and Casualty Date of First Contact', 'S', 1, ['444'], 'Property and Casualty First Contact Date', ['D8'], 'Required on property and casualty claims when required by state law.'),
    dtp('Date - Repricer Received Date', 'S', 1, ['050'], 'Repricer Received Date', ['D8'], 'Required when a repricer is passing the claim on to the payer.'),
  ];

  const refs = [
    ref('Service Authorization Exception Code', 'S', 1, ['4N'], 'Service Authorization Exception Code', {
      ref02Codes: ['1', '2', '3', '4', '5', '6', '7'],
      note: 'Required when mandated by state law or regulation and the service was provided without a required authorization.',
    }),
    ref('Mandatory Medicare (Section 4081) Crossover Indicator', 'S', 1, ['F5'], 'Medicare Section 4081 Indicator', {
      ref02Codes: YN, note: 'Required when the provider is a Department of Defense facility billing Medicare under Section 4081.',
    }),
    ref('Mammography Certification Number', 'S', 1, ['EW'], 'Mammography Certification Number', { note: 'Required when mammography services are rendered by a certified facility.' }),
    ref('Referral Number', 'S', 1, ['9F'], 'Referral Number', { note: 'Required when a referral number is assigned by the payer or UMO and the services required a referral.' }),
    ref('Prior Authorization', 'S', 1, ['G1'], 'Prior Authorization Number', { note: 'Required when an authorization number is assigned by the payer or UMO and the services required prior authorization.' }),
    ref('Payer Claim Control Number', 'S', 1, ['F8'], 'Payer Claim Control Number', { note: 'Required when CLM05-3 is 7 (replacement) or 8 (void): the payer-assigned number of the original claim.' }),
    ref('Clinical Laboratory Improvement Amendment (CLIA) Number', 'S', 1, ['X4'], 'Clinical Laboratory Improvement Amendment Number', { note: 'Required for CLIA-certified laboratory services billed on this claim.' }),
    ref('Repriced Claim Number', 'S', 1, ['9A'], 'Repriced Claim Reference Number', { note: 'Required when a repricing organization needs to pass its claim reference number.' }),
    ref('Adjusted Repriced Claim Number', 'S', 1, ['9C'], 'Adjusted Repriced Claim Reference Number', { note: 'Required when a repricer needs to pass an adjusted repriced claim number.' }),
    ref('Investigational Device Exemption Number', 'S', 1, ['LX'], 'Investigational Device Exemption Identifier', { note: 'Required when the claim involves an FDA investigational device exemption.' }),
    ref('Claim Identifier For Transmission Intermediaries', 'S', 1, ['D9'], 'Value Added Network Trace Number', { note: 'Required when the submitter or an intermediary assigned a tracking number to the claim.' }),
    ref('Medical Record Number', 'S', 1, ['EA'], 'Medical Record Number', { note: 'Required when the provider needs this number for follow-up and it differs from CLM01.' }),
    ref('Demonstration Project Identifier', 'S', 1, ['P4'], 'Demonstration Project Identifier', { note: 'Required when the services are part of a demonstration project.' }),
    ref('Care Plan Oversight', 'S', 1, ['1J'], 'Care Plan Oversight Number', { note: 'Required for physician care plan oversight services (Medicare home health/hospice agency number).' }),
  ];

  const crc = [
    crcAmbulance('Required on ambulance claims when needed to justify medical necessity.'),
    seg('CRC', 'Patient Condition Information: Vision', 'S', 3, [
      E(1, 'Code Category', 'R', { codes: ['E1', 'E2', 'E3'] }),
      E(2, 'Certification Condition Indicator', 'R', { codes: YN }),
      E(3, 'Condition Code', 'R', { codes: ['L1', 'L2', 'L3', 'L4', 'L5'] }),
      ...[4, 5, 6, 7].map((p) => E(p, 'Condition Code', 'S', { codes: ['L1', 'L2', 'L3', 'L4', 'L5'], note: 'Required when an additional condition code applies.' })),
    ], { qualifier: Q(1, ['E1', 'E2', 'E3']), note: 'Required on vision claims involving the replacement of lenses or frames.' }),
    seg('CRC', 'Homebound Indicator', 'S', 1, [
      E(1, 'Code Category', 'R', { codes: ['75'] }),
      E(2, 'Certification Condition Indicator', 'R', { codes: ['Y'] }),
      E(3, 'Homebound Indicator', 'R', { codes: ['IH'] }),
    ], { qualifier: Q(1, ['75']), note: 'Required on claims for independent laboratory services when the patient is homebound (Medicare).' }),
    seg('CRC', 'EPSDT Referral', 'S', 1, [
      E(1, 'Code Category', 'R', { codes: ['ZZ'] }),
      E(2, 'Certification Condition Code Applies Indicator', 'R', { codes: YN }),
      E(3, 'Condition Indicator', 'R', { codes: ['AV', 'NU', 'S2', 'ST'] }),
      E(4, 'Condition Indicator', 'S', { codes: ['AV', 'NU', 'S2', 'ST'], note: 'Required when an additional referral condition applies.' }),
      E(5, 'Condition Indicator', 'S', { codes: ['AV', 'NU', 'S2', 'ST'], note: 'Required when an additional referral condition applies.' }),
    ], { qualifier: Q(1, ['ZZ']), note: 'Required on EPSDT screening claims (Medicaid) when a referral resulted from the screening.' }),
  ];

  const diagnosis = seg('HI', 'Health Care Diagnosis Code', 'R', 1, [
    E(1, 'Health Care Code Information', 'R', { components: hiComponents(['ABK', 'BK'], 'Diagnosis Type Code', 'Diagnosis Code') }),
    ...[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((p) =>
      E(p, 'Health Care Code Information', 'S', {
        note: 'Required when an additional diagnosis applies.',
        components: hiComponents(['ABF', 'BF'], 'Diagnosis Type Code', 'Diagnosis Code'),
      }),
    ),
  ], {
    qualifier: Q(1, ['ABK', 'BK'], 1),
    note: 'ICD-10-CM (ABK/ABF) for dates of service on or after the ICD-10 compliance date, ICD-9-CM (BK/BF) before; do not mix code sets on one claim. No decimal point in the code.',
  });

  const anesthesia = seg('HI', 'Anesthesia Related Procedure', 'S', 1, [
    E(1, 'Health Care Code Information', 'R', { components: hiComponents(['BP'], 'Code List Qualifier Code', 'Anesthesia Related Surgical Procedure') }),
    E(2, 'Health Care Code Information', 'S', {
      note: 'Required when an additional anesthesia-related surgical procedure applies.',
      components: hiComponents(['BO'], 'Code List Qualifier Code', 'Anesthesia Related Surgical Procedure'),
    }),
  ], { qualifier: Q(1, ['BP'], 1), note: 'Required on anesthesia claims when the surgical procedure code is needed for adjudication.' });

  const condition = seg('HI', 'Condition Information', 'S', 2, [
    E(1, 'Health Care Code Information', 'R', { components: hiComponents(['BG'], 'Code List Qualifier Code', 'Condition Code') }),
    ...[2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((p) =>
      E(p, 'Health Care Code Information', 'S', {
        note: 'Required when an additional condition code applies.',
        components: hiComponents(['BG'], 'Code List Qualifier Code', 'Condition Code'),
      }),
    ),
  ], { qualifier: Q(1, ['BG'], 1), note: 'Condition codes come from the NUBC code list; required when a condition code applies to the claim.' });

  return loop('2300', 'Claim Information', usage, 100, [
    CLM,
    ...dates,
    pwkSupplemental('Claim Supplemental Information'),
    cn1('Required when the submitter is contractually obligated to supply this information on post-adjudicated claims.'),
    amt('Patient Amount Paid', 'S', 1, 'F5', 'Patient Amount Paid', 'Required when the patient has paid an amount toward this claim.'),
    ...refs,
    k3(),
    seg('NTE', 'Claim Note', 'S', 1, [
      E(1, 'Note Reference Code', 'R', { codes: ['ADD', 'CER', 'DCP', 'DGN', 'TPO'] }),
      E(2, 'Claim Note Text', 'R'),
    ], { note: 'Required when the provider needs to send information for which no other element exists.' }),
    cr1('Required on ambulance claims (claim level) when the information applies to all lines.'),
    seg('CR2', 'Spinal Manipulation Service Information', 'S', 1, [
      E(8, 'Patient Condition Code', 'R', { codes: ['A', 'C', 'D', 'E', 'F', 'G', 'M'] }),
      E(10, 'Patient Condition Description', 'S', { note: 'Required when needed to describe the patient condition.' }),
      E(11, 'Patient Condition Description', 'S', { note: 'Required when additional description is needed.' }),
    ], { note: 'Required on chiropractic claims involving spinal manipulation when needed for adjudication.' }),
    ...crc,
    diagnosis,
    anesthesia,
    condition,
    hcpPricing('Claim Pricing/Repricing Information', false),
    ...providerLoops2310(),
    otherSubscriberLoop(),
    serviceLineLoop(),
  ], 'Limited to 100 claims per patient/subscriber HL; CLM01 is the provider claim number.');
}

function providerLoops2310() {
  return [
    loop('2310A', 'Referring Provider Name', 'S', 2, [
      nm1('Referring Provider Name', 'R', {
        entity: ['DN', 'P3'], types: ['1'],
        last: 'Referring Provider Last Name', first: 'Referring Provider First Name',
        middle: 'Referring Provider Middle Name or Initial', suffix: 'Referring Provider Name Suffix',
        idQuals: ['XX'], idName: 'Referring Provider Identifier',
        note: 'DN referring provider; P3 primary care provider (when required by the payer, second iteration).',
      }),
      ref('Referring Provider Secondary Identification', 'S', 3, ['0B', '1G', 'G2'], 'Referring Provider Secondary Identifier', {
        note: 'Required when a secondary identifier is needed to identify the provider for the destination payer.',
      }),
    ], 'Required when the claim involves services resulting from a referral.'),
    loop('2310B', 'Rendering Provider Name', 'S', 1, [
      nm1('Rendering Provider Name', 'R', {
        entity: ['82'], types: ['1', '2'],
        last: 'Rendering Provider Last or Organization Name', first: 'Rendering Provider First Name',
        middle: 'Rendering Provider Middle Name or Initial', suffix: 'Rendering Provider Name Suffix',
        idQuals: ['XX'], idName: 'Rendering Provider Identifier',
      }),
      seg('PRV', 'Rendering Provider Specialty Information', 'S', 1, [
        E(1, 'Provider Code', 'R', { codes: ['PE'] }),
        E(2, 'Reference Identification Qualifier', 'R', { codes: ['PXC'] }),
        E(3, 'Provider Taxonomy Code', 'R'),
      ], { note: 'Required when the payer needs the rendering provider taxonomy to adjudicate.' }),
      ref('Rendering Provider Secondary Identification', 'S', 4, ['0B', '1G', 'G2', 'LU'], 'Rendering Provider Secondary Identifier', {
        note: 'Required when a secondary identifier is needed to identify the provider for the destination payer.',
      }),
    ], 'Required when the rendering provider differs from the billing provider (2010AA).'),
    loop('2310C', 'Service Facility Location Name', 'S', 1, [
      nm1('Service Facility Location Name', 'R', {
        entity: ['77'], types: ['2'], last: 'Laboratory or Facility Name',
        idQuals: ['XX'], idName: 'Laboratory or Facility Primary Identifier',
      }),
      n3('Service Facility Location Address', 'Laboratory or Facility'),
      n4('Service Facility Location City, State, ZIP Code', 'Laboratory or Facility'),
      ref('Service Facility Location Secondary Identification', 'S', 3, ['0B', 'G2', 'LU'], 'Laboratory or Facility Secondary Identifier', {
        note: 'Required when a secondary identifier is needed to identify the facility for the destination payer.',
      }),
      per('Service Facility Contact Information', 'S', 1, {
        nameLabel: 'Name', nameUsage: 'S', q3: ['TE'], q5: ['EX'],
        note: 'Required on property and casualty claims when the facility contact is needed.',
      }),
    ], 'Required when the location of service differs from the billing provider address (2010AA).'),
    loop('2310D', 'Supervising Provider Name', 'S', 1, [
      nm1('Supervising Provider Name', 'R', {
        entity: ['DQ'], types: ['1'],
        last: 'Supervising Provider Last Name', first: 'Supervising Provider First Name',
        middle: 'Supervising Provider Middle Name or Initial', suffix: 'Supervising Provider Name Suffix',
        idQuals: ['XX'], idName: 'Supervising Provider Identifier',
      }),
      ref('Supervising Provider Secondary Identification', 'S', 4, ['0B', '1G', 'G2', 'LU'], 'Supervising Provider Secondary Identifier', {
        note: 'Required when a secondary identifier is needed to identify the provider for the destination payer.',
      }),
    ], 'Required when the rendering provider is supervised by a physician and the payer requires it.'),
    loop('2310E', 'Ambulance Pick-up Location', 'S', 1, [
      nm1('Ambulance Pick-up Location', 'R', { entity: ['PW'], types: ['2'] }),
      n3('Ambulance Pick-up Location Address', 'Ambulance Pick-up'),
      n4('Ambulance Pick-up Location City, State, ZIP Code', 'Ambulance Pick-up'),
    ], 'Required on ambulance claims when the pick-up location applies to the whole claim.'),
    loop('2310F', 'Ambulance Drop-off Location', 'S', 1, [
      nm1('Ambulance Drop-off Location', 'R', {
        entity: ['45'], types: ['2'], last: 'Ambulance Drop-off Location', lastUsage: 'S', lastNote: 'Required when the drop-off location has a name.',
      }),
      n3('Ambulance Drop-off Location Address', 'Ambulance Drop-off'),
      n4('Ambulance Drop-off Location City, State, ZIP Code', 'Ambulance Drop-off'),
    ], 'Required on ambulance claims when the drop-off location applies to the whole claim.'),
  ];
}

function otherSubscriberLoop() {
  const otherPayerProviderRef = (name, quals, max, valueName) =>
    ref(name, 'R', max, quals, valueName, { note: 'Identifier assigned by the other payer (2330B of this 2320).' });

  return loop('2320', 'Other Subscriber Information', 'S', 10, [
    seg('SBR', 'Other Subscriber Information', 'R', 1, [
      E(1, 'Payer Responsibility Sequence Number Code', 'R', { codes: PAYER_RESPONSIBILITY }),
      E(2, 'Individual Relationship Code', 'R', { codes: ['01', '18', '19', '20', '21', '39', '40', '53', 'G8'] }),
      E(3, 'Insured Group or Policy Number', 'S', { note: 'Required when the other payer assigned a group or policy number.' }),
      E(4, 'Other Insured Group Name', 'S', { note: 'Required when the other payer assigned a group name.' }),
      E(5, 'Insurance Type Code', 'S', { codes: INSURANCE_TYPE, note: 'Required when the destination payer is Medicare and Medicare is not primary.' }),
      E(9, 'Claim Filing Indicator Code', 'R', { codes: CLAIM_FILING }),
    ]),
    cas('Claim Level Adjustments', 'S', 5, 'Required when the claim has been adjudicated by this other payer and it made claim-level adjustments.'),
    amt('Coordination of Benefits (COB) Payer Paid Amount', 'S', 1, 'D', 'Payer Paid Amount', 'Required when the claim has been adjudicated by the payer in 2330B (zero when nothing was paid).'),
    amt('Coordination of Benefits (COB) Total Non-Covered Amount', 'S', 1, 'A8', 'Non-Covered Charge Amount', 'Required when the destination payer needs it and the other payer reported a non-covered amount.'),
    amt('Remaining Patient Liability', 'S', 1, 'EAF', 'Remaining Patient Liability', 'Required when the other payer adjudicated the claim and provided claim-level patient liability.'),
    seg('OI', 'Other Insurance Coverage Information', 'R', 1, [
      E(3, 'Benefits Assignment Certification Indicator', 'R', { codes: ['N', 'W', 'Y'] }),
      E(4, 'Patient Signature Source Code', 'S', { codes: ['P'], note: 'Required when the patient signature was generated by the provider.' }),
      E(6, 'Release of Information Code', 'R', { codes: ['I', 'Y'] }),
    ]),
    seg('MOA', 'Outpatient Adjudication Information', 'S', 1, [
      E(1, 'Reimbursement Rate', 'S', { note: 'Required when returned in the other payer remittance advice.' }),
      E(2, 'HCPCS Payable Amount', 'S', { note: 'Required when returned in the other payer remittance advice.' }),
      E(3, 'Claim Payment Remark Code', 'S', { codeList: 'rarc', note: 'Required when the other payer returned remark codes.' }),
      E(4, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      E(5, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      E(6, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      E(7, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      E(8, 'End Stage Renal Disease Payment Amount', 'S', { note: 'Required when returned in the other payer remittance advice.' }),
      E(9, 'Non-Payable Professional Component Billed Amount', 'S', { note: 'Required when returned in the other payer remittance advice.' }),
    ], { note: 'Required when the other payer (Medicare) returned outpatient adjudication information.' }),
    loop('2330A', 'Other Subscriber Name', 'R', 1, [
      nm1('Other Subscriber Name', 'R', {
        entity: ['IL'], types: ['1', '2'],
        last: 'Other Insured Last Name', first: 'Other Insured First Name',
        middle: 'Other Insured Middle Name', suffix: 'Other Insured Name Suffix',
        idQuals: ['II', 'MI'], idName: 'Other Insured Identifier', idUsage: 'R',
      }),
      n3('Other Subscriber Address', 'Other Subscriber', 'S', 'Required when the address is known.'),
      n4('Other Subscriber City, State, ZIP Code', 'Other Subscriber', 'S', 'Required when the N3 segment is sent.'),
      ref('Other Subscriber Secondary Identification', 'S', 1, ['SY'], 'Other Insured Additional Identifier', {
        note: 'Required when an additional identifier is needed by the destination payer.',
      }),
    ]),
    loop('2330B', 'Other Payer Name', 'R', 1, [
      nm1('Other Payer Name', 'R', {
        entity: ['PR'], types: ['2'], last: 'Other Payer Organization Name',
        idQuals: ['PI', 'XV'], idName: 'Other Payer Primary Identifier', idUsage: 'R',
      }),
      n3('Other Payer Address', 'Other Payer', 'S', 'Required when the address is needed to identify the other payer.'),
      n4('Other Payer City, State, ZIP Code', 'Other Payer', 'S', 'Required when the N3 segment is sent.'),
      dtp('Claim Check or Remittance Date', 'S', 1, ['573'], 'Adjudication or Payment Date', ['D8'], 'Required when the claim was adjudicated by this payer and line-level adjudication (2430) is not sent.'),
      ref('Other Payer Secondary Identifier', 'S', 2, ['2U', 'EI', 'FY', 'NF'], 'Other Payer Secondary Identifier', {
        note: 'Required when an additional identifier is needed to identify the other payer.',
      }),
      ref('Other Payer Prior Authorization Number', 'S', 1, ['G1'], 'Other Payer Prior Authorization Number', {
        note: 'Required when the other payer assigned a prior authorization number for this claim.',
      }),
      ref('Other Payer Referral Number', 'S', 1, ['9F'], 'Other Payer Prior Authorization or Referral Number', {
        note: 'Required when the other payer assigned a referral number for this claim.',
      }),
      ref('Other Payer Claim Adjustment Indicator', 'S', 1, ['T4'], 'Other Payer Claim Adjustment Indicator', {
        ref02Codes: ['Y'], note: 'Required when the other payer claim has been adjusted.',
      }),
      ref('Other Payer Claim Control Number', 'S', 1, ['F8'], "Other Payer's Claim Control Number", {
        note: 'Required when the other payer assigned a claim control number and it is needed by the destination payer.',
      }),
    ]),
    loop('2330C', 'Other Payer Referring Provider', 'S', 2, [
      nm1('Other Payer Referring Provider', 'R', { entity: ['DN', 'P3'], types: ['1'] }),
      otherPayerProviderRef('Other Payer Referring Provider Secondary Identification', ['0B', '1G', 'G2'], 3, 'Other Payer Referring Provider Identifier'),
    ], 'Required when 2310A is used and the other payer identified the referring provider with its own identifier.'),
    loop('2330D', 'Other Payer Rendering Provider', 'S', 1, [
      nm1('Other Payer Rendering Provider', 'R', { entity: ['82'], types: ['1', '2'] }),
      otherPayerProviderRef('Other Payer Rendering Provider Secondary Identification', ['0B', '1G', 'G2', 'LU'], 3, 'Other Payer Rendering Provider Secondary Identifier'),
    ], 'Required when 2310B is used and the other payer identified the rendering provider with its own identifier.'),
    loop('2330E', 'Other Payer Service Facility Location', 'S', 1, [
      nm1('Other Payer Service Facility Location', 'R', { entity: ['77'], types: ['2'] }),
      otherPayerProviderRef('Other Payer Service Facility Location Secondary Identification', ['0B', 'G2', 'LU'], 3, 'Other Payer Service Facility Location Secondary Identifier'),
    ], 'Required when 2310C is used and the other payer identified the facility with its own identifier.'),
    loop('2330F', 'Other Payer Supervising Provider', 'S', 1, [
      nm1('Other Payer Supervising Provider', 'R', { entity: ['DQ'], types: ['1'] }),
      otherPayerProviderRef('Other Payer Supervising Provider Secondary Identification', ['0B', '1G', 'G2', 'LU'], 3, 'Other Payer Supervising Provider Identifier'),
    ], 'Required when 2310D is used and the other payer identified the supervising provider with its own identifier.'),
    loop('2330G', 'Other Payer Billing Provider', 'S', 1, [
      nm1('Other Payer Billing Provider', 'R', { entity: ['85'], types: ['1', '2'] }),
      otherPayerProviderRef('Other Payer Billing Provider Secondary Identification', ['G2', 'LU'], 2, 'Other Payer Billing Provider Identifier'),
    ], 'Required when the other payer identified the billing provider with its own identifier.'),
  ], 'Required when other payers are known to potentially be involved in paying this claim (one iteration per other payer).');
}

// ---------------------------------------------------------------------------------------------
// 2400 service line
// ---------------------------------------------------------------------------------------------

function procedureComposite(pos, usage, descName, note) {
  return E(pos, 'Composite Medical Procedure Identifier', usage, {
    ...(note ? { note } : {}),
    components: [
      E(1, 'Product or Service ID Qualifier', 'R', { codes: PRODUCT_QUALIFIERS }),
      E(2, 'Procedure Code', 'R'),
      E(3, 'Procedure Modifier', 'S', { note: 'Required when a modifier clarifies or improves the reporting accuracy of the procedure code.' }),
      E(4, 'Procedure Modifier', 'S'),
      E(5, 'Procedure Modifier', 'S'),
      E(6, 'Procedure Modifier', 'S'),
      E(7, descName, 'S', { note: 'Required when the procedure code is a not-otherwise-classified (NOC) code.' }),
    ],
  });
}

function serviceLineLoop() {
  const SV1 = seg('SV1', 'Professional Service', 'R', 1, [
    procedureComposite(1, 'R', 'Description'),
    E(2, 'Line Item Charge Amount', 'R'),
    E(3, 'Unit or Basis for Measurement Code', 'R', { codes: ['MJ', 'UN'] }),
    E(4, 'Service Unit Count', 'R'),
    E(5, 'Place of Service Code', 'S', { codeList: 'place-of-service', note: 'Required when the place of service differs from CLM05-1.' }),
    E(7, 'Composite Diagnosis Code Pointer', 'R', {
      components: [
        E(1, 'Diagnosis Code Pointer', 'R', { note: 'Points (1-12) to an HI diagnosis position of the claim.' }),
        E(2, 'Diagnosis Code Pointer', 'S'),
        E(3, 'Diagnosis Code Pointer', 'S'),
        E(4, 'Diagnosis Code Pointer', 'S'),
      ],
    }),
    E(9, 'Emergency Indicator', 'S', { codes: ['Y'], note: 'Required when the service was an emergency (Medicaid, or as required by the payer).' }),
    E(11, 'EPSDT Indicator', 'S', { codes: ['Y'], note: 'Required for Medicaid EPSDT services.' }),
    E(12, 'Family Planning Indicator', 'S', { codes: ['Y'], note: 'Required for Medicaid family planning services.' }),
    E(15, 'Copay Status Code', 'S', { codes: ['0'], note: 'Required when the patient was exempt from the copay.' }),
  ]);

  const SV5 = seg('SV5', 'Durable Medical Equipment Service', 'S', 1, [
    E(1, 'Composite Medical Procedure Identifier', 'R', {
      components: [E(1, 'Product or Service ID Qualifier', 'R', { codes: ['HC'] }), E(2, 'Procedure Identifier', 'R')],
    }),
    E(2, 'Unit or Basis for Measurement Code', 'R', { codes: ['DA'] }),
    E(3, 'Length of Medical Necessity', 'R'),
    E(4, 'DME Rental Price', 'S', { note: 'Required when the DME is rented (SV501-2 / modifiers indicate rental).' }),
    E(5, 'DME Purchase Price', 'S', { note: 'Required when the DME is purchased.' }),
    E(6, 'Rental Unit Price Indicator', 'S', { codes: ['1', '4', '6'], note: 'Required when SV504 is present.' }),
  ], { note: 'Required when the line is for DME rented or purchased and the payer requires this information (e.g. Medicare DME MAC).' });

  const dmeCmn = seg('PWK', 'Durable Medical Equipment Certificate of Medical Necessity Indicator', 'S', 1, [
    E(1, 'Attachment Report Type Code', 'R', { codes: ['CT'] }),
    E(2, 'Attachment Transmission Code', 'R', { codes: ['AB', 'AD', 'AF', 'AG', 'NS'] }),
  ], {
    qualifier: Q(2, ['AB', 'AD', 'AF', 'AG', 'NS']),
    note: 'Required when a DMERC CMN or DIF applies to the line; PWK02 tells it apart from the line supplemental PWK.',
  });

  const CR3 = seg('CR3', 'Durable Medical Equipment Certification', 'S', 1, [
    E(1, 'Certification Type Code', 'R', { codes: ['I', 'R', 'S'] }),
    E(2, 'Unit or Basis for Measurement Code', 'R', { codes: ['MO'] }),
    E(3, 'Durable Medical Equipment Duration', 'R'),
  ], { note: 'Required when a Certificate of Medical Necessity applies to the DME on this line.' });

  const lineCrc = [
    crcAmbulance('Required on ambulance lines when needed to justify medical necessity.'),
    seg('CRC', 'Hospice Employee Indicator', 'S', 1, [
      E(1, 'Code Category', 'R', { codes: ['70'] }),
      E(2, 'Certification Condition Indicator', 'R', { codes: YN }),
      E(3, 'Condition Code', 'R', { codes: ['65'] }),
    ], { qualifier: Q(1, ['70']), note: 'Required on Medicare claims for hospice patients when the rendering provider is (or is not) a hospice employee.' }),
    seg('CRC', 'Condition Indicator/Durable Medical Equipment', 'S', 1, [
      E(1, 'Code Category', 'R', { codes: ['09'] }),
      E(2, 'Certification Condition Indicator', 'R', { codes: YN }),
      E(3, 'Condition Indicator', 'R', { codes: ['38', 'ZV'] }),
      E(4, 'Condition Indicator', 'S', { codes: ['38', 'ZV'], note: 'Required when both conditions apply.' }),
    ], { qualifier: Q(1, ['09']), note: 'Required for DME MAC claims when the condition indicator applies.' }),
  ];

  const lineDates = [
    dtp('Date - Service Date', 'R', 1, ['472'], 'Service Date', ['D8', 'RD8'], 'RD8 (range) only when the payer allows a date range for the same service.'),
    dtp('Date - Prescription Date', 'S', 1, ['471'], 'Prescription Date', ['D8'], 'Required on claims for prescribed hearing aids, drugs or supplies when needed for adjudication.'),
    dtp('DATE - Certification Revision/Recertification Date', 'S', 1, ['607'], 'Certification Revision or Recertification Date', ['D8'], 'Required when CR301 is R or S.'),
    dtp('Date - Begin Therapy Date', 'S', 1, ['463'], 'Begin Therapy Date', ['D8'], 'Required when a CMN applies and the payer needs the begin therapy date.'),
    dtp('Date - Last Certification Date', 'S', 1, ['461'], 'Last Certification Date', ['D8'], 'Required for physical/occupational therapy or when a CMN applies and the date is needed.'),
    dtp('Date - Last Seen Date', 'S', 1, ['304'], 'Treatment or Therapy Date', ['D8'], 'Required for services of independent PT/OT or routine foot care when it differs from the claim-level date.'),
    dtp('Date - Test Date', 'S', 2, ['738', '739'], 'Test Performed Date', ['D8'], 'Required on dialysis claims (hemoglobin/hematocrit 738, serum creatinine 739) when test results are sent in MEA.'),
    dtp('Date - Shipped Date', 'S', 1, ['011'], 'Shipped Date', ['D8'], 'Required on DME claims when the shipped date is needed.'),
    dtp('Date - Last X-ray Date', 'S', 1, ['455'], 'Last X-Ray Date', ['D8'], 'Required for spinal manipulation when the x-ray date differs from the claim level.'),
    dtp('Date - Initial Treatment Date', 'S', 1, ['454'], 'Initial Treatment Date', ['D8'], 'Required when the initial treatment date differs from the claim level.'),
  ];

  const lineRefs = [
    ref('Repriced Line Item Reference Number', 'S', 1, ['9B'], 'Repriced Line Item Reference Number', { note: 'Required when a repricer assigned a line item reference number.' }),
    ref('Adjusted Repriced Line Item Reference Number', 'S', 1, ['9D'], 'Adjusted Repriced Line Item Reference Number', { note: 'Required when a repricer assigned an adjusted line item reference number.' }),
    ref('Prior Authorization', 'S', 5, ['G1'], 'Prior Authorization or Referral Number', {
      ref04: true, note: 'Required when the line has a prior authorization number different from the claim-level one.',
    }),
    ref('Line Item Control Number', 'S', 1, ['6R'], 'Line Item Control Number', { note: 'Required when the submitter needs a unique line identifier returned in the 835 (REF*6R).' }),
    ref('Mammography Certification Number', 'S', 1, ['EW'], 'Mammography Certification Number', { note: 'Required when mammography is performed by a certified facility different from the claim level.' }),
    ref('Clinical Laboratory Improvement Amendment (CLIA) Number', 'S', 1, ['X4'], 'Clinical Laboratory Improvement Amendment Number', { note: 'Required when the line CLIA number differs from the claim-level X4.' }),
    ref('Referring Clinical Laboratory Improvement Amendment (CLIA) Facility Identification', 'S', 1, ['F4'], 'Referring CLIA Number', { note: 'Required for referred laboratory services when the referring lab CLIA number is needed.' }),
    ref('Immunization Batch Number', 'S', 1, ['BT'], 'Immunization Batch Number', { note: 'Required when the immunization batch number is required by state law or the payer.' }),
    ref('Referral Number', 'S', 5, ['9F'], 'Referral Number', {
      ref04: true, note: 'Required when the line has a referral number different from the claim-level one.',
    }),
  ];

  return loop('2400', 'Service Line Number', 'R', 50, [
    seg('LX', 'Service Line Number', 'R', 1, [E(1, 'Assigned Number', 'R', { note: 'Starts at 1 and increments by 1 within the claim.' })]),
    SV1,
    SV5,
    pwkSupplemental('Line Supplemental Information'),
    dmeCmn,
    cr1('Required on ambulance lines when the information differs from the claim-level CR1.'),
    CR3,
    ...lineCrc,
    ...lineDates,
    seg('QTY', 'Ambulance Patient Count', 'S', 1, [
      E(1, 'Quantity Qualifier', 'R', { codes: ['PT'] }),
      E(2, 'Ambulance Patient Count', 'R'),
    ], { qualifier: Q(1, ['PT']), note: 'Required when more than one patient is transported in the same vehicle.' }),
    seg('QTY', 'Obstetric Anesthesia Additional Units', 'S', 1, [
      E(1, 'Quantity Qualifier', 'R', { codes: ['FL'] }),
      E(2, 'Obstetric Additional Units', 'R'),
    ], { qualifier: Q(1, ['FL']), note: 'Required when obstetric anesthesia additional units apply and the payer needs them.' }),
    seg('MEA', 'Test Result', 'S', 5, [
      E(1, 'Measurement Reference ID Code', 'R', { codes: ['OG', 'TR'] }),
      E(2, 'Measurement Qualifier', 'R', { codes: ['HT', 'R1', 'R2', 'R3', 'R4'] }),
      E(3, 'Test Results', 'R'),
    ], { note: 'Required on dialysis (hemoglobin/hematocrit, creatinine) or height claims when the payer requires test results.' }),
    cn1('Required when the submitter is contractually obligated to supply this information on post-adjudicated claims.'),
    ...lineRefs,
    amt('Sales Tax Amount', 'S', 1, 'T', 'Sales Tax Amount', 'Required when sales tax applies to the line and is included in SV102.'),
    amt('Postage Claimed Amount', 'S', 1, 'F4', 'Postage Claimed Amount', 'Required when postage is claimed and is included in SV102.'),
    k3(),
    seg('NTE', 'Line Note', 'S', 1, [
      E(1, 'Note Reference Code', 'R', { codes: ['ADD', 'DCP'] }),
      E(2, 'Line Note Text', 'R'),
    ], { qualifier: Q(1, ['ADD', 'DCP']), note: 'Required when the provider needs to send line information for which no other element exists.' }),
    seg('NTE', 'Third Party Organization Notes', 'S', 1, [
      E(1, 'Note Reference Code', 'R', { codes: ['TPO'] }),
      E(2, 'Line Note Text', 'R'),
    ], { qualifier: Q(1, ['TPO']), note: 'Sent by third party organizations (repricers), not by the provider.' }),
    seg('PS1', 'Purchased Service Information', 'S', 1, [
      E(1, 'Purchased Service Provider Identifier', 'R'),
      E(2, 'Purchased Service Charge Amount', 'R'),
    ], { note: 'Required when the service is a purchased service (e.g. purchased diagnostic test) and the payer requires it.' }),
    hcpPricing('Line Pricing/Repricing Information', true),
    loop('2410', 'Drug Identification', 'S', 1, [
      seg('LIN', 'Drug Identification', 'R', 1, [
        E(2, 'Product or Service ID Qualifier', 'R', { codes: ['N4'] }),
        E(3, 'National Drug Code', 'R', { note: '11-digit NDC in 5-4-2 format without hyphens.' }),
      ]),
      seg('CTP', 'Drug Quantity', 'R', 1, [
        E(4, 'National Drug Unit Count', 'R'),
        E(5, 'Composite Unit of Measure', 'R', {
          components: [E(1, 'Code Qualifier', 'R', { codes: ['F2', 'GR', 'ME', 'ML', 'UN'] })],
        }),
      ]),
      ref('Prescription or Compound Drug Association Number', 'S', 1, ['VY', 'XZ'], 'Prescription Number', {
        note: 'Required when dispensing a prescription (XZ) or when the line is part of a compound drug (VY link sequence number).',
      }),
    ], 'Required when the government regulation or payer requires the NDC for drugs billed on this line.'),
    ...providerLoops2420(),
    loop('2430', 'Line Adjudication Information', 'S', 15, [
      seg('SVD', 'Line Adjudication Information', 'R', 1, [
        E(1, 'Other Payer Primary Identifier', 'R', { note: 'Must match NM109 of a 2330B Other Payer Name.' }),
        E(2, 'Service Line Paid Amount', 'R'),
        procedureComposite(3, 'R', 'Procedure Code Description'),
        E(5, 'Paid Service Unit Count', 'R'),
        E(6, 'Bundled or Unbundled Line Number', 'S', { note: 'Required when the other payer bundled or unbundled this line (the LX01 of the related line).' }),
      ]),
      cas('Line Adjustment', 'S', 5, 'Required when the other payer made line-level adjustments.'),
      dtp('Line Check or Remittance Date', 'R', 1, ['573'], 'Adjudication or Payment Date', ['D8']),
      amt('Remaining Patient Liability', 'S', 1, 'EAF', 'Remaining Patient Liability', 'Required when the other payer provided line-level patient liability.'),
    ], 'Required when the claim has been previously adjudicated by the payer in 2330B and this line was adjudicated (one iteration per payer).'),
    loop('2440', 'Form Identification Code', 'S', '>1', [
      seg('LQ', 'Form Identification Code', 'R', 1, [
        E(1, 'Code List Qualifier Code', 'R', { codes: ['AS', 'UT'] }),
        E(2, 'Form Identifier', 'R'),
      ]),
      seg('FRM', 'Supporting Documentation', 'R', 99, [
        E(1, 'Question Number/Letter', 'R'),
        E(2, 'Question Response', 'S', { codes: ['N', 'W', 'Y'], note: 'Exactly one of FRM02..FRM05 is sent, as the question requires.' }),
        E(3, 'Question Response', 'S'),
        E(4, 'Question Response', 'S'),
        E(5, 'Question Response', 'S'),
      ]),
    ], 'Required when the payer requires supporting documentation in this form (e.g. DME information forms/CMN).'),
  ], 'Limited to 50 service lines per claim.');
}

function providerLoops2420() {
  return [
    loop('2420A', 'Rendering Provider Name', 'S', 1, [
      nm1('Rendering Provider Name', 'R', {
        entity: ['82'], types: ['1', '2'],
        last: 'Rendering Provider Last or Organization Name', first: 'Rendering Provider First Name',
        middle: 'Rendering Provider Middle Name or Initial', suffix: 'Rendering Provider Name Suffix',
        idQuals: ['XX'], idName: 'Rendering Provider Identifier',
      }),
      seg('PRV', 'Rendering Provider Specialty Information', 'S', 1, [
        E(1, 'Provider Code', 'R', { codes: ['PE'] }),
        E(2, 'Reference Identification Qualifier', 'R', { codes: ['PXC'] }),
        E(3, 'Provider Taxonomy Code', 'R'),
      ], { note: 'Required when the payer needs the line rendering provider taxonomy to adjudicate.' }),
      ref('Rendering Provider Secondary Identification', 'S', 20, ['0B', '1G', 'G2', 'LU'], 'Rendering Provider Secondary Identifier', { ref04: true }),
    ], 'Required when the line rendering provider differs from the claim-level rendering provider (2310B).'),
    loop('2420B', 'Purchased Service Provider Name', 'S', 1, [
      nm1('Purchased Service Provider Name', 'R', {
        entity: ['QB'], types: ['1', '2'], idQuals: ['XX'], idName: 'Purchased Service Provider Identifier',
      }),
      ref('Purchased Service Provider Secondary Identification', 'S', 20, ['0B', '1G', 'G2'], 'Purchased Service Provider Secondary Identifier', { ref04: true }),
    ], 'Required on purchased diagnostic test claims when the payer requires the purchased service provider.'),
    loop('2420C', 'Service Facility Location Name', 'S', 1, [
      nm1('Service Facility Location Name', 'R', {
        entity: ['77'], types: ['2'], last: 'Laboratory or Facility Name',
        idQuals: ['XX'], idName: 'Laboratory or Facility Primary Identifier',
      }),
      n3('Service Facility Location Address', 'Laboratory or Facility'),
      n4('Service Facility Location City, State, ZIP Code', 'Laboratory or Facility'),
      ref('Service Facility Location Secondary Identification', 'S', 3, ['0B', 'G2', 'LU'], 'Laboratory or Facility Secondary Identifier', { ref04: true }),
    ], 'Required when the line service facility differs from the claim-level one (2310C).'),
    loop('2420D', 'Supervising Provider Name', 'S', 1, [
      nm1('Supervising Provider Name', 'R', {
        entity: ['DQ'], types: ['1'],
        last: 'Supervising Provider Last Name', first: 'Supervising Provider First Name',
        middle: 'Supervising Provider Middle Name or Initial', suffix: 'Supervising Provider Name Suffix',
        idQuals: ['XX'], idName: 'Supervising Provider Identifier',
      }),
      ref('Supervising Provider Secondary Identification', 'S', 20, ['0B', '1G', 'G2', 'LU'], 'Supervising Provider Secondary Identifier', { ref04: true }),
    ], 'Required when the line supervising provider differs from the claim-level one (2310D).'),
    loop('2420E', 'Ordering Provider Name', 'S', 1, [
      nm1('Ordering Provider Name', 'R', {
        entity: ['DK'], types: ['1'],
        last: 'Ordering Provider Last Name', first: 'Ordering Provider First Name',
        middle: 'Ordering Provider Middle Name or Initial', suffix: 'Ordering Provider Name Suffix',
        idQuals: ['XX'], idName: 'Ordering Provider Identifier',
      }),
      n3('Ordering Provider Address', 'Ordering Provider', 'S', 'Required when the ordering provider is not also the rendering provider and the payer needs the address (e.g. DME).'),
      n4('Ordering Provider City, State, ZIP Code', 'Ordering Provider', 'S', 'Required when the N3 segment is sent.'),
      ref('Ordering Provider Secondary Identification', 'S', 20, ['0B', '1G', 'G2'], 'Ordering Provider Secondary Identifier', { ref04: true }),
      per('Ordering Provider Contact Information', 'S', 1, {
        nameLabel: 'Ordering Provider Contact Name', nameUsage: 'S', q3: ['EM', 'FX', 'TE'], q5: ['EM', 'EX', 'FX', 'TE'], full: true,
        note: 'Required when the claim is for DME and the ordering provider contact is needed.',
      }),
    ], 'Required when the service or supply was ordered by a provider different from the rendering provider.'),
    loop('2420F', 'Referring Provider Name', 'S', 2, [
      nm1('Referring Provider Name', 'R', {
        entity: ['DN', 'P3'], types: ['1'],
        last: 'Referring Provider Last Name', first: 'Referring Provider First Name',
        middle: 'Referring Provider Middle Name or Initial', suffix: 'Referring Provider Name Suffix',
        idQuals: ['XX'], idName: 'Referring Provider Identifier',
      }),
      ref('Referring Provider Secondary Identification', 'S', 20, ['0B', '1G', 'G2'], 'Referring Provider Secondary Identifier', { ref04: true }),
    ], 'Required when the line referring provider differs from the claim-level one (2310A).'),
    loop('2420G', 'Ambulance Pick-up Location', 'S', 1, [
      nm1('Ambulance Pick-up Location', 'R', { entity: ['PW'], types: ['2'] }),
      n3('Ambulance Pick-up Location Address', 'Ambulance Pick-up'),
      n4('Ambulance Pick-up Location City, State, ZIP Code', 'Ambulance Pick-up'),
    ], 'Required on ambulance lines when the pick-up location differs from the claim level (2310E).'),
    loop('2420H', 'Ambulance Drop-off Location', 'S', 1, [
      nm1('Ambulance Drop-off Location', 'R', {
        entity: ['45'], types: ['2'], last: 'Ambulance Drop-off Location', lastUsage: 'S', lastNote: 'Required when the drop-off location has a name.',
      }),
      n3('Ambulance Drop-off Location Address', 'Ambulance Drop-off'),
      n4('Ambulance Drop-off Location City, State, ZIP Code', 'Ambulance Drop-off'),
    ], 'Required on ambulance lines when the drop-off location differs from the claim level (2310F).'),
  ];
}

// ---------------------------------------------------------------------------------------------
// 2000B subscriber, 2000C patient
// ---------------------------------------------------------------------------------------------

function patientInfoElements(withRelationship) {
  const els = [];
  if (withRelationship) els.push(E(1, 'Individual Relationship Code', 'R', { codes: PATIENT_RELATIONSHIP }));
  els.push(
    E(5, 'Date Time Period Format Qualifier', 'S', { codes: ['D8'], note: 'Required when PAT06 is sent.' }),
    E(6, 'Patient Death Date', 'S', { note: 'Required when the patient is known to be deceased and the provider knows the date of death.' }),
    E(7, 'Unit or Basis for Measurement Code', 'S', { codes: ['01'], note: 'Required when PAT08 is sent.' }),
    E(8, 'Patient Weight', 'S', { note: 'Required when the patient weight is needed (e.g. EPO/dialysis claims, low birth weight).' }),
    E(9, 'Pregnancy Indicator', 'S', { codes: ['Y'], note: 'Required when the patient is pregnant (Medicaid or where mandated).' }),
  );
  return els;
}

const L2000C = loop('2000C', 'Patient Hierarchical Level', 'S', '>1', [
  seg('HL', 'Patient Hierarchical Level', 'R', 1, [
    E(1, 'Hierarchical ID Number', 'R'),
    E(2, 'Hierarchical Parent ID Number', 'R'),
    E(3, 'Hierarchical Level Code', 'R', { codes: ['23'] }),
    E(4, 'Hierarchical Child Code', 'R', { codes: ['0'] }),
  ], { qualifier: Q(3, ['23']) }),
  seg('PAT', 'Patient Information', 'R', 1, patientInfoElements(true)),
  loop('2010CA', 'Patient Name', 'R', 1, [
    nm1('Patient Name', 'R', {
      entity: ['QC'], types: ['1'],
      last: 'Patient Last Name', first: 'Patient First Name', middle: 'Patient Middle Name or Initial', suffix: 'Patient Name Suffix',
    }),
    n3('Patient Address', 'Patient'),
    n4('Patient City, State, ZIP Code', 'Patient'),
    seg('DMG', 'Patient Demographic Information', 'R', 1, [
      E(1, 'Date Time Period Format Qualifier', 'R', { codes: ['D8'] }),
      E(2, 'Patient Birth Date', 'R'),
      E(3, 'Patient Gender Code', 'R', { codes: GENDER }),
    ]),
    ref('Property and Casualty Claim Number', 'S', 1, ['Y4'], 'Property Casualty Claim Number', {
      note: 'Required on property and casualty claims when the payer assigned a claim number.',
    }),
    ref('Property and Casualty Patient Identifier', 'S', 1, ['1W', 'SY'], 'Property and Casualty Patient Identifier', {
      note: 'Required on property and casualty claims when the patient identifier is known and different from the subscriber.',
    }),
    per('Property and Casualty Patient Contact Information', 'S', 1, {
      nameLabel: 'Name', nameUsage: 'S', q3: ['TE'], q5: ['EX'],
      note: 'Required on property and casualty claims when the payer needs the patient contact (e.g. attorney).',
    }),
  ]),
  claimLoop(),
], 'Required when the patient is not the subscriber (and cannot be identified by the subscriber identifier alone).');

const L2000B = loop('2000B', 'Subscriber Hierarchical Level', 'R', '>1', [
  seg('HL', 'Subscriber Hierarchical Level', 'R', 1, [
    E(1, 'Hierarchical ID Number', 'R'),
    E(2, 'Hierarchical Parent ID Number', 'R'),
    E(3, 'Hierarchical Level Code', 'R', { codes: ['22'] }),
    E(4, 'Hierarchical Child Code', 'R', { codes: ['0', '1'], note: '0 when the subscriber is the patient; 1 when a 2000C patient level follows.' }),
  ], { qualifier: Q(3, ['22']) }),
  seg('SBR', 'Subscriber Information', 'R', 1, [
    E(1, 'Payer Responsibility Sequence Number Code', 'R', { codes: PAYER_RESPONSIBILITY }),
    E(2, 'Individual Relationship Code', 'S', { codes: ['18'], note: 'Required when the subscriber is the patient.' }),
    E(3, 'Subscriber Group or Policy Number', 'S', { note: 'Required when the subscriber has a group or policy number.' }),
    E(4, 'Subscriber Group Name', 'S', { note: 'Required when SBR03 is not sent and the group name is available.' }),
    E(5, 'Insurance Type Code', 'S', { codes: INSURANCE_TYPE, note: 'Required when the destination payer is Medicare and Medicare is not the primary payer (SBR01 is not P).' }),
    E(9, 'Claim Filing Indicator Code', 'S', { codes: CLAIM_FILING, note: 'Required prior to the mandated use of the national health plan identifier (PlanID).' }),
  ]),
  seg('PAT', 'Patient Information', 'S', 1, patientInfoElements(false), {
    note: 'Required when the patient is the subscriber and a death date, weight or pregnancy indicator must be reported.',
  }),
  loop('2010BA', 'Subscriber Name', 'R', 1, [
    nm1('Subscriber Name', 'R', {
      entity: ['IL'], types: ['1', '2'],
      last: 'Subscriber Last Name', first: 'Subscriber First Name', middle: 'Subscriber Middle Name or Initial', suffix: 'Subscriber Name Suffix',
      idQuals: ['II', 'MI'], idName: 'Subscriber Primary Identifier',
      idNote: 'Required when the subscriber is the patient (2000C not used) or when the payer requires the subscriber identifier.',
    }),
    n3('Subscriber Address', 'Subscriber', 'S', 'Required when the subscriber is the patient.'),
    n4('Subscriber City, State, ZIP Code', 'Subscriber', 'S', 'Required when the N3 segment is sent.'),
    seg('DMG', 'Subscriber Demographic Information', 'S', 1, [
      E(1, 'Date Time Period Format Qualifier', 'R', { codes: ['D8'] }),
      E(2, 'Subscriber Birth Date', 'R'),
      E(3, 'Subscriber Gender Code', 'R', { codes: GENDER }),
    ], { note: 'Required when the subscriber is the patient.' }),
    ref('Subscriber Secondary Identification', 'S', 1, ['SY'], 'Subscriber Supplemental Identifier', {
      note: 'Required when an additional identifier is needed by the payer (not for Medicare).',
    }),
    ref('Property and Casualty Claim Number', 'S', 1, ['Y4'], 'Property Casualty Claim Number', {
      note: 'Required on property and casualty claims when the payer assigned a claim number (subscriber is the patient).',
    }),
    per('Property and Casualty Subscriber Contact Information', 'S', 1, {
      nameLabel: 'Name', nameUsage: 'S', q3: ['TE'], q5: ['EX'],
      note: 'Required on property and casualty claims when the payer needs the subscriber contact (e.g. attorney).',
    }),
  ]),
  loop('2010BB', 'Payer Name', 'R', 1, [
    nm1('Payer Name', 'R', {
      entity: ['PR'], types: ['2'], last: 'Payer Name', idQuals: ['PI', 'XV'], idName: 'Payer Identifier', idUsage: 'R',
    }),
    n3('Payer Address', 'Payer', 'S', 'Required when the payer address is needed to route the claim.'),
    n4('Payer City, State, ZIP Code', 'Payer', 'S', 'Required when the N3 segment is sent.'),
    ref('Payer Secondary Identification', 'S', 3, ['2U', 'EI', 'FY', 'NF'], 'Payer Additional Identifier', {
      note: 'Required when an additional identifier is needed to identify the payer.',
    }),
    ref('Billing Provider Secondary Identification', 'S', 2, ['G2', 'LU'], 'Billing Provider Secondary Identifier', {
      note: 'Required when the billing provider has no NPI or the payer needs a secondary identifier for it.',
    }),
  ]),
  claimLoop('S', 'Under the subscriber when the subscriber is the patient; otherwise the claims sit under the patient (2000C).'),
  L2000C,
], 'One per subscriber per destination payer.');

const L2000A = loop('2000A', 'Billing Provider Hierarchical Level', 'R', '>1', [
  seg('HL', 'Billing Provider Hierarchical Level', 'R', 1, [
    E(1, 'Hierarchical ID Number', 'R'),
    E(3, 'Hierarchical Level Code', 'R', { codes: ['20'] }),
    E(4, 'Hierarchical Child Code', 'R', { codes: ['1'] }),
  ], { qualifier: Q(3, ['20']) }),
  seg('PRV', 'Billing Provider Specialty Information', 'S', 1, [
    E(1, 'Provider Code', 'R', { codes: ['BI'] }),
    E(2, 'Reference Identification Qualifier', 'R', { codes: ['PXC'] }),
    E(3, 'Provider Taxonomy Code', 'R'),
  ], { note: 'Required when the payer needs the billing provider taxonomy to adjudicate.' }),
  seg('CUR', 'Foreign Currency Information', 'S', 1, [
    E(1, 'Entity Identifier Code', 'R', { codes: ['85'] }),
    E(2, 'Currency Code', 'R', { note: 'ISO 4217 currency code.' }),
  ], { note: 'Required when the amounts on the claims are in a currency other than US dollars.' }),
  L2010AA,
  L2010AB,
  L2010AC,
  L2000B,
]);

const SE = seg('SE', 'Transaction Set Trailer', 'R', 1, [
  E(1, 'Transaction Segment Count', 'R', { note: 'Number of segments including ST and SE.' }),
  E(2, 'Transaction Set Control Number', 'R', { note: 'Must equal ST02.' }),
]);

const guide = {
  id: '837P',
  name: 'Health Care Claim: Professional',
  transactionSet: '837',
  version: '005010X222A1',
  versionAliases: ['005010X222', '005010X222A2'],
  functionalGroup: 'HC',
  structure: [ST, BHT, L1000A, L1000B, L2000A, SE],
};

/**
 * Pretty-prints with one line per element rule (and per qualifier), so the file stays readable and
 * diffs stay small; everything else is indented normally.
 */
function format(value, indent = '') {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v !== 'object')) return JSON.stringify(value);
    const inner = indent + '  ';
    return '[\n' + value.map((v) => inner + format(v, inner)).join(',\n') + '\n' + indent + ']';
  }
  if (value && typeof value === 'object') {
    if ('pos' in value || ('element' in value && 'values' in value)) return JSON.stringify(value);
    const inner = indent + '  ';
    const parts = Object.entries(value).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`);
    return '{\n' + parts.join(',\n') + '\n' + indent + '}';
  }
  return JSON.stringify(value);
}

const json = format(guide) + '\n';
if (JSON.stringify(JSON.parse(json)) !== JSON.stringify(guide)) throw new Error('formatter changed the data');
if (process.argv.includes('--stdout')) {
  process.stdout.write(json);
} else {
  const out = guideMapPath(import.meta.url, '837P.json');
  writeFileSync(out, json);
  console.log(`wrote ${out}`);
}
