#!/usr/bin/env node
/**
 * Emits mappings/guides/837I.json — the guide map for the 837 Institutional claim, 005010X223A2.
 *
 * What the three 837 guides share (builders, the envelope and hierarchy loops, other-subscriber and
 * line-adjudication loops, the file format) is authored once in shared-837.mjs; this script adds what is
 * the 837I's own: the 2300 claim and 2400 service line contents and their provider loops. The JSON file
 * is what the product reads; run `node scripts/maps/837I.mjs` after editing this script.
 */
import {
  E, Q, seg, loop, nm1, n3, n4, ref, dtp, amt, prv, procedureComposite, otherSubscriberLoop, lineAdjudicationLoop, writeGuideMap,
  PRICING_METHODOLOGY, REJECT_REASON, POLICY_COMPLIANCE, EXCEPTION_CODES, ATTACHMENT_REPORT_TYPES, ATTACHMENT_TRANSMISSION,
} from './shared-837.mjs';

// ---------------------------------------------------------------------------------------------
// Code sets used in more than one place
// ---------------------------------------------------------------------------------------------

const POA = ['N', 'U', 'W', 'Y'];
const PROC_QUALIFIERS = ['ER', 'HC', 'HP', 'IV', 'WK'];
const UNITS = ['DA', 'UN'];
const CLAIM_NOTE_CODES = ['ALG', 'DCP', 'DGN', 'DME', 'MED', 'NTR', 'ODT', 'RHB', 'RLH', 'RNH', 'SET', 'SFM', 'SPT', 'UPI'];

// NUBC code sets (external code sources 231, 230, 239, 235 in the guide); the values as published by NUBC.
const ADMISSION_TYPE = ['1', '2', '3', '4', '5', '9'];
const ADMISSION_SOURCE = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G'];
const PATIENT_STATUS = [
  '01', '02', '03', '04', '05', '06', '07', '09', '20', '21', '30', '40', '41', '42', '43', '50',
  '51', '61', '62', '63', '64', '65', '66', '69', '70', '81', '82', '83', '84', '85', '86', '87',
  '88', '89', '90', '91', '92', '93', '94', '95',
];
const CLAIM_FREQUENCY = [
  '0', '1', '2', '3', '4', '5', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J',
  'K', 'M', 'P', 'Q', 'X', 'Y', 'Z',
];

// ---------------------------------------------------------------------------------------------
// Segment builders for recurring shapes
// ---------------------------------------------------------------------------------------------

function pwk(name) {
  return seg(
    'PWK',
    name,
    'S',
    10,
    [
      E(1, 'Attachment Report Type Code', 'R', { codes: ATTACHMENT_REPORT_TYPES }),
      E(2, 'Attachment Transmission Code', 'R', { codes: ATTACHMENT_TRANSMISSION }),
      E(5, 'Identification Code Qualifier', 'S', { codes: ['AC'], note: 'Required when PWK02 is not AA.' }),
      E(6, 'Attachment Control Number', 'S', { note: 'Required when PWK02 is not AA.' }),
    ],
    { note: 'Required when paper or electronic documentation supporting the claim is being sent separately.' },
  );
}

/**
 * One HI segment. `o.quals` are the HIxx-1 codes (the first one's qualifier), `o.count` how many
 * composites (HI01..HIcount) the guide uses, `o.code` the name of component 2, and the optional
 * date (components 3/4), amount (5) and present-on-admission (9) components.
 */
function hi(name, usage, max, o) {
  const composite = (required) => {
    const comps = [E(1, 'Code List Qualifier Code', 'R', { codes: o.quals }), E(2, o.code, 'R')];
    if (o.dateFormat) {
      comps.push(E(3, 'Date Time Period Format Qualifier', 'R', { codes: [o.dateFormat] }));
      comps.push(E(4, o.dateName, 'R'));
    }
    if (o.amountName) comps.push(E(5, o.amountName, 'R'));
    if (o.poa) {
      comps.push(
        E(9, 'Present on Admission Indicator', 'S', {
          codes: POA,
          note: 'Required when reporting present-on-admission is required by the payer (e.g. Medicare inpatient); exempt codes leave it empty.',
        }),
      );
    }
    return { usage: required ? 'R' : 'S', components: comps };
  };
  const els = [];
  for (let p = 1; p <= (o.count ?? 1); p++) {
    const c = composite(p === 1);
    els.push(E(p, 'Health Care Code Information', c.usage, { components: c.components }));
  }
  return seg('HI', name, usage, max, els, { qualifier: Q(1, o.quals, 1), note: o.note });
}

