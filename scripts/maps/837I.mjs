#!/usr/bin/env node
/**
 * Emits mappings/guides/837I.json — the guide map for the 837 Institutional claim, 005010X223A2.
 *
 * The 2300 claim loop appears twice in the guide (under 2000B when the patient is the subscriber,
 * under 2000C otherwise); building it from one function keeps both copies identical. The JSON file
 * is what the product reads; run `node scripts/maps/837I.mjs` after editing this script.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAYER_RESPONSIBILITY, CLAIM_FILING, PATIENT_RELATIONSHIP as RELATIONSHIP_TO_INSURED, GENDER, PRICING_METHODOLOGY, REJECT_REASON, POLICY_COMPLIANCE, EXCEPTION_CODES, ATTACHMENT_REPORT_TYPES, ATTACHMENT_TRANSMISSION , guideMapPath } from './shared-837.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outFile = guideMapPath(import.meta.url, '837I.json');

// ---------------------------------------------------------------------------------------------
// Small builders
// ---------------------------------------------------------------------------------------------

/** Element rule. `extra` may hold codes, codeList, components, note. */
function el(pos, name, usage, extra = {}) {
  return { pos, name, usage, ...extra };
}

/** Component rule inside a composite. */
function comp(pos, name, usage, extra = {}) {
  return { pos, name, usage, ...extra };
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

const q = (element, values, component) =>
  component ? { element, component, values } : { element, values };

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

/**
 * NM1. `o.entity` is NM101's code (also the qualifier), `o.types` NM102's codes.
 * `o.last`/`o.first`/`o.middle`/`o.suffix` are names (strings) or [name, usage] pairs;
 * `o.idQuals` with `o.idName` (and `o.idUsage`) describe NM108/NM109.
 */
function nm1(name, usage, o) {
  const pair = (v, defUsage) => (Array.isArray(v) ? v : [v, defUsage]);
  const els = [
    el(1, 'Entity Identifier Code', 'R', { codes: [o.entity] }),
    el(2, 'Entity Type Qualifier', 'R', { codes: o.types }),
  ];
  if (o.last) { const [n, u] = pair(o.last, 'R'); els.push(el(3, n, u)); }
  if (o.first) { const [n, u] = pair(o.first, 'S'); els.push(el(4, n, u)); }
  if (o.middle) { const [n, u] = pair(o.middle, 'S'); els.push(el(5, n, u)); }
  if (o.suffix) { const [n, u] = pair(o.suffix, 'S'); els.push(el(7, n, u)); }
  if (o.idQuals) {
    const u = o.idUsage ?? 'R';
    els.push(el(8, 'Identification Code Qualifier', u, { codes: o.idQuals }));
    els.push(el(9, o.idName, u));
  }
  return seg('NM1', name, usage, 1, els, { qualifier: q(1, [o.entity]), note: o.note });
}

function n3(name, usage, lineName) {
  return seg('N3', name, usage, 1, [el(1, lineName, 'R'), el(2, lineName, 'S')]);
}

function n4(name, usage, prefix, note) {
  return seg(
    'N4',
    name,
    usage,
    1,
    [
      el(1, `${prefix} City Name`, 'R'),
      el(2, `${prefix} State or Province Code`, 'S', { codeList: 'state-province', note: 'Required when the address is in the United States or Canada (US Postal Service / Canada Post codes).' }),
      el(3, `${prefix} Postal Zone or ZIP Code`, 'S', { note: 'Required when the address is in the United States or Canada, or the country has a postal code.' }),
      el(4, 'Country Code', 'S', { note: 'ISO 3166 two-letter code; required when the address is outside the United States.' }),
      el(7, 'Country Subdivision Code', 'S', { note: 'ISO 3166-2 subdivision; required when outside the US/Canada and the country has subdivisions.' }),
    ],
    { note },
  );
}

/** REF with its REF01 codes (always given as the qualifier: REF siblings are common). */
function ref(name, usage, max, codes, valueName, opts = {}) {
  const els = [
    el(1, 'Reference Identification Qualifier', 'R', { codes }),
    el(2, valueName, 'R', opts.valueCodes ? { codes: opts.valueCodes } : {}),
  ];
  if (opts.ref04) {
    els.push(
      el(4, 'Reference Identifier', 'S', {
        components: [
          comp(1, 'Reference Identification Qualifier', 'R', { codes: ['2U'] }),
          comp(2, 'Other Payer Primary Identifier', 'R'),
        ],
        note: 'Required when the identifier in REF02 belongs to a payer other than the destination payer (2330B NM109 of that payer).',
      }),
    );
  }
  return seg('REF', name, usage, max, els, { qualifier: q(1, codes), note: opts.note });
}

function dtp(name, usage, qualifierCode, formats, valueName, note) {
  return seg(
    'DTP',
    name,
    usage,
    1,
    [
      el(1, 'Date Time Qualifier', 'R', { codes: [qualifierCode] }),
      el(2, 'Date Time Period Format Qualifier', 'R', { codes: formats }),
      el(3, valueName, 'R'),
    ],
    { qualifier: q(1, [qualifierCode]), note },
  );
}

function amt(name, usage, qualifierCode, valueName, note) {
  return seg(
    'AMT',
    name,
    usage,
    1,
    [el(1, 'Amount Qualifier Code', 'R', { codes: [qualifierCode] }), el(2, valueName, 'R')],
    { qualifier: q(1, [qualifierCode]), note },
  );
}

function per(name, usage, max, contactName, note) {
  return seg(
    'PER',
    name,
    usage,
    max,
    [
      el(1, 'Contact Function Code', 'R', { codes: ['IC'] }),
      el(2, contactName, 'S'),
      el(3, 'Communication Number Qualifier', 'R', { codes: ['EM', 'FX', 'TE'] }),
      el(4, 'Communication Number', 'R'),
      el(5, 'Communication Number Qualifier', 'S', { codes: ['EM', 'EX', 'FX', 'TE'] }),
      el(6, 'Communication Number', 'S'),
      el(7, 'Communication Number Qualifier', 'S', { codes: ['EM', 'EX', 'FX', 'TE'] }),
      el(8, 'Communication Number', 'S'),
    ],
    { note },
  );
}

function dmg(name, usage, who, note) {
  return seg(
    'DMG',
    name,
    usage,
    1,
    [
      el(1, 'Date Time Period Format Qualifier', 'R', { codes: ['D8'] }),
      el(2, `${who} Birth Date`, 'R'),
      el(3, `${who} Gender Code`, 'R', { codes: GENDER }),
    ],
    { note },
  );
}

function prv(name, usage, providerCode, note) {
  return seg(
    'PRV',
    name,
    usage,
    1,
    [
      el(1, 'Provider Code', 'R', { codes: [providerCode] }),
      el(2, 'Reference Identification Qualifier', 'R', { codes: ['PXC'] }),
      el(3, 'Provider Taxonomy Code', 'R'),
    ],
    { note },
  );
}

/** CAS with group code, then six reason/amount/quantity triples. */
function cas(name, max, note) {
  const els = [
    el(1, 'Claim Adjustment Group Code', 'R', { codeList: 'claim-adjustment-group' }),
    el(2, 'Adjustment Reason Code', 'R', { codeList: 'carc' }),
    el(3, 'Adjustment Amount', 'R'),
    el(4, 'Adjustment Quantity', 'S'),
  ];
  for (let p = 5; p <= 17; p += 3) {
    els.push(el(p, 'Adjustment Reason Code', 'S', { codeList: 'carc' }));
    els.push(el(p + 1, 'Adjustment Amount', 'S'));
    els.push(el(p + 2, 'Adjustment Quantity', 'S'));
  }
  return seg('CAS', name, 'S', max, els, { note });
}

function pwk(name) {
  return seg(
    'PWK',
    name,
    'S',
    10,
    [
      el(1, 'Attachment Report Type Code', 'R', { codes: ATTACHMENT_REPORT_TYPES }),
      el(2, 'Attachment Transmission Code', 'R', { codes: ATTACHMENT_TRANSMISSION }),
      el(5, 'Identification Code Qualifier', 'S', { codes: ['AC'], note: 'Required when PWK02 is not AA.' }),
      el(6, 'Attachment Control Number', 'S', { note: 'Required when PWK02 is not AA.' }),
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
    const comps = [comp(1, 'Code List Qualifier Code', 'R', { codes: o.quals }), comp(2, o.code, 'R')];
    if (o.dateFormat) {
      comps.push(comp(3, 'Date Time Period Format Qualifier', 'R', { codes: [o.dateFormat] }));
      comps.push(comp(4, o.dateName, 'R'));
    }
    if (o.amountName) comps.push(comp(5, o.amountName, 'R'));
    if (o.poa) {
      comps.push(
        comp(9, 'Present on Admission Indicator', 'S', {
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
    els.push(el(p, 'Health Care Code Information', c.usage, { components: c.components }));
  }
  return seg('HI', name, usage, max, els, { qualifier: q(1, o.quals, 1), note: o.note });
}

/** HCP at claim ('claim') or line ('line') level. */
function hcp(level) {
  const els = [el(1, 'Pricing Methodology', 'R', { codes: PRICING_METHODOLOGY })];
  if (level === 'claim') {
    els.push(
      el(2, 'Repriced Allowed Amount', 'R'),
      el(3, 'Repriced Saving Amount', 'S'),
      el(4, 'Repricing Organization Identifier', 'S'),
      el(5, 'Repricing Per Diem or Flat Rate Amount', 'S'),
      el(6, 'Repriced Approved DRG Code', 'S'),
      el(7, 'Repriced Approved Amount', 'S'),
      el(8, 'Repriced Approved Revenue Code', 'S'),
      el(11, 'Unit or Basis for Measurement Code', 'S', { codes: UNITS }),
      el(12, 'Repriced Approved Service Unit Count', 'S'),
    );
  } else {
    els.push(
      el(2, 'Repriced Line Item Allowed Amount', 'R'),
      el(3, 'Repriced Line Item Saving Amount', 'S'),
      el(4, 'Repricing Organization Identifier', 'S'),
      el(5, 'Repricing Per Diem or Flat Rate Amount', 'S'),
      el(6, 'Repriced Approved Ambulatory Patient Group Code', 'S'),
      el(7, 'Repriced Approved Ambulatory Patient Group Amount', 'S'),
      el(8, 'Repriced Approved Revenue Code', 'S'),
      el(9, 'Product or Service ID Qualifier', 'S', { codes: PROC_QUALIFIERS }),
      el(10, 'Repriced Approved HCPCS Code', 'S'),
      el(11, 'Unit or Basis for Measurement Code', 'S', { codes: UNITS }),
      el(12, 'Repriced Approved Service Unit Count', 'S'),
    );
  }
  els.push(
    el(13, 'Reject Reason Code', 'S', { codes: REJECT_REASON }),
    el(14, 'Policy Compliance Code', 'S', { codes: POLICY_COMPLIANCE }),
    el(15, 'Exception Code', 'S', { codes: EXCEPTION_CODES }),
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

/** Medical procedure composite (SV202, SVD03). */
function procedureComposite(usage, codeName, descName, note) {
  return {
    usage,
    components: [
      comp(1, 'Product or Service ID Qualifier', 'R', { codes: PROC_QUALIFIERS }),
      comp(2, codeName, 'R'),
      comp(3, 'Procedure Modifier', 'S'),
      comp(4, 'Procedure Modifier', 'S'),
      comp(5, 'Procedure Modifier', 'S'),
      comp(6, 'Procedure Modifier', 'S'),
      comp(7, descName, 'S', { note: 'Required when the procedure code is a "not otherwise classified" code.' }),
    ],
    note,
  };
}

// ---------------------------------------------------------------------------------------------
// Provider-name loops (2310x, 2330x, 2420x)
// ---------------------------------------------------------------------------------------------

/** A person provider NM1 with names and an optional NPI (NM108 XX). */
function personProvider(name, entity, who, idName, note) {
  return nm1(name, 'R', {
    entity,
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

/** 2330C-2330I: NM101/NM102 only, then the provider's identifiers as this other payer knows them. */
function otherPayerProviderLoop(id, name, entity, type, refName, refCodes, refMax, refValueName, loopNote) {
  return loop(
    id,
    name,
    'S',
    1,
    [
      nm1(name, 'R', { entity, types: [type] }),
      ref(refName, 'R', refMax, refCodes, refValueName),
    ],
    loopNote,
  );
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
      el(1, 'Patient Control Number', 'R'),
      el(2, 'Total Claim Charge Amount', 'R', { note: 'Must equal the sum of the SV203 line item charge amounts.' }),
      el(5, 'Health Care Service Location Information', 'R', {
        components: [
          comp(1, 'Facility Type Code', 'R', { codeList: 'facility-type', note: 'First two positions of the NUBC Type of Bill (code source 236).' }),
          comp(2, 'Facility Code Qualifier', 'R', { codes: ['A'] }),
          comp(3, 'Claim Frequency Type Code', 'R', { codes: CLAIM_FREQUENCY, note: 'Third position of the NUBC Type of Bill (code source 235).' }),
        ],
      }),
      el(7, 'Assignment or Plan Participation Code', 'R', { codes: ['A', 'B', 'C'] }),
      el(8, 'Benefits Assignment Certification Indicator', 'R', { codes: ['N', 'W', 'Y'] }),
      el(9, 'Release of Information Code', 'R', { codes: ['I', 'Y'] }),
      el(20, 'Delay Reason Code', 'S', {
        codes: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '15'],
        note: 'Required when the claim is submitted late and an exception applies.',
      }),
    ],
  );

  const dtps = [
    dtp('Discharge Hour', 'S', '096', ['TM'], 'Discharge Time', 'Required on final inpatient claims (frequency 1 or 4).'),
    dtp('Statement Dates', 'R', '434', ['RD8'], 'Statement From and To Date'),
    dtp('Admission Date/Hour', 'S', '435', ['D8', 'DT'], 'Admission Date and Hour', 'Required on inpatient claims, and on home health claims (start of care date).'),
    dtp('Date - Repricer Received Date', 'S', '050', ['D8'], 'Repricer Received Date', 'Required when a repricer forwards the claim.'),
  ];

  const cl1 = seg('CL1', 'Institutional Claim Code', 'R', 1, [
    el(1, 'Admission Type Code', 'R', { codes: ADMISSION_TYPE, note: 'NUBC Priority (Type) of Admission or Visit (code source 231).' }),
    el(2, 'Admission Source Code', 'S', {
      codes: ADMISSION_SOURCE,
      note: 'NUBC Point of Origin for Admission or Visit (code source 230); required on inpatient claims, and outpatient when the payer needs it.',
    }),
    el(3, 'Patient Status Code', 'R', { codes: PATIENT_STATUS, note: 'NUBC Patient Discharge Status (code source 239).' }),
  ]);

  const cn1 = seg(
    'CN1',
    'Contract Information',
    'S',
    1,
    [
      el(1, 'Contract Type Code', 'R', { codes: ['01', '02', '03', '04', '05', '06', '09'] }),
      el(2, 'Contract Amount', 'S'),
      el(3, 'Contract Percentage', 'S'),
      el(4, 'Contract Code', 'S'),
      el(5, 'Terms Discount Percentage', 'S'),
      el(6, 'Contract Version Identifier', 'S'),
    ],
    { note: 'Required when the submitter is contractually obliged to supply it to the payer.' },
  );

  const refs = [
    ref('Service Authorization Exception Code', 'S', 1, ['4N'], 'Service Authorization Exception Code', {
      valueCodes: ['1', '2', '3', '4', '5', '6', '7'],
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
    seg('K3', 'File Information', 'S', 10, [el(1, 'Fixed Format Information', 'R')], {
      note: 'Only for a regulatory data requirement that no other element can carry, under a documented agreement.',
    }),
    seg('NTE', 'Claim Note', 'S', 10, [el(1, 'Note Reference Code', 'R', { codes: CLAIM_NOTE_CODES }), el(2, 'Claim Note Text', 'R')], {
      qualifier: q(1, CLAIM_NOTE_CODES),
      note: 'Required when the provider deems additional information necessary that has no other place in the claim.',
    }),
    seg('NTE', 'Billing Note', 'S', 1, [el(1, 'Note Reference Code', 'R', { codes: ['ADD'] }), el(2, 'Billing Note Text', 'R')], {
      qualifier: q(1, ['ADD']),
      note: 'Required when the payer asks for billing notes (UB-04 form locator 80 remarks).',
    }),
  ];

  const crc = seg(
    'CRC',
    'EPSDT Referral',
    'S',
    1,
    [
      el(1, 'Code Qualifier', 'R', { codes: ['ZZ'] }),
      el(2, 'Certification Condition Code Applies Indicator', 'R', { codes: ['N', 'Y'] }),
      el(3, 'Condition Indicator', 'R', { codes: ['AV', 'NU', 'S2', 'ST'] }),
      el(4, 'Condition Indicator', 'S', { codes: ['AV', 'NU', 'S2', 'ST'] }),
      el(5, 'Condition Indicator', 'S', { codes: ['AV', 'NU', 'S2', 'ST'] }),
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
      amt('Patient Estimated Amount Due', 'S', 'F3', 'Patient Responsibility Amount', 'Required when the patient\'s estimated amount due is known and the payer needs it.'),
      ...refs,
      ...notes,
      crc,
      ...his,
      hcp('claim'),
      ...claimProviderLoops(),
      otherSubscriberLoop(),
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
        entity: '77',
        types: ['2'],
        last: 'Laboratory or Facility Name',
        idQuals: ['XX'],
        idName: 'Laboratory or Facility Primary Identifier',
        idUsage: 'S',
        note: 'NM108/NM109 are required when the facility has an NPI.',
      }),
      n3('Service Facility Location Address', 'R', 'Laboratory or Facility Address Line'),
      n4('Service Facility Location City, State, ZIP Code', 'R', 'Laboratory or Facility'),
      secId('Service Facility Location Secondary Identification', 3, ['0B', 'G2', 'LU'], 'Laboratory or Facility Secondary Identifier'),
    ], 'Required when the service was rendered at a location other than the billing provider\'s address.'),
    loop('2310F', 'Referring Provider Name', 'S', 1, [
      personProvider('Referring Provider Name', 'DN', 'Referring Provider', 'Referring Provider Identifier',
        'NM108/NM109 are required when the provider has an NPI.'),
      secId('Referring Provider Secondary Identification', 3, ['0B', '1G', 'G2'], 'Referring Provider Secondary Identifier'),
    ], 'Required on outpatient claims when the referring provider differs from the attending provider.'),
  ];
}

// ---------------------------------------------------------------------------------------------
// 2320 Other Subscriber Information and its 2330x loops
// ---------------------------------------------------------------------------------------------

function otherSubscriberLoop() {
  const sbr = seg('SBR', 'Other Subscriber Information', 'R', 1, [
    el(1, 'Payer Responsibility Sequence Number Code', 'R', { codes: PAYER_RESPONSIBILITY }),
    el(2, 'Individual Relationship Code', 'R', { codes: ['01', '18', '19', '20', '21', '39', '40', '53', 'G8'] }),
    el(3, 'Insured Group or Policy Number', 'S', { note: 'Required when the other payer assigned a group or policy number.' }),
    el(4, 'Other Insured Group Name', 'S', { note: 'Required when SBR03 is not sent and a group name is known.' }),
    el(9, 'Claim Filing Indicator Code', 'S', { codes: CLAIM_FILING }),
  ]);

  const mia = seg(
    'MIA',
    'Inpatient Adjudication Information',
    'S',
    1,
    [
      el(1, 'Covered Days or Visits Count', 'R'),
      el(3, 'Lifetime Psychiatric Days Count', 'S'),
      el(4, 'Claim DRG Amount', 'S'),
      el(5, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      el(6, 'Claim Disproportionate Share Amount', 'S'),
      el(7, 'Claim MSP Pass-through Amount', 'S'),
      el(8, 'Claim PPS Capital Amount', 'S'),
      el(9, 'PPS-Capital FSP DRG Amount', 'S'),
      el(10, 'PPS-Capital HSP DRG Amount', 'S'),
      el(11, 'PPS-Capital DSH DRG Amount', 'S'),
      el(12, 'Old Capital Amount', 'S'),
      el(13, 'PPS-Capital IME amount', 'S'),
      el(14, 'PPS-Operating Hospital Specific DRG Amount', 'S'),
      el(15, 'Cost Report Day Count', 'S'),
      el(16, 'PPS-Operating Federal Specific DRG Amount', 'S'),
      el(17, 'Claim PPS Capital Outlier Amount', 'S'),
      el(18, 'Claim Indirect Teaching Amount', 'S'),
      el(19, 'Non-Payable Professional Component Billed Amount', 'S'),
      el(20, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      el(21, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      el(22, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      el(23, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      el(24, 'PPS-Capital Exception Amount', 'S'),
    ],
    { note: 'Required when the other payer\'s remittance (835 MIA) carried inpatient adjudication information.' },
  );

  const moa = seg(
    'MOA',
    'Outpatient Adjudication Information',
    'S',
    1,
    [
      el(1, 'Reimbursement Rate', 'S'),
      el(2, 'HCPCS Payable Amount', 'S'),
      el(3, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      el(4, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      el(5, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      el(6, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      el(7, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
      el(8, 'End Stage Renal Disease Payment Amount', 'S'),
      el(9, 'Non-Payable Professional Component Billed Amount', 'S'),
    ],
    { note: 'Required when the other payer\'s remittance (835 MOA) carried outpatient adjudication information.' },
  );

  const otherSubscriber = loop('2330A', 'Other Subscriber Name', 'R', 1, [
    nm1('Other Subscriber Name', 'R', {
      entity: 'IL',
      types: ['1', '2'],
      last: 'Other Insured Last Name',
      first: 'Other Insured First Name',
      middle: 'Other Insured Middle Name',
      suffix: 'Other Insured Name Suffix',
      idQuals: ['II', 'MI'],
      idName: 'Other Insured Identifier',
    }),
    n3('Other Subscriber Address', 'S', 'Other Insured Address Line'),
    n4('Other Subscriber City, State, ZIP Code', 'S', 'Other Insured'),
    ref('Other Subscriber Secondary Identification', 'S', 2, ['SY'], 'Other Insured Additional Identifier', {
      note: 'Required when an additional identification number is necessary to identify the other insured.',
    }),
  ]);

  const otherPayer = loop('2330B', 'Other Payer Name', 'R', 1, [
    nm1('Other Payer Name', 'R', {
      entity: 'PR',
      types: ['2'],
      last: 'Other Payer Organization Name',
      idQuals: ['PI', 'XV'],
      idName: 'Other Payer Primary Identifier',
    }),
    n3('Other Payer Address', 'S', 'Other Payer Address Line'),
    n4('Other Payer City, State, ZIP Code', 'S', 'Other Payer'),
    dtp('Claim Check or Remittance Date', 'S', '573', ['D8'], 'Adjudication or Payment Date',
      'Required when the claim was adjudicated by this other payer and no 2430 line-level check date is sent.'),
    ref('Other Payer Secondary Identifier', 'S', 2, ['2U', 'EI', 'FY', 'NF'], 'Other Payer Secondary Identifier'),
    ref('Other Payer Prior Authorization Number', 'S', 1, ['G1'], 'Other Payer Prior Authorization Number'),
    ref('Other Payer Referral Number', 'S', 1, ['9F'], 'Other Payer Prior Authorization or Referral Number'),
    ref('Other Payer Claim Adjustment Indicator', 'S', 1, ['T4'], 'Other Payer Claim Adjustment Indicator', { valueCodes: ['Y'] }),
    ref('Other Payer Claim Control Number', 'S', 1, ['F8'], "Other Payer's Claim Control Number"),
  ]);

  const opNote = 'Required when this other payer identified the provider with a number other than the NPI.';
  return loop(
    '2320',
    'Other Subscriber Information',
    'S',
    10,
    [
      sbr,
      cas('Claim Level Adjustments', 5, 'Required when the other payer adjusted the claim at claim level.'),
      amt('Coordination of Benefits (COB) Payer Paid Amount', 'S', 'D', 'Payer Paid Amount', 'Required when the claim was adjudicated by this other payer.'),
      amt('Remaining Patient Liability', 'S', 'EAF', 'Remaining Patient Liability', 'Required when the other payer adjudicated the claim and the patient still owes an amount.'),
      amt('Coordination of Benefits (COB) Total Non-Covered Amount', 'S', 'A8', 'Non-Covered Charge Amount', 'Required when the other payer has non-covered charges and the destination payer needs them.'),
      seg('OI', 'Other Insurance Coverage Information', 'R', 1, [
        el(3, 'Benefits Assignment Certification Indicator', 'R', { codes: ['N', 'W', 'Y'] }),
        el(6, 'Release of Information Code', 'R', { codes: ['I', 'Y'] }),
      ]),
      mia,
      moa,
      otherSubscriber,
      otherPayer,
      otherPayerProviderLoop('2330C', 'Other Payer Attending Provider', '71', '1',
        'Other Payer Attending Provider Secondary Identification', ['0B', '1G', 'G2', 'LU'], 4, 'Other Payer Attending Provider Secondary Identifier', opNote),
      otherPayerProviderLoop('2330D', 'Other Payer Operating Physician', '72', '1',
        'Other Payer Operating Physician Secondary Identification', ['0B', '1G', 'G2', 'LU'], 4, 'Other Payer Operating Physician Secondary Identifier', opNote),
      otherPayerProviderLoop('2330E', 'Other Payer Other Operating Physician', 'ZZ', '1',
        'Other Payer Other Operating Physician Secondary Identification', ['0B', '1G', 'G2', 'LU'], 4, 'Other Payer Other Operating Physician Secondary Identifier', opNote),
      otherPayerProviderLoop('2330F', 'Other Payer Service Facility Location', '77', '2',
        'Other Payer Service Facility Location Secondary Identification', ['0B', 'G2', 'LU'], 3, 'Other Payer Service Facility Location Secondary Identifier', opNote),
      otherPayerProviderLoop('2330G', 'Other Payer Rendering Provider Name', '82', '1',
        'Other Payer Rendering Provider Secondary Identification', ['0B', '1G', 'G2', 'LU'], 4, 'Other Payer Rendering Provider Secondary Identifier', opNote),
      otherPayerProviderLoop('2330H', 'Other Payer Referring Provider', 'DN', '1',
        'Other Payer Referring Provider Secondary Identification', ['0B', '1G', 'G2'], 3, 'Other Payer Referring Provider Identifier', opNote),
      otherPayerProviderLoop('2330I', 'Other Payer Billing Provider', '85', '2',
        'Other Payer Billing Provider Secondary Identification', ['G2', 'LU'], 2, 'Other Payer Billing Provider Identifier', opNote),
    ],
    'Required when other payers are known to potentially be involved in paying this claim; one iteration per other payer.',
  );
}

// ---------------------------------------------------------------------------------------------
// 2400 Service Line Number and its child loops
// ---------------------------------------------------------------------------------------------

function serviceLineLoop() {
  const sv2 = seg('SV2', 'Institutional Service Line', 'R', 1, [
    el(1, 'Service Line Revenue Code', 'R', { note: 'NUBC revenue code (code source 132).' }),
    el(2, 'Composite Medical Procedure Identifier', 'S', procedureComposite('S', 'Procedure Code', 'Description',
      'Required for outpatient claims when an appropriate procedure code exists for the service.')),
    el(3, 'Line Item Charge Amount', 'R'),
    el(4, 'Unit or Basis for Measurement Code', 'R', { codes: UNITS }),
    el(5, 'Service Unit Count', 'R'),
    el(7, 'Line Item Denied Charge or Non-Covered Charge Amount', 'S', { note: 'Required when the submitter knows the line is non-covered.' }),
  ]);

  const drug = loop('2410', 'Drug Identification', 'S', 1, [
    seg('LIN', 'Drug Identification', 'R', 1, [
      el(2, 'Product or Service ID Qualifier', 'R', { codes: ['N4'] }),
      el(3, 'National Drug Code', 'R'),
    ]),
    seg('CTP', 'Drug Quantity', 'R', 1, [
      el(4, 'National Drug Unit Count', 'R'),
      el(5, 'Composite Unit of Measure', 'R', {
        components: [comp(1, 'Code Qualifier', 'R', { codes: ['F2', 'GR', 'ME', 'ML', 'UN'] })],
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

  const lineAdjudication = loop('2430', 'Line Adjudication Information', 'S', 15, [
    seg('SVD', 'Line Adjudication Information', 'R', 1, [
      el(1, 'Other Payer Primary Identifier', 'R', { note: 'Must match NM109 of a 2330B Other Payer Name loop.' }),
      el(2, 'Service Line Paid Amount', 'R'),
      el(3, 'Composite Medical Procedure Identifier', 'S', procedureComposite('S', 'Procedure Code', 'Procedure Code Description',
        'Required when the other payer adjudicated the line with a procedure code.')),
      el(4, 'Service Line Revenue Code', 'R'),
      el(5, 'Paid Service Unit Count', 'R'),
      el(6, 'Bundled Line Number', 'S', { note: 'Required when the other payer bundled this line into another (LX01 of that line).' }),
    ]),
    cas('Line Adjustment', 5, 'Required when the other payer adjusted this line.'),
    dtp('Line Check or Remittance Date', 'R', '573', ['D8'], 'Adjudication or Payment Date'),
    amt('Remaining Patient Liability', 'S', 'EAF', 'Remaining Patient Liability', 'Required when the other payer adjudicated the line and the patient still owes an amount.'),
  ], 'Required when the claim was previously adjudicated by a payer in 2330B and this line was adjudicated by it.');

  return loop(
    '2400',
    'Service Line Number',
    'R',
    999,
    [
      seg('LX', 'Service Line Number', 'R', 1, [el(1, 'Assigned Number', 'R', { note: 'Starts at 1 and increases by 1 for each line of the claim.' })]),
      sv2,
      pwk('Line Supplemental Information'),
      dtp('Date - Service Date', 'S', '472', ['D8', 'RD8'], 'Service Date',
        'Required on outpatient claims when the service is not the only one on the statement date range, and for certain revenue codes.'),
      ref('Line Item Control Number', 'S', 1, ['6R'], 'Line Item Control Number', { note: 'Strongly recommended: returned in the 835 at line level.' }),
      ref('Repriced Line Item Reference Number', 'S', 1, ['9B'], 'Repriced Line Item Reference Number', { note: 'Required when a repricer assigned a line reference.' }),
      ref('Adjusted Repriced Line Item Reference Number', 'S', 1, ['9D'], 'Adjusted Repriced Line Item Reference Number', {
        note: 'Required when a repricer assigned a new line reference to an adjusted line.',
      }),
      amt('Service Tax Amount', 'S', 'GT', 'Service Tax Amount', 'Required when state or local law requires the tax to be reported separately.'),
      amt('Facility Tax Amount', 'S', 'N8', 'Facility Tax Amount', 'Required when state or local law requires the tax to be reported separately.'),
      seg('NTE', 'Third Party Organization Notes', 'S', 1, [
        el(1, 'Note Reference Code', 'R', { codes: ['TPO'] }),
        el(2, 'Line Note Text', 'R'),
      ], { note: 'Only sent by third-party organizations (repricers); providers do not send it.' }),
      hcp('line'),
      drug,
      ...lineProviders,
      lineAdjudication,
    ],
  );
}

// ---------------------------------------------------------------------------------------------
// The transaction
// ---------------------------------------------------------------------------------------------

const header = [
  seg('ST', 'Transaction Set Header', 'R', 1, [
    el(1, 'Transaction Set Identifier Code', 'R', { codes: ['837'] }),
    el(2, 'Transaction Set Control Number', 'R', { note: 'Must equal SE02.' }),
    el(3, 'Implementation Convention Reference', 'R', { codes: ['005010X223A2', '005010X223', '005010X223A1', '005010X223A3'] }),
  ]),
  seg('BHT', 'Beginning of Hierarchical Transaction', 'R', 1, [
    el(1, 'Hierarchical Structure Code', 'R', { codes: ['0019'] }),
    el(2, 'Transaction Set Purpose Code', 'R', { codes: ['00', '18'] }),
    el(3, 'Originator Application Transaction Identifier', 'R'),
    el(4, 'Transaction Set Creation Date', 'R'),
    el(5, 'Transaction Set Creation Time', 'R'),
    el(6, 'Claim or Encounter Identifier', 'R', { codes: ['31', 'CH', 'RP'], note: 'CH = chargeable claim, RP = reporting (encounter), 31 = subrogation demand.' }),
  ]),
  loop('1000A', 'Submitter Name', 'R', 1, [
    nm1('Submitter Name', 'R', {
      entity: '41',
      types: ['1', '2'],
      last: 'Submitter Last or Organization Name',
      first: 'Submitter First Name',
      middle: 'Submitter Middle Name or Initial',
      idQuals: ['46'],
      idName: 'Submitter Identifier',
    }),
    per('Submitter EDI Contact Information', 'R', 2, 'Submitter Contact Name'),
  ]),
  loop('1000B', 'Receiver Name', 'R', 1, [
    nm1('Receiver Name', 'R', {
      entity: '40',
      types: ['2'],
      last: 'Receiver Name',
      idQuals: ['46'],
      idName: 'Receiver Primary Identifier',
    }),
  ]),
];

const billingProvider = loop('2010AA', 'Billing Provider Name', 'R', 1, [
  nm1('Billing Provider Name', 'R', {
    entity: '85',
    types: ['2'],
    last: 'Billing Provider Organizational Name',
    idQuals: ['XX'],
    idName: 'Billing Provider Identifier',
    idUsage: 'S',
    note: 'NM108/NM109 (NPI) are required for health care providers in the United States; the billing provider is an organization.',
  }),
  seg('N3', 'Billing Provider Address', 'R', 1, [el(1, 'Billing Provider Address Line', 'R'), el(2, 'Billing Provider Address Line', 'S')], {
    note: 'Must be a street address; post office boxes and lock boxes go in 2010AB Pay-to Address.',
  }),
  n4('Billing Provider City, State, ZIP Code', 'R', 'Billing Provider', 'N403 must be the full nine-digit ZIP code when the address is in the United States.'),
  ref('Billing Provider Tax Identification', 'R', 1, ['EI'], 'Billing Provider Tax Identification Number', { note: 'Federal employer identification number, nine digits, no dash.' }),
  per('Billing Provider Contact Information', 'S', 2, 'Billing Provider Contact Name', 'Required when the contact differs from the 1000A submitter contact.'),
]);

const payToAddress = loop('2010AB', 'Pay-to Address Name', 'S', 1, [
  nm1('Pay-to Address Name', 'R', { entity: '87', types: ['2'] }),
  n3('Pay-to Address - ADDRESS', 'R', 'Pay-to Address Line'),
  n4('Pay-To Address City, State, ZIP Code', 'R', 'Pay-to Address'),
], 'Required when the address for payment differs from the billing provider address.');

const payToPlan = loop('2010AC', 'Pay-to Plan Name', 'S', 1, [
  nm1('Pay-to Plan Name', 'R', {
    entity: 'PE',
    types: ['2'],
    last: 'Pay-to Plan Organizational Name',
    idQuals: ['PI', 'XV'],
    idName: 'Pay-to Plan Primary Identifier',
  }),
  n3('Pay-to Plan Address', 'R', 'Pay-to Plan Address Line'),
  n4('Pay-To Plan City, State, ZIP Code', 'R', 'Pay-to Plan'),
  ref('Pay-to Plan Secondary Identification', 'S', 1, ['2U', 'FY', 'NF'], 'Pay-to Plan Secondary Identifier', {
    note: 'Required when an identifier other than the primary one is needed.',
  }),
  ref('Pay-To Plan Tax Identification Number', 'R', 1, ['EI'], 'Pay-to Plan Tax Identification Number'),
], 'Required only for subrogation (BHT06 = 31): the plan that receives the payment.');

const subscriberName = loop('2010BA', 'Subscriber Name', 'R', 1, [
  nm1('Subscriber Name', 'R', {
    entity: 'IL',
    types: ['1', '2'],
    last: 'Subscriber Last Name',
    first: 'Subscriber First Name',
    middle: 'Subscriber Middle Name or Initial',
    suffix: 'Subscriber Name Suffix',
    idQuals: ['II', 'MI'],
    idName: 'Subscriber Primary Identifier',
    idUsage: 'S',
    note: 'NM108/NM109 are required when the subscriber is a person (NM102 = 1); a non-person subscriber (e.g. an employer in workers\' compensation) may omit them.',
  }),
  n3('Subscriber Address', 'S', 'Subscriber Address Line'),
  n4('Subscriber City, State, ZIP Code', 'S', 'Subscriber', 'Required when the subscriber is the patient (2000B HL04 = 0).'),
  dmg('Subscriber Demographic Information', 'S', 'Subscriber', 'Required when the subscriber is the patient (2000B HL04 = 0).'),
  ref('Subscriber Secondary Identification', 'S', 1, ['SY'], 'Subscriber Supplemental Identifier', {
    note: 'Required when an additional identifier is needed to identify the subscriber (never the primary member id).',
  }),
  ref('Property and Casualty Claim Number', 'S', 1, ['Y4'], 'Property Casualty Claim Number', {
    note: 'Required when the services are part of a property and casualty claim and the patient is the subscriber.',
  }),
]);

const payerName = loop('2010BB', 'Payer Name', 'R', 1, [
  nm1('Payer Name', 'R', {
    entity: 'PR',
    types: ['2'],
    last: 'Payer Name',
    idQuals: ['PI', 'XV'],
    idName: 'Payer Identifier',
  }),
  n3('Payer Address', 'S', 'Payer Address Line'),
  n4('Payer City, State, ZIP Code', 'S', 'Payer', 'Required when the payer address is sent (N3).'),
  ref('Payer Secondary Identification', 'S', 3, ['2U', 'EI', 'FY', 'NF'], 'Payer Additional Identifier', {
    note: 'Required when an additional identifier is needed to identify the payer.',
  }),
  ref('Billing Provider Secondary Identification', 'S', 1, ['G2', 'LU'], 'Billing Provider Secondary Identifier', {
    note: 'Required when the destination payer needs a billing provider identifier other than the NPI (or the provider has no NPI).',
  }),
], 'The destination payer of this claim.');

const patientLevel = loop('2000C', 'Patient Hierarchical Level', 'S', '>1', [
  seg('HL', 'Patient Hierarchical Level', 'R', 1, [
    el(1, 'Hierarchical ID Number', 'R'),
    el(2, 'Hierarchical Parent ID Number', 'R'),
    el(3, 'Hierarchical Level Code', 'R', { codes: ['23'] }),
    el(4, 'Hierarchical Child Code', 'R', { codes: ['0'] }),
  ], { qualifier: q(3, ['23']) }),
  seg('PAT', 'Patient Information', 'R', 1, [el(1, 'Individual Relationship Code', 'R', { codes: RELATIONSHIP_TO_INSURED })]),
  loop('2010CA', 'Patient Name', 'R', 1, [
    nm1('Patient Name', 'R', {
      entity: 'QC',
      types: ['1'],
      last: 'Patient Last Name',
      first: 'Patient First Name',
      middle: 'Patient Middle Name or Initial',
      suffix: 'Patient Name Suffix',
    }),
    n3('Patient Address', 'R', 'Patient Address Line'),
    n4('Patient City, State, ZIP Code', 'R', 'Patient'),
    dmg('Patient Demographic Information', 'R', 'Patient'),
    ref('Property and Casualty Claim Number', 'S', 1, ['Y4'], 'Property Casualty Claim Number', {
      note: 'Required when the services are part of a property and casualty claim.',
    }),
    ref('Property and Casualty Patient Identifier', 'S', 1, ['1W', 'SY'], 'Property and Casualty Patient Identifier', {
      note: 'Required on property and casualty claims when the patient has an identifier assigned by the payer or an SSN.',
    }),
  ]),
  claimLoop('R', 'Claims for this patient (the patient is not the subscriber).'),
], 'Required when the patient is not the subscriber and cannot be identified by their own member id at the payer.');

const subscriberLevel = loop('2000B', 'Subscriber Hierarchical Level', 'R', '>1', [
  seg('HL', 'Subscriber Hierarchical Level', 'R', 1, [
    el(1, 'Hierarchical ID Number', 'R'),
    el(2, 'Hierarchical Parent ID Number', 'R'),
    el(3, 'Hierarchical Level Code', 'R', { codes: ['22'] }),
    el(4, 'Hierarchical Child Code', 'R', { codes: ['0', '1'], note: '0 when the subscriber is the patient; 1 when a 2000C patient level follows.' }),
  ], { qualifier: q(3, ['22']) }),
  seg('SBR', 'Subscriber Information', 'R', 1, [
    el(1, 'Payer Responsibility Sequence Number Code', 'R', { codes: PAYER_RESPONSIBILITY }),
    el(2, 'Individual Relationship Code', 'S', { codes: ['18'], note: 'Required when the subscriber is the patient.' }),
    el(3, 'Subscriber Group or Policy Number', 'S', { note: 'Required when the payer assigned a group or policy number.' }),
    el(4, 'Subscriber Group Name', 'S', { note: 'Required when SBR03 is not sent and a group name is known.' }),
    el(9, 'Claim Filing Indicator Code', 'S', { codes: CLAIM_FILING, note: 'Required prior to the mandated use of the National Health Plan ID.' }),
  ]),
  subscriberName,
  payerName,
  claimLoop('S', 'Required when the subscriber is the patient (2000B HL04 = 0); otherwise the claims go under 2000C. Each HL level that ends the hierarchy carries at least one claim.'),
  patientLevel,
]);

const billingProviderLevel = loop('2000A', 'Billing Provider Hierarchical Level', 'R', '>1', [
  seg('HL', 'Billing Provider Hierarchical Level', 'R', 1, [
    el(1, 'Hierarchical ID Number', 'R'),
    el(3, 'Hierarchical Level Code', 'R', { codes: ['20'] }),
    el(4, 'Hierarchical Child Code', 'R', { codes: ['1'] }),
  ], { qualifier: q(3, ['20']) }),
  prv('Billing Provider Specialty Information', 'S', 'BI', 'Required when the payer adjudicates by the billing provider\'s taxonomy code.'),
  seg('CUR', 'Foreign Currency Information', 'S', 1, [
    el(1, 'Entity Identifier Code', 'R', { codes: ['85'] }),
    el(2, 'Currency Code', 'R', { note: 'ISO 4217 currency code.' }),
  ], { note: 'Required when the amounts are in a currency other than US dollars.' }),
  billingProvider,
  payToAddress,
  payToPlan,
  subscriberLevel,
]);

const trailer = seg('SE', 'Transaction Set Trailer', 'R', 1, [
  el(1, 'Transaction Segment Count', 'R', { note: 'Number of segments from ST through SE inclusive.' }),
  el(2, 'Transaction Set Control Number', 'R', { note: 'Must equal ST02.' }),
]);

const guide = {
  id: '837I',
  name: 'Health Care Claim: Institutional',
  transactionSet: '837',
  version: '005010X223A2',
  versionAliases: ['005010X223', '005010X223A1', '005010X223A3'],
  functionalGroup: 'HC',
  structure: [...header, billingProviderLevel, trailer],
};

// Two-space JSON, but arrays of plain strings (code lists, qualifier values) stay on one line.
const text = JSON.stringify(guide, null, 2).replace(/\[\s*("[^"\n]*"(?:,\s*"[^"\n]*")*)\s*\]/g, (_, items) =>
  `[${items.split(/,\s*/).join(', ')}]`);
if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(guide)) throw new Error('compact formatting changed the data');
writeFileSync(outFile, text + '\n');

// Summary for the developer.
let loops = 0, segments = 0, elements = 0;
const walk = (children) => {
  for (const c of children) {
    if (c.kind === 'loop') { loops++; walk(c.children); }
    else { segments++; elements += c.elements.length; }
  }
};
walk(guide.structure);
console.log(`wrote ${outFile}: ${loops} loops, ${segments} segment uses, ${elements} element uses`);
