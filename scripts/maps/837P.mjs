#!/usr/bin/env node
/**
 * Generates mappings/guides/837P.json — the implementation-guide map for the 837 Professional
 * (005010X222A1). The JSON file is what the product reads. What the three 837 guides share (builders,
 * the envelope and hierarchy loops, other-subscriber and line-adjudication loops, the file format) is
 * authored once in shared-837.mjs; this script adds what is the 837P's own: the 2300 claim and 2400
 * service line contents and their provider loops.
 *
 *   node scripts/maps/837P.mjs            # writes mappings/guides/837P.json
 *   node scripts/maps/837P.mjs --stdout   # prints it instead
 */
import {
  E, Q, seg, loop, nm1, n3, n4, ref, per, dtp, amt, prv, procedureComposite, otherSubscriberLoop, lineAdjudicationLoop, writeGuideMap,
  PRICING_METHODOLOGY, REJECT_REASON, POLICY_COMPLIANCE, EXCEPTION_CODES, YN,
  ATTACHMENT_REPORT_TYPES as PWK_REPORT_TYPES, ATTACHMENT_TRANSMISSION as PWK_TRANSMISSION,
} from './shared-837.mjs';

// ---------------------------------------------------------------------------------------------
// Segments of the 837P's own
// ---------------------------------------------------------------------------------------------
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

const PRODUCT_QUALIFIERS = ['ER', 'HC', 'IV', 'WK'];
const AMBULANCE_CONDITIONS = ['01', '04', '05', '06', '07', '08', '09', '12'];

// ---------------------------------------------------------------------------------------------
// Segments used in 2300 and 2400
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
    otherSubscriberLoop('P', OTHER_PAYER_PROVIDERS),
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
      prv('Rendering Provider Specialty Information', 'S', 'PE', 'Required when the payer needs the rendering provider taxonomy to adjudicate.'),
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

/** The other payer's provider loops (2330C-G) mirror 2310A-D and the billing provider. */
const OTHER_PAYER_PROVIDERS = [
  ['2330C', 'Referring Provider', ['DN', 'P3'], ['1'], ['0B', '1G', 'G2'], 3, 'Other Payer Referring Provider Identifier', 2],
  ['2330D', 'Rendering Provider', ['82'], ['1', '2'], ['0B', '1G', 'G2', 'LU'], 3, 'Other Payer Rendering Provider Secondary Identifier'],
  ['2330E', 'Service Facility Location', ['77'], ['2'], ['0B', 'G2', 'LU'], 3, 'Other Payer Service Facility Location Secondary Identifier'],
  ['2330F', 'Supervising Provider', ['DQ'], ['1'], ['0B', '1G', 'G2', 'LU'], 3, 'Other Payer Supervising Provider Identifier'],
  ['2330G', 'Billing Provider', ['85'], ['1', '2'], ['G2', 'LU'], 2, 'Other Payer Billing Provider Identifier'],
];

// ---------------------------------------------------------------------------------------------
// 2400 service line
// ---------------------------------------------------------------------------------------------

function serviceLineLoop() {
  const SV1 = seg('SV1', 'Professional Service', 'R', 1, [
    procedureComposite(1, 'R', PRODUCT_QUALIFIERS, 'Description'),
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
    lineAdjudicationLoop('P', PRODUCT_QUALIFIERS),
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
      prv('Rendering Provider Specialty Information', 'S', 'PE', 'Required when the payer needs the line rendering provider taxonomy to adjudicate.'),
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

writeGuideMap('P', import.meta.url, claimLoop);