/** HCP at claim ('claim') or line ('line') level. */
function hcp(level) {
  const els = [E(1, 'Pricing Methodology', 'R', { codes: PRICING_METHODOLOGY })];
  if (level === 'claim') {
    els.push(
      E(2, 'Repriced Allowed Amount', 'R'),
      E(3, 'Repriced Saving Amount', 'S'),
      E(4, 'Repricing Organization Identifier', 'S'),
      E(5, 'Repricing Per Diem or Flat Rate Amount', 'S'),
      E(6, 'Repriced Approved DRG Code', 'S'),
      E(7, 'Repriced Approved Amount', 'S'),
      E(8, 'Repriced Approved Revenue Code', 'S'),
      E(11, 'Unit or Basis for Measurement Code', 'S', { codes: UNITS }),
      E(12, 'Repriced Approved Service Unit Count', 'S'),
    );
  } else {
    els.push(
      E(2, 'Repriced Line Item Allowed Amount', 'R'),
      E(3, 'Repriced Line Item Saving Amount', 'S'),
      E(4, 'Repricing Organization Identifier', 'S'),
      E(5, 'Repricing Per Diem or Flat Rate Amount', 'S'),
      E(6, 'Repriced Approved Ambulatory Patient Group Code', 'S'),
      E(7, 'Repriced Approved Ambulatory Patient Group Amount', 'S'),
      E(8, 'Repriced Approved Revenue Code', 'S'),
      E(9, 'Product or Service ID Qualifier', 'S', { codes: PROC_QUALIFIERS }),
      E(10, 'Repriced Approved HCPCS Code', 'S'),
      E(11, 'Unit or Basis for Measurement Code', 'S', { codes: UNITS }),
      E(12, 'Repriced Approved Service Unit Count', 'S'),
    );
  }
  els.push(
    E(13, 'Reject Reason Code', 'S', { codes: REJECT_REASON }),
    E(14, 'Policy Compliance Code', 'S', { codes: POLICY_COMPLIANCE }),
    E(15, 'Exception Code', 'S', { codes: EXCEPTION_CODES }),
  );
  return seg(
    'HCP',
    level === 'claim' ? 'Claim Pricing/Repricing Information' : 'Line Pricing/Repricing Information',
    'S',
    1,
    els,
    { note: 'Used only by repricers (e.g. PPO networks) to report pricing back to the payer; providers do not send it.' },
  );
}

// ---------------------------------------------------------------------------------------------
// Provider-name loops (2310x, 2330x, 2420x)
// ---------------------------------------------------------------------------------------------

/** A person provider NM1 with names and an optional NPI (NM108 XX). */
function personProvider(name, entity, who, idName, note) {
  return nm1(name, 'R', {
    entity: [entity],
    types: ['1'],
    last: `${who} Last Name`,
    first: `${who} First Name`,
    middle: `${who} Middle Name or Initial`,
    suffix: `${who} Name Suffix`,
    idQuals: ['XX'],
    idName,
    idUsage: 'S',
    note,
  });
}

// ---------------------------------------------------------------------------------------------
// 2300 Claim Information (used under 2000B and under 2000C)
// ---------------------------------------------------------------------------------------------

function claimLoop(usage, note) {
  const clm = seg(
    'CLM',
    'Claim Information',
    'R',
    1,
    [
      E(1, 'Patient Control Number', 'R'),
      E(2, 'Total Claim Charge Amount', 'R', { note: 'Must equal the sum of the SV203 line item charge amounts.' }),
      E(5, 'Health Care Service Location Information', 'R', {
        components: [
          E(1, 'Facility Type Code', 'R', { codeList: 'facility-type', note: 'First two positions of the NUBC Type of Bill (code source 236).' }),
          E(2, 'Facility Code Qualifier', 'R', { codes: ['A'] }),
          E(3, 'Claim Frequency Type Code', 'R', { codes: CLAIM_FREQUENCY, note: 'Third position of the NUBC Type of Bill (code source 235).' }),
        ],
      }),
      E(7, 'Assignment or Plan Participation Code', 'R', { codes: ['A', 'B', 'C'] }),
      E(8, 'Benefits Assignment Certification Indicator', 'R', { codes: ['N', 'W', 'Y'] }),
      E(9, 'Release of Information Code', 'R', { codes: ['I', 'Y'] }),
      E(20, 'Delay Reason Code', 'S', {
        codes: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '15'],
        note: 'Required when the claim is submitted late and an exception applies.',
      }),
    ],
  );

  const dtps = [
    dtp('Discharge Hour', 'S', 1, ['096'], 'Discharge Time', ['TM'], 'Required on final inpatient claims (frequency 1 or 4).'),
    dtp('Statement Dates', 'R', 1, ['434'], 'Statement From and To Date', ['RD8']),
    dtp('Admission Date/Hour', 'S', 1, ['435'], 'Admission Date and Hour', ['D8', 'DT'], 'Required on inpatient claims, and on home health claims (start of care date).'),
    dtp('Date - Repricer Received Date', 'S', 1, ['050'], 'Repricer Received Date', ['D8'], 'Required when a repricer forwards the claim.'),
  ];

  const cl1 = seg('CL1', 'Institutional Claim Code', 'R', 1, [
    E(1, 'Admission Type Code', 'R', { codes: ADMISSION_TYPE, note: 'NUBC Priority (Type) of Admission or Visit (code source 231).' }),
    E(2, 'Admission Source Code', 'S', {
      codes: ADMISSION_SOURCE,
      note: 'NUBC Point of Origin for Admission or Visit (code source 230); required on inpatient claims, and outpatient when the payer needs it.',
    }),
    E(3, 'Patient Status Code', 'R', { codes: PATIENT_STATUS, note: 'NUBC Patient Discharge Status (code source 239).' }),
  ]);

  const cn1 = seg(
    'CN1',
    'Contract Information',
    'S',
    1,
    [
      E(1, 'Contract Type Code', 'R', { codes: ['01', '02', '03', '04', '05', '06', '09'] }),
      E(2, 'Contract Amount', 'S'),
      E(3, 'Contract Percentage', 'S'),
      E(4, 'Contract Code', 'S'),
      E(5, 'Terms Discount Percentage', 'S'),
      E(6, 'Contract Version Identifier', 'S'),
    ],
    { note: 'Required when the submitter is contractually obliged to supply it to the payer.' },
  );

  const refs = [
    ref('Service Authorization Exception Code', 'S', 1, ['4N'], 'Service Authorization Exception Code', {
      ref02Codes: ['1', '2', '3', '4', '5', '6', '7'],
      note: 'Required when services were rendered without the required authorization and an exception applies.',
    }),
    ref('Referral Number', 'S', 1, ['9F'], 'Referral Number', { note: 'Required when a referral number was assigned by the payer or UMO.' }),
    ref('Prior Authorization', 'S', 1, ['G1'], 'Prior Authorization Number', { note: 'Required when the payer or UMO assigned an authorization number.' }),
    ref('Payer Claim Control Number', 'S', 1, ['F8'], 'Payer Claim Control Number', {
      note: 'Required when CLM05-3 is 7 (replacement) or 8 (void): the payer\'s control number of the original claim.',
    }),
    ref('Repriced Claim Number', 'S', 1, ['9A'], 'Repriced Claim Reference Number', { note: 'Required when a repricer assigned a claim number.' }),
    ref('Adjusted Repriced Claim Number', 'S', 1, ['9C'], 'Adjusted Repriced Claim Reference Number', { note: 'Required when a repricer assigned a new number to an adjusted claim.' }),
    ref('Investigational Device Exemption Number', 'S', 5, ['LX'], 'Investigational Device Exemption Identifier', {
      note: 'Required when the claim involves an FDA investigational device exemption.',
    }),
    ref('Claim Identifier For Transmission Intermediaries', 'S', 1, ['D9'], 'Value Added Network Trace Number', {
      note: 'Required when an intermediary (clearinghouse, VAN) needs its own claim trace number returned.',
    }),
    ref('Auto Accident State', 'S', 1, ['LU'], 'Auto Accident State or Province Code', {
      note: 'Required when an occurrence code indicates an auto accident (occurrence code 01-03) and the state is known.',
    }),
    ref('Medical Record Number', 'S', 1, ['EA'], 'Medical Record Number', { note: 'Required when the provider needs it returned on the remittance advice.' }),
    ref('Demonstration Project Identifier', 'S', 1, ['P4'], 'Demonstration Project Identifier', { note: 'Required when the claim is billed under a demonstration project.' }),
    ref('Peer Review Organization (PRO) Approval Number', 'S', 1, ['G4'], 'Peer Review Authorization Number', {
      note: 'Required when a PRO approval number was assigned to this claim.',
    }),
  ];

  const notes = [
    seg('K3', 'File Information', 'S', 10, [E(1, 'Fixed Format Information', 'R')], {
      note: 'Only for a regulatory data requirement that no other element can carry, under a documented agreement.',
    }),
    seg('NTE', 'Claim Note', 'S', 10, [E(1, 'Note Reference Code', 'R', { codes: CLAIM_NOTE_CODES }), E(2, 'Claim Note Text', 'R')], {
      qualifier: Q(1, CLAIM_NOTE_CODES),
      note: 'Required when the provider deems additional information necessary that has no other place in the claim.',
    }),
    seg('NTE', 'Billing Note', 'S', 1, [E(1, 'Note Reference Code', 'R', { codes: ['ADD'] }), E(2, 'Billing Note Text', 'R')], {
      qualifier: Q(1, ['ADD']),
      note: 'Required when the payer asks for billing notes (UB-04 form locator 80 remarks).',
    }),
  ];

  const crc = seg(
    'CRC',
    'EPSDT Referral',
    'S',
    1,
    [
      E(1, 'Code Qualifier', 'R', { codes: ['ZZ'] }),
      E(2, 'Certification Condition Code Applies Indicator', 'R', { codes: ['N', 'Y'] }),
      E(3, 'Condition Indicator', 'R', { codes: ['AV', 'NU', 'S2', 'ST'] }),
      E(4, 'Condition Indicator', 'S', { codes: ['AV', 'NU', 'S2', 'ST'] }),
      E(5, 'Condition Indicator', 'S', { codes: ['AV', 'NU', 'S2', 'ST'] }),
    ],
    { note: 'Required on Medicaid claims for EPSDT screening when a referral resulted.' },
  );

  const his = [
    hi('Principal Diagnosis', 'R', 1, {
      quals: ['ABK', 'BK'],
      code: 'Principal Diagnosis Code',
      poa: true,
      note: 'ABK = ICD-10-CM, BK = ICD-9-CM; send the code without the decimal point.',
    }),
    hi('Admitting Diagnosis', 'S', 1, {
      quals: ['ABJ', 'BJ'],
      code: 'Admitting Diagnosis Code',
      note: 'Required on inpatient admissions.',
    }),
    hi("Patient's Reason For Visit", 'S', 1, {
      quals: ['APR', 'PR'],
      code: 'Patient Reason For Visit',
      count: 3,
      note: 'Required on unscheduled outpatient visits (e.g. emergency department, type of bill 013x/085x).',
    }),
    hi('External Cause of Injury', 'S', 1, {
      quals: ['ABN', 'BN'],
      code: 'External Cause of Injury Code',
      count: 12,
      poa: true,
      note: 'Required when an external cause of injury code applies.',
    }),
    hi('Diagnosis Related Group (DRG) Information', 'S', 1, {
      quals: ['DR'],
      code: 'Diagnosis Related Group (DRG) Code',
      note: 'Required when the provider is required to send the DRG (e.g. inpatient under a DRG contract).',
    }),
    hi('Other Diagnosis Information', 'S', 2, {
      quals: ['ABF', 'BF'],
      code: 'Other Diagnosis',
      count: 12,
      poa: true,
      note: 'Required when diagnoses other than the principal one are reported (up to 24 in two segments).',
    }),
    hi('Principal Procedure Information', 'S', 1, {
      quals: ['BBR', 'BR', 'CAH'],
      code: 'Principal Procedure Code',
      dateFormat: 'D8',
      dateName: 'Principal Procedure Date',
      note: 'Required on inpatient claims when a procedure was performed (BBR = ICD-10-PCS, BR = ICD-9-CM, CAH = Advanced Billing Concepts).',
    }),
    hi('Other Procedure Information', 'S', 2, {
      quals: ['BBQ', 'BQ'],
      code: 'Procedure Code',
      dateFormat: 'D8',
      dateName: 'Procedure Date',
      count: 12,
      note: 'Required when additional inpatient procedures are reported; needs the Principal Procedure segment.',
    }),
    hi('Occurrence Span Information', 'S', 2, {
      quals: ['BI'],
      code: 'Occurrence Span Code',
      dateFormat: 'RD8',
      dateName: 'Occurrence Span Code Associated Date',
      count: 12,
      note: 'Required when an NUBC occurrence span code applies.',
    }),
    hi('Occurrence Information', 'S', 2, {
      quals: ['BH'],
      code: 'Occurrence Code',
      dateFormat: 'D8',
      dateName: 'Occurrence Code Associated Date',
      count: 12,
      note: 'Required when an NUBC occurrence code applies.',
    }),
    hi('Value Information', 'S', 2, {
      quals: ['BE'],
      code: 'Value Code',
      amountName: 'Value Code Amount',
      count: 12,
      note: 'Required when an NUBC value code applies.',
    }),
    hi('Condition Information', 'S', 2, {
      quals: ['BG'],
      code: 'Condition Code',
      count: 12,
      note: 'Required when an NUBC condition code applies.',
    }),
    hi('Treatment Code Information', 'S', 2, {
      quals: ['TC'],
      code: 'Treatment Code',
      count: 12,
      note: 'Required on home health claims when treatment codes (plan of care) must be reported.',
    }),
  ];

  return loop(
    '2300',
    'Claim Information',
    usage,
    100,
    [
      clm,
      ...dtps,
      cl1,
      pwk('Claim Supplemental Information'),
      cn1,
      amt('Patient Estimated Amount Due', 'S', 1, 'F3', 'Patient Responsibility Amount', 'Required when the patient\'s estimated amount due is known and the payer needs it.'),
      ...refs,
      ...notes,
      crc,
      ...his,
      hcp('claim'),
      ...claimProviderLoops(),
      otherSubscriberLoop('I', OTHER_PAYER_PROVIDERS),
      serviceLineLoop(),
    ],
    note,
  );
}

function claimProviderLoops() {
  const secId = (name, max, codes, valueName) => ref(name, 'S', max, codes, valueName, {
    note: 'Required when the payer needs an identifier other than the NPI (or the provider has no NPI).',
  });
  return [
    loop('2310A', 'Attending Provider Name', 'S', 1, [
      personProvider('Attending Provider Name', '71', 'Attending Provider', 'Attending Provider Primary Identifier',
        'NM108/NM109 are required when the provider has an NPI.'),
      prv('Attending Provider Specialty Information', 'S', 'AT', 'Required when the payer adjudicates by the attending provider\'s taxonomy.'),
      secId('Attending Provider Secondary Identification', 4, ['0B', '1G', 'G2', 'LU'], 'Attending Provider Secondary Identifier'),
    ], 'Required on inpatient claims and on outpatient claims with services other than non-scheduled transportation.'),
    loop('2310B', 'Operating Physician Name', 'S', 1, [
      personProvider('Operating Physician Name', '72', 'Operating Physician', 'Operating Physician Primary Identifier',
        'NM108/NM109 are required when the provider has an NPI.'),
      secId('Operating Physician Secondary Identification', 4, ['0B', '1G', 'G2', 'LU'], 'Operating Physician Secondary Identifier'),
    ], 'Required when a surgical procedure code is reported on the claim.'),
    loop('2310C', 'Other Operating Physician Name', 'S', 1, [
      personProvider('Other Operating Physician Name', 'ZZ', 'Other Operating Physician', 'Other Operating Physician Identifier',
        'NM108/NM109 are required when the provider has an NPI.'),
      secId('Other Operating Physician Secondary Identification', 4, ['0B', '1G', 'G2', 'LU'], 'Other Operating Physician Secondary Identifier'),
    ], 'Required when another operating physician performed a secondary surgical procedure.'),
    loop('2310D', 'Rendering Provider Name', 'S', 1, [
      personProvider('Rendering Provider Name', '82', 'Rendering Provider', 'Rendering Provider Identifier',
        'NM108/NM109 are required when the provider has an NPI.'),
      secId('Rendering Provider Secondary Identification', 4, ['0B', '1G', 'G2', 'LU'], 'Rendering Provider Secondary Identifier'),
    ], 'Required when the rendering provider differs from the attending provider and the payer needs it.'),
    loop('2310E', 'Service Facility Location Name', 'S', 1, [
      nm1('Service Facility Location Name', 'R', {
        entity: ['77'],
        types: ['2'],
        last: 'Laboratory or Facility Name',
        idQuals: ['XX'],
        idName: 'Laboratory or Facility Primary Identifier',
        idUsage: 'S',
        note: 'NM108/NM109 are required when the facility has an NPI.',
      }),
      n3('Service Facility Location Address', 'Laboratory or Facility', 'R'),
      n4('Service Facility Location City, State, ZIP Code', 'Laboratory or Facility', 'R'),
      secId('Service Facility Location Secondary Identification', 3, ['0B', 'G2', 'LU'], 'Laboratory or Facility Secondary Identifier'),
    ], 'Required when the service was rendered at a location other than the billing provider\'s address.'),
    loop('2310F', 'Referring Provider Name', 'S', 1, [
      personProvider('Referring Provider Name', 'DN', 'Referring Provider', 'Referring Provider Identifier',
        'NM108/NM109 are required when the provider has an NPI.'),
      secId('Referring Provider Secondary Identification', 3, ['0B', '1G', 'G2'], 'Referring Provider Secondary Identifier'),
    ], 'Required on outpatient claims when the referring provider differs from the attending provider.'),
  ];
}

/** The other payer's provider loops (2330C-I) mirror the claim's provider loops 2310A-E and the billing provider. */
const OTHER_PAYER_PROVIDERS = [
  ['2330C', 'Attending Provider', ['71'], ['1'], ['0B', '1G', 'G2', 'LU'], 4, 'Other Payer Attending Provider Secondary Identifier'],
  ['2330D', 'Operating Physician', ['72'], ['1'], ['0B', '1G', 'G2', 'LU'], 4, 'Other Payer Operating Physician Secondary Identifier'],
  ['2330E', 'Other Operating Physician', ['ZZ'], ['1'], ['0B', '1G', 'G2', 'LU'], 4, 'Other Payer Other Operating Physician Secondary Identifier'],
  ['2330F', 'Service Facility Location', ['77'], ['2'], ['0B', 'G2', 'LU'], 3, 'Other Payer Service Facility Location Secondary Identifier'],
  ['2330G', 'Rendering Provider Name', ['82'], ['1'], ['0B', '1G', 'G2', 'LU'], 4, 'Other Payer Rendering Provider Secondary Identifier'],
  ['2330H', 'Referring Provider', ['DN'], ['1'], ['0B', '1G', 'G2'], 3, 'Other Payer Referring Provider Identifier'],
  ['2330I', 'Billing Provider', ['85'], ['2'], ['G2', 'LU'], 2, 'Other Payer Billing Provider Identifier'],
];

// ---------------------------------------------------------------------------------------------
// 2400 Service Line Number and its child loops
// ---------------------------------------------------------------------------------------------

function serviceLineLoop() {
  const sv2 = seg('SV2', 'Institutional Service Line', 'R', 1, [
    E(1, 'Service Line Revenue Code', 'R', { note: 'NUBC revenue code (code source 132).' }),
    procedureComposite(2, 'S', PROC_QUALIFIERS, 'Description', 'Required for outpatient claims when an appropriate procedure code exists for the service.'),
    E(3, 'Line Item Charge Amount', 'R'),
    E(4, 'Unit or Basis for Measurement Code', 'R', { codes: UNITS }),
    E(5, 'Service Unit Count', 'R'),
    E(7, 'Line Item Denied Charge or Non-Covered Charge Amount', 'S', { note: 'Required when the submitter knows the line is non-covered.' }),
  ]);

  const drug = loop('2410', 'Drug Identification', 'S', 1, [
    seg('LIN', 'Drug Identification', 'R', 1, [
      E(2, 'Product or Service ID Qualifier', 'R', { codes: ['N4'] }),
      E(3, 'National Drug Code', 'R'),
    ]),
    seg('CTP', 'Drug Quantity', 'R', 1, [
      E(4, 'National Drug Unit Count', 'R'),
      E(5, 'Composite Unit of Measure', 'R', {
        components: [E(1, 'Code Qualifier', 'R', { codes: ['F2', 'GR', 'ME', 'ML', 'UN'] })],
      }),
    ]),
    ref('Prescription or Compound Drug Association Number', 'S', 1, ['VY', 'XZ'], 'Prescription Number', {
      note: 'Required when dispensing of the drug has been done with an assigned prescription number, or for compound drugs.',
    }),
  ], 'Required when government regulation or the payer requires the NDC for the drug billed on this line.');

  const lineSecId = (name, codes, valueName) => ref(name, 'S', 20, codes, valueName, {
    ref04: true,
    note: 'Required when the payer needs an identifier other than the NPI (or the provider has no NPI).',
  });
  const lineProviders = [
    loop('2420A', 'Operating Physician Name', 'S', 1, [
      personProvider('Operating Physician Name', '72', 'Operating Physician', 'Operating Physician Primary Identifier',
        'NM108/NM109 are required when the provider has an NPI.'),
      lineSecId('Operating Physician Secondary Identification', ['0B', '1G', 'G2', 'LU'], 'Operating Physician Secondary Identifier'),
    ], 'Required when a surgical procedure is on this line and the operating physician differs from 2310B.'),
    loop('2420B', 'Other Operating Physician Name', 'S', 1, [
      personProvider('Other Operating Physician Name', 'ZZ', 'Other Operating Physician', 'Other Operating Physician Identifier',
        'NM108/NM109 are required when the provider has an NPI.'),
      lineSecId('Other Operating Physician Secondary Identification', ['0B', '1G', 'G2', 'LU'], 'Other Operating Physician Secondary Identifier'),
    ], 'Required when another operating physician performed a procedure on this line and differs from 2310C.'),
    loop('2420C', 'Rendering Provider Name', 'S', 1, [
      personProvider('Rendering Provider Name', '82', 'Rendering Provider', 'Rendering Provider Identifier',
        'NM108/NM109 are required when the provider has an NPI.'),
      lineSecId('Rendering Provider Secondary Identification', ['0B', '1G', 'G2', 'LU'], 'Rendering Provider Secondary Identifier'),
    ], 'Required when the line rendering provider differs from the claim-level rendering provider (2310D).'),
    loop('2420D', 'Referring Provider Name', 'S', 1, [
      personProvider('Referring Provider Name', 'DN', 'Referring Provider', 'Referring Provider Identifier',
        'NM108/NM109 are required when the provider has an NPI.'),
      lineSecId('Referring Provider Secondary Identification', ['0B', '1G', 'G2'], 'Referring Provider Secondary Identifier'),
    ], 'Required when the line referring provider differs from the claim-level referring provider (2310F).'),
  ];

  return loop(
    '2400',
    'Service Line Number',
    'R',
    999,
    [
      seg('LX', 'Service Line Number', 'R', 1, [E(1, 'Assigned Number', 'R', { note: 'Starts at 1 and increases by 1 for each line of the claim.' })]),
      sv2,
      pwk('Line Supplemental Information'),
      dtp('Date - Service Date', 'S', 1, ['472'], 'Service Date', ['D8', 'RD8'],
        'Required on outpatient claims when the service is not the only one on the statement date range, and for certain revenue codes.'),
      ref('Line Item Control Number', 'S', 1, ['6R'], 'Line Item Control Number', { note: 'Strongly recommended: returned in the 835 at line level.' }),
      ref('Repriced Line Item Reference Number', 'S', 1, ['9B'], 'Repriced Line Item Reference Number', { note: 'Required when a repricer assigned a line reference.' }),
      ref('Adjusted Repriced Line Item Reference Number', 'S', 1, ['9D'], 'Adjusted Repriced Line Item Reference Number', {
        note: 'Required when a repricer assigned a new line reference to an adjusted line.',
      }),
      amt('Service Tax Amount', 'S', 1, 'GT', 'Service Tax Amount', 'Required when state or local law requires the tax to be reported separately.'),
      amt('Facility Tax Amount', 'S', 1, 'N8', 'Facility Tax Amount', 'Required when state or local law requires the tax to be reported separately.'),
      seg('NTE', 'Third Party Organization Notes', 'S', 1, [
        E(1, 'Note Reference Code', 'R', { codes: ['TPO'] }),
        E(2, 'Line Note Text', 'R'),
      ], { note: 'Only sent by third-party organizations (repricers); providers do not send it.' }),
      hcp('line'),
      drug,
      ...lineProviders,
      lineAdjudicationLoop('I', PROC_QUALIFIERS),
    ],
  );
}

writeGuideMap('I', import.meta.url, claimLoop);
