#!/usr/bin/env node
/**
 * Writes mappings/guides/837D.json: the guide map for the 837 Dental claim, 005010X224A2.
 *
 * Why a script: the claim loop (2300, with its provider, other-subscriber and service-line loops)
 * sits under the subscriber level (2000B) when the patient is the subscriber and under the patient
 * level (2000C) otherwise. Both copies come from one function here so they cannot drift apart.
 * The JSON is the artifact the gateway loads; re-run `node scripts/maps/837D.mjs` after an edit.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAYER_RESPONSIBILITY, CLAIM_FILING, PATIENT_RELATIONSHIP, GENDER, PRICING_METHODOLOGY, REJECT_REASON, POLICY_COMPLIANCE, EXCEPTION_CODES , guideMapPath } from './shared-837.mjs';

const target = guideMapPath(import.meta.url, '837D.json');

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

const E = (pos, name, usage, more = {}) => ({ pos, name, usage, ...more });
const C = (pos, name, usage, more = {}) => ({ pos, name, usage, ...more });

function S(id, name, usage, max, elements, { qualifier, note } = {}) {
  const out = { kind: 'segment', id, name, usage, max };
  if (qualifier) out.qualifier = qualifier;
  out.elements = elements;
  if (note) out.note = note;
  return out;
}

function L(id, name, usage, max, children, note) {
  const out = { kind: 'loop', id, name, usage, max, children };
  if (note) out.note = note;
  return out;
}

/** Qualifier on element `element` (and optionally a component of it). */
const Q = (element, values, component) => (component ? { element, component, values } : { element, values });

const US_ADDRESS_NOTE = 'Required when the address is in the United States or Canada.';

/**
 * NM1 builder. `who` is the guide's wording for the party ("Billing Provider").
 * opts: entity (NM101 codes), types (NM102 codes), nameStyle ('person' | 'org' | 'either' | 'none'),
 * idQuals (NM108 codes) with idUsage, idName, lastName override, note.
 */
function nm1(who, usage, opts) {
  const {
    entity,
    types,
    nameStyle = 'either',
    idQuals,
    idUsage = 'R',
    idName = `${who} Identifier`,
    lastName,
    note,
    max = 1,
  } = opts;
  const els = [
    E(1, 'Entity Identifier Code', 'R', { codes: entity }),
    E(2, 'Entity Type Qualifier', 'R', { codes: types }),
  ];
  if (nameStyle !== 'none') {
    const last =
      lastName ?? (nameStyle === 'person' ? `${who} Last Name` : nameStyle === 'org' ? `${who} Organization Name` : `${who} Last or Organization Name`);
    els.push(E(3, last, 'R'));
    if (nameStyle !== 'org') {
      els.push(E(4, `${who} First Name`, 'S', { note: 'Required when NM102 = 1 (person) and the person has a first name.' }));
      els.push(E(5, `${who} Middle Name or Initial`, 'S'));
      els.push(E(7, `${who} Name Suffix`, 'S'));
    }
  }
  if (idQuals) {
    els.push(E(8, 'Identification Code Qualifier', idUsage, { codes: idQuals }));
    els.push(E(9, idName, idUsage, idUsage === 'S' ? { note: 'Sent with NM108; required once the provider has an NPI.' } : {}));
  }
  return S('NM1', `${who} Name`, usage, max, els, { qualifier: Q(1, entity), note });
}

function n3(who, usage = 'R', note) {
  return S(
    'N3',
    `${who} Address`,
    usage,
    1,
    [E(1, `${who} Address Line`, 'R'), E(2, `${who} Address Line`, 'S', { note: 'Required when there is a second address line.' })],
    { note },
  );
}

function n4(who, usage = 'R', note) {
  return S(
    'N4',
    `${who} City, State, ZIP Code`,
    usage,
    1,
    [
      E(1, `${who} City Name`, 'R'),
      E(2, `${who} State or Province Code`, 'S', { note: US_ADDRESS_NOTE }),
      E(3, `${who} Postal Zone or ZIP Code`, 'S', { note: 'Required when the address is in the United States or another country with postal codes.' }),
      E(4, 'Country Code', 'S', { note: 'Required when the address is outside the United States.' }),
      E(7, 'Country Subdivision Code', 'S', { note: 'Required when the address is outside the United States and the country has subdivisions.' }),
    ],
    { note },
  );
}

const REF04_OTHER_PAYER = E(4, 'Reference Identifier', 'S', {
  note: 'Required when the identifier belongs to a non-destination payer (secondary claims); names that payer.',
  components: [C(1, 'Reference Identification Qualifier', 'R', { codes: ['2U'] }), C(2, 'Other Payer Primary Identifier', 'R')],
});

/** REF builder: `codes` are REF01 values (also the qualifier). */
function ref(name, usage, max, codes, valueName, { note, ref04 = false, qualified = true } = {}) {
  const els = [E(1, 'Reference Identification Qualifier', 'R', { codes }), E(2, valueName, 'R')];
  if (ref04) els.push(REF04_OTHER_PAYER);
  return S('REF', name, usage, max, els, { qualifier: qualified ? Q(1, codes) : undefined, note });
}

function dtp(name, usage, qual, formats, valueName, note, max = 1) {
  return S(
    'DTP',
    name,
    usage,
    max,
    [
      E(1, 'Date Time Qualifier', 'R', { codes: [qual] }),
      E(2, 'Date Time Period Format Qualifier', 'R', { codes: formats }),
      E(3, valueName, 'R'),
    ],
    { qualifier: Q(1, [qual]), note },
  );
}

function amt(name, usage, qual, amountName, note) {
  return S('AMT', name, usage, 1, [E(1, 'Amount Qualifier Code', 'R', { codes: [qual] }), E(2, amountName, 'R')], {
    qualifier: Q(1, [qual]),
    note,
  });
}

function prv(name, usage, providerCode, note) {
  return S(
    'PRV',
    name,
    usage,
    1,
    [
      E(1, 'Provider Code', 'R', { codes: [providerCode] }),
      E(2, 'Reference Identification Qualifier', 'R', { codes: ['PXC'] }),
      E(3, 'Provider Taxonomy Code', 'R'),
    ],
    { note },
  );
}

const COMM_QUALS = ['EM', 'FX', 'TE'];
const COMM_QUALS_EXT = ['EM', 'EX', 'FX', 'TE'];

function per(name, usage, max, contactName, note) {
  return S(
    'PER',
    name,
    usage,
    max,
    [
      E(1, 'Contact Function Code', 'R', { codes: ['IC'] }),
      E(2, contactName, 'S', { note: 'Required when the contact name differs from the name in NM1 (or when PER is the first occurrence).' }),
      E(3, 'Communication Number Qualifier', 'R', { codes: COMM_QUALS }),
      E(4, 'Communication Number', 'R'),
      E(5, 'Communication Number Qualifier', 'S', { codes: COMM_QUALS_EXT, note: 'Required when another contact number applies.' }),
      E(6, 'Communication Number', 'S'),
      E(7, 'Communication Number Qualifier', 'S', { codes: COMM_QUALS_EXT, note: 'Required when a third contact number applies.' }),
      E(8, 'Communication Number', 'S'),
    ],
    { qualifier: Q(1, ['IC']), note },
  );
}

/** CAS with all six reason/amount/quantity groups. */
function cas(name, note) {
  const els = [
    E(1, 'Claim Adjustment Group Code', 'R', { codeList: 'claim-adjustment-group' }),
    E(2, 'Adjustment Reason Code', 'R', { codeList: 'carc' }),
    E(3, 'Adjustment Amount', 'R'),
    E(4, 'Adjustment Quantity', 'S', { note: 'Required when the adjustment applies to units of service.' }),
  ];
  for (let k = 2; k <= 6; k++) {
    const base = 3 * k - 1; // 5, 8, 11, 14, 17
    els.push(E(base, 'Adjustment Reason Code', 'S', { codeList: 'carc', note: `Required when an adjustment group ${k} applies under the same group code.` }));
    els.push(E(base + 1, 'Adjustment Amount', 'S', { note: `Sent with CAS${String(base).padStart(2, '0')}.` }));
    els.push(E(base + 2, 'Adjustment Quantity', 'S'));
  }
  return S('CAS', name, 'S', 5, els, { note });
}

// Code values shared by several segments
const OTHER_SUB_RELATIONSHIP = ['01', '18', '19', '20', '21', '39', '40', '53', 'G8'];
const PROVIDER_SECONDARY_IDS = ['0B', '1G', 'G2', 'LU'];
const PAYER_SECONDARY_IDS = ['2U', 'EI', 'FY', 'NF'];
const TOOTH_SURFACES = ['B', 'D', 'F', 'I', 'L', 'M', 'O'];
const ORAL_CAVITY = ['00', '01', '02', '09', '10', '20', '30', '40', 'L', 'R'];

const VERSION = '005010X224A2';
const ALIASES = ['005010X224', '005010X224A1', '005010X224A3'];

// ---------------------------------------------------------------------------------------------
// Header, 1000A, 1000B
// ---------------------------------------------------------------------------------------------

const ST = S('ST', 'Transaction Set Header', 'R', 1, [
  E(1, 'Transaction Set Identifier Code', 'R', { codes: ['837'] }),
  E(2, 'Transaction Set Control Number', 'R', { note: 'Must equal SE02.' }),
  E(3, 'Implementation Convention Reference', 'R', {
    codes: [VERSION, ...ALIASES],
    note: 'Must equal GS08 (005010X224A2; earlier/later errata strings accepted as aliases).',
  }),
]);

const BHT = S('BHT', 'Beginning of Hierarchical Transaction', 'R', 1, [
  E(1, 'Hierarchical Structure Code', 'R', { codes: ['0019'] }),
  E(2, 'Transaction Set Purpose Code', 'R', { codes: ['00', '18'], note: '00 original; 18 reissue.' }),
  E(3, 'Originator Application Transaction Identifier', 'R'),
  E(4, 'Transaction Set Creation Date', 'R'),
  E(5, 'Transaction Set Creation Time', 'R'),
  E(6, 'Claim or Encounter Identifier', 'R', { codes: ['31', 'CH', 'RP'], note: '31 subrogation demand; CH chargeable (claims and predeterminations); RP reporting (encounters).' }),
]);

const loop1000A = L('1000A', 'Submitter Name', 'R', 1, [
  nm1('Submitter', 'R', { entity: ['41'], types: ['1', '2'], idQuals: ['46'], idName: 'Submitter Identifier' }),
  per('Submitter EDI Contact Information', 'R', 2, 'Submitter Contact Name'),
]);

const loop1000B = L('1000B', 'Receiver Name', 'R', 1, [
  nm1('Receiver', 'R', { entity: ['40'], types: ['2'], nameStyle: 'org', idQuals: ['46'], idName: 'Receiver Primary Identifier' }),
]);

// ---------------------------------------------------------------------------------------------
// 2000A billing provider
// ---------------------------------------------------------------------------------------------

const loop2010AA = L('2010AA', 'Billing Provider Name', 'R', 1, [
  nm1('Billing Provider', 'R', {
    entity: ['85'],
    types: ['1', '2'],
    idQuals: ['XX'],
    idName: 'Billing Provider Identifier',
    note: 'NM109 carries the billing provider NPI.',
  }),
  n3('Billing Provider', 'R', 'Must be a street address; post office boxes go in the pay-to address (2010AB).'),
  n4('Billing Provider'),
  ref('Billing Provider Tax Identification', 'R', 1, ['EI', 'SY'], 'Billing Provider Tax Identification Number', {
    note: 'EI employer identification number or SY social security number.',
  }),
  ref('Billing Provider UPIN/License Information', 'S', 2, ['0B', '1G'], 'Billing Provider License and/or UPIN Information', {
    note: 'Required when the billing provider is a person and the payer needs the state license number or UPIN.',
  }),
  per('Billing Provider Contact Information', 'S', 2, 'Billing Provider Contact Name', 'Required when the contact differs from the submitter (1000A PER).'),
]);

const loop2010AB = L(
  '2010AB',
  'Pay-to Address Name',
  'S',
  1,
  [
    S('NM1', 'Pay-to Address Name', 'R', 1, [E(1, 'Entity Identifier Code', 'R', { codes: ['87'] }), E(2, 'Entity Type Qualifier', 'R', { codes: ['1', '2'] })], {
      qualifier: Q(1, ['87']),
    }),
    n3('Pay-to Address'),
    n4('Pay-to Address'),
  ],
  'Required when the pay-to address differs from the billing provider address.',
);

const loop2010AC = L(
  '2010AC',
  'Pay-To Plan Name',
  'S',
  1,
  [
    nm1('Pay-to Plan', 'R', {
      entity: ['PE'],
      types: ['2'],
      nameStyle: 'org',
      idQuals: ['PI', 'XV'],
      idName: 'Pay-To Plan Primary Identifier',
    }),
    n3('Pay-to Plan'),
    n4('Pay-to Plan'),
    ref('Pay-to Plan Secondary Identification', 'S', 1, ['2U', 'FY', 'NF'], 'Pay-to Plan Secondary Identifier', {
      note: 'Required when an identifier other than NM109 is needed to identify the pay-to plan.',
    }),
    ref('Pay-To Plan Tax Identification Number', 'R', 1, ['EI'], 'Pay-to Plan Tax Identification Number'),
  ],
  'Required when the claim is a subrogation claim paid to a plan other than the billing provider (BHT06 = 31).',
);

// ---------------------------------------------------------------------------------------------
// 2300 claim (and everything under it) — built once, placed under 2000B and 2000C
// ---------------------------------------------------------------------------------------------

function claimLoop() {
  const CLM = S(
    'CLM',
    'Claim Information',
    'R',
    1,
    [
      E(1, 'Patient Control Number', 'R', { note: 'The provider’s claim identifier; returned in the 835 CLP01 and 277 responses.' }),
      E(2, 'Total Claim Charge Amount', 'R', { note: 'Must equal the sum of SV302 on all service lines.' }),
      E(5, 'Health Care Service Location Information', 'R', {
        components: [
          C(1, 'Place of Service Code', 'R', { codeList: 'place-of-service' }),
          C(2, 'Facility Code Qualifier', 'R', { codes: ['B'], note: 'B = place of service codes for professional or dental services.' }),
          C(3, 'Claim Frequency Type Code', 'R', { codeList: 'claim-frequency', note: 'NUBC bill type frequency: 1 original, 7 replacement, 8 void/cancel.' }),
        ],
      }),
      E(6, 'Provider or Supplier Signature Indicator', 'R', { codes: ['N', 'Y'] }),
      E(7, 'Assignment or Plan Participation Code', 'R', { codes: ['A', 'B', 'C'] }),
      E(8, 'Benefits Assignment Certification Indicator', 'R', { codes: ['N', 'W', 'Y'] }),
      E(9, 'Release of Information Code', 'R', { codes: ['I', 'Y'] }),
      E(11, 'Related Causes Information', 'S', {
        note: 'Required when the services relate to an accident or employment.',
        components: [
          C(1, 'Related-Causes Code', 'R', { codes: ['AA', 'EM', 'OA'] }),
          C(2, 'Related-Causes Code', 'S', { codes: ['AA', 'EM', 'OA'] }),
          C(4, 'Auto Accident State or Province Code', 'S', { note: 'Required when CLM11-1 or CLM11-2 = AA.' }),
          C(5, 'Country Code', 'S', { note: 'Required when the accident happened outside the United States.' }),
        ],
      }),
      E(12, 'Special Program Code', 'S', { codes: ['01', '02', '03', '05', '09'], note: 'Required when the services were rendered under a special program (e.g. 01 EPSDT).' }),
      E(19, 'Predetermination of Benefits Code', 'S', { codes: ['PB'], note: 'PB when this is a predetermination of benefits rather than a claim.' }),
      E(20, 'Delay Reason Code', 'S', { codes: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '15'], note: 'Required when the claim is submitted late and a delay reason applies.' }),
    ],
    { note: 'CLM05-2 must be B for dental claims.' },
  );

  const dtps = [
    dtp('Date - Accident', 'S', '439', ['D8'], 'Accident Date', 'Required when CLM11 carries AA, EM or OA.'),
    dtp('Date - Appliance Placement', 'S', '452', ['D8'], 'Orthodontic Banding Date', 'Required when the claim is for orthodontic services and the appliance was already placed.'),
    dtp('Date - Service Date', 'S', '472', ['D8', 'RD8'], 'Service Date', 'Required when the service date is not sent on each line (2400 DTP 472); not used for predeterminations.'),
    dtp('Date - Repricer Received Date', 'S', '050', ['D8'], 'Repricer Received Date', 'Required when a repricer passes the claim on.'),
  ];

  const DN1 = S(
    'DN1',
    'Orthodontic Total Months of Treatment',
    'S',
    1,
    [
      E(1, 'Orthodontic Treatment Months Count', 'S', { note: 'Estimated total months of orthodontic treatment.' }),
      E(2, 'Orthodontic Treatment Months Remaining Count', 'S', { note: 'Required when the claim is for ongoing orthodontic treatment.' }),
      E(4, 'Questionnaire Response', 'S', { note: 'Y indicates orthodontic treatment when DN101/DN102 are not known.' }),
    ],
    { note: 'Required when the claim or predetermination is for orthodontic services.' },
  );

  const DN2 = S(
    'DN2',
    'Tooth Status',
    'S',
    35,
    [
      E(1, 'Tooth Number', 'R', { note: 'ADA Universal National Tooth Designation System tooth number.' }),
      E(2, 'Tooth Status Code', 'R', { codes: ['E', 'M'], note: 'E to be extracted; M missing.' }),
      E(6, 'Code List Qualifier Code', 'R', { codes: ['JP'], note: 'JP = Universal National Tooth Designation System.' }),
    ],
    { note: 'Required when the claim involves prosthetics (bridges, dentures) or periodontics and missing or to-be-extracted teeth must be reported.' },
  );

  const PWK = S(
    'PWK',
    'Claim Supplemental Information',
    'S',
    10,
    [
      E(1, 'Attachment Report Type Code', 'R', {
        codes: ['B4', 'DA', 'DG', 'EB', 'OZ', 'P6', 'RB', 'RR'],
        note: 'B4 referral form; DA dental models; DG diagnostic report; EB explanation of benefits; OZ support data; P6 periodontal charts; RB radiology films; RR radiology reports.',
      }),
      E(2, 'Attachment Transmission Code', 'R', { codes: ['AA', 'BM', 'EL', 'EM', 'FT', 'FX'] }),
      E(5, 'Identification Code Qualifier', 'S', { codes: ['AC'], note: 'Required when PWK02 is not AA.' }),
      E(6, 'Attachment Control Number', 'S', { note: 'Required when PWK02 is not AA.' }),
    ],
    { note: 'Required when supporting documentation (x-rays, charts, narratives) accompanies the claim.' },
  );

  const CN1 = S(
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
    { note: 'Required when the submitter is contractually obliged to send contract information.' },
  );

  const claimRefs = [
    ref('Predetermination Identification', 'S', 1, ['G3'], 'Predetermination of Benefits Identifier', {
      note: 'Required when the claim follows a predetermination and the payer assigned an identifier.',
    }),
    ref('Service Authorization Exception Code', 'S', 1, ['4N'], 'Service Authorization Exception Code', {
      note: 'Required when services needing authorization were rendered without it (codes 1-7).',
    }),
    ref('Payer Claim Control Number', 'S', 1, ['F8'], 'Payer Claim Control Number', {
      note: 'Required when CLM05-3 is 7 (replacement) or 8 (void): the payer’s original claim number.',
    }),
    ref('Referral Number', 'S', 1, ['9F'], 'Referral Number', { note: 'Required when a referral number was assigned by the payer.' }),
    ref('Prior Authorization', 'S', 1, ['G1'], 'Prior Authorization Number', { note: 'Required when the payer assigned a prior authorization number.' }),
    ref('Repriced Claim Number', 'S', 1, ['9A'], 'Repriced Claim Reference Number', { note: 'Used by repricers only.' }),
    ref('Adjusted Repriced Claim Number', 'S', 1, ['9C'], 'Adjusted Repriced Claim Reference Number', { note: 'Used by repricers only.' }),
    ref('Claim Identifier For Transmission Intermediaries', 'S', 1, ['D9'], 'Value Added Network Trace Number', {
      note: 'Clearinghouse/VAN tracking number; echoed back on the 277CA.',
    }),
  ];

  const K3 = S('K3', 'File Information', 'S', 10, [E(1, 'Fixed Format Information', 'R')], {
    note: 'Only for regulatory data the guide otherwise lacks, per an agreed X12 data maintenance request.',
  });

  const NTE = S('NTE', 'Claim Note', 'S', 1, [E(1, 'Note Reference Code', 'R', { codes: ['ADD'] }), E(2, 'Claim Note Text', 'R')], {
    note: 'Required when the provider considers a narrative necessary to adjudicate the claim.',
  });

  const diag = (pos, principal) =>
    E(pos, principal ? 'Health Care Code Information' : 'Health Care Code Information', principal ? 'R' : 'S', {
      note: principal ? undefined : `Required when a ${['', '', 'second', 'third', 'fourth'][pos]} diagnosis applies.`,
      components: [
        C(1, 'Code List Qualifier Code', 'R', {
          codes: principal ? ['ABK', 'BK'] : ['ABF', 'BF'],
          note: principal ? 'ABK ICD-10-CM principal diagnosis; BK ICD-9-CM principal diagnosis.' : 'ABF ICD-10-CM diagnosis; BF ICD-9-CM diagnosis.',
        }),
        C(2, 'Diagnosis Code', 'R', { note: 'No decimal point.' }),
      ],
    });
  const HI = S('HI', 'Health Care Diagnosis Code', 'S', 1, [diag(1, true), diag(2, false), diag(3, false), diag(4, false)], {
    note: 'Required when a diagnosis may affect adjudication (e.g. payer policy, oral surgery, medically necessary dental). Up to four codes; SV311 points at them.',
  });

  const HCP_CLAIM = S(
    'HCP',
    'Claim Pricing/Repricing Information',
    'S',
    1,
    [
      E(1, 'Pricing Methodology', 'R', { codes: PRICING_METHODOLOGY }),
      E(2, 'Repriced Allowed Amount', 'R'),
      E(3, 'Repriced Saving Amount', 'S'),
      E(4, 'Repricing Organization Identifier', 'S'),
      E(5, 'Repricing Per Diem or Flat Rate Amount', 'S'),
      E(6, 'Repriced Approved Ambulatory Patient Group Code', 'S'),
      E(7, 'Repriced Approved Ambulatory Patient Group Amount', 'S'),
      E(13, 'Reject Reason Code', 'S', { codes: REJECT_REASON }),
      E(14, 'Policy Compliance Code', 'S', { codes: POLICY_COMPLIANCE }),
      E(15, 'Exception Code', 'S', { codes: EXCEPTION_CODES }),
    ],
    { note: 'Sent by repricers only (not by providers).' },
  );

  // 2310A-E: claim-level providers
  const loop2310A = L(
    '2310A',
    'Referring Provider Name',
    'S',
    2,
    [
      nm1('Referring Provider', 'R', {
        entity: ['DN', 'P3'],
        types: ['1'],
        nameStyle: 'person',
        idQuals: ['XX'],
        idUsage: 'S',
        idName: 'Referring Provider Identifier',
        note: 'DN referring provider; P3 primary care provider (send both when both apply).',
      }),
      prv('Referring Provider Specialty Information', 'S', 'RF', 'Required when the payer needs the referring provider taxonomy.'),
      ref('Referring Provider Secondary Identification', 'S', 3, ['0B', '1G', 'G2'], 'Referring Provider Secondary Identifier', {
        ref04: false,
        note: 'Required when an identifier other than the NPI is needed.',
      }),
    ],
    'Required when the claim involves a referral.',
  );

  const loop2310B = L(
    '2310B',
    'Rendering Provider Name',
    'S',
    1,
    [
      nm1('Rendering Provider', 'R', {
        entity: ['82'],
        types: ['1', '2'],
        idQuals: ['XX'],
        idUsage: 'S',
        idName: 'Rendering Provider Identifier',
      }),
      prv('Rendering Provider Specialty Information', 'S', 'PE', 'Required when the payer adjudicates by the rendering provider taxonomy.'),
      ref('Rendering Provider Secondary Identification', 'S', 4, PROVIDER_SECONDARY_IDS, 'Rendering Provider Secondary Identifier', {
        ref04: true,
        note: 'Required when an identifier other than the NPI is needed.',
      }),
    ],
    'Required when the rendering provider differs from the billing provider (2010AA).',
  );

  const loop2310C = L(
    '2310C',
    'Service Facility Location',
    'S',
    1,
    [
      nm1('Service Facility Location', 'R', {
        entity: ['77'],
        types: ['2'],
        nameStyle: 'org',
        lastName: 'Laboratory or Facility Name',
        idQuals: ['XX'],
        idUsage: 'S',
        idName: 'Laboratory or Facility Primary Identifier',
      }),
      n3('Service Facility'),
      n4('Service Facility'),
      ref('Service Facility Location Secondary Identification', 'S', 3, ['G2', 'LU'], 'Laboratory or Facility Secondary Identifier', { ref04: true }),
    ],
    'Required when the services were rendered somewhere other than the billing provider address (e.g. hospital, nursing facility).',
  );

  const loop2310D = L(
    '2310D',
    'Assistant Surgeon Name',
    'S',
    1,
    [
      nm1('Assistant Surgeon', 'R', {
        entity: ['DD'],
        types: ['1', '2'],
        idQuals: ['XX'],
        idUsage: 'S',
        idName: 'Assistant Surgeon Primary Identifier',
      }),
      prv('Assistant Surgeon Specialty Information', 'S', 'AS', 'Required when the payer needs the assistant surgeon taxonomy.'),
      ref('Assistant Surgeon Secondary Identification', 'S', 4, PROVIDER_SECONDARY_IDS, 'Assistant Surgeon Secondary Identifier', { ref04: true }),
    ],
    'Required when an assistant surgeon took part in every service line of the claim.',
  );

  const loop2310E = L(
    '2310E',
    'Supervising Provider Name',
    'S',
    1,
    [
      nm1('Supervising Provider', 'R', {
        entity: ['DQ'],
        types: ['1'],
        nameStyle: 'person',
        idQuals: ['XX'],
        idUsage: 'S',
        idName: 'Supervising Provider Identifier',
      }),
      ref('Supervising Provider Secondary Identification', 'S', 4, PROVIDER_SECONDARY_IDS, 'Supervising Provider Secondary Identifier', { ref04: true }),
    ],
    'Required when the rendering provider works under supervision (e.g. a hygienist or dental student) and the payer needs the supervisor.',
  );

  // 2320 / 2330A-H: other payers
  const otherPayerProvider = (id, name, entity, types, refCodes, refMax, note) =>
    L(
      id,
      name,
      'S',
      id === '2330C' ? 2 : 1,
      [
        S('NM1', name, 'R', 1, [E(1, 'Entity Identifier Code', 'R', { codes: entity }), E(2, 'Entity Type Qualifier', 'R', { codes: types })], {
          qualifier: Q(1, entity),
        }),
        ref(`${name} Secondary Identification`, 'R', refMax, refCodes, `${name} Secondary Identifier`),
      ],
      note,
    );

  const loop2330A = L('2330A', 'Other Subscriber Name', 'R', 1, [
    nm1('Other Insured', 'R', {
      entity: ['IL'],
      types: ['1', '2'],
      idQuals: ['II', 'MI'],
      idName: 'Other Insured Identifier',
    }),
    n3('Other Subscriber', 'S', 'Required when the other subscriber’s address is known.'),
    n4('Other Subscriber', 'S', 'Required when N3 is sent.'),
    ref('Other Subscriber Secondary Identification', 'S', 1, ['SY'], 'Other Insured Additional Identifier', {
      note: 'Required when an additional identifier is needed by the destination payer.',
    }),
  ]);

  const loop2330B = L('2330B', 'Other Payer Name', 'R', 1, [
    nm1('Other Payer', 'R', {
      entity: ['PR'],
      types: ['2'],
      nameStyle: 'org',
      idQuals: ['PI', 'XV'],
      idName: 'Other Payer Primary Identifier',
      note: 'NM109 must match SVD01 of the 2430 loops for this payer.',
    }),
    n3('Other Payer', 'S', 'Required when the other payer address is known.'),
    n4('Other Payer', 'S', 'Required when N3 is sent.'),
    dtp('Claim Check or Remittance Date', 'S', '573', ['D8'], 'Adjudication or Payment Date', 'Required when the other payer adjudicated the claim and line-level dates (2430 DTP 573) are not sent.'),
    ref('Other Payer Secondary Identifier', 'S', 2, PAYER_SECONDARY_IDS, 'Other Payer Secondary Identifier'),
    ref('Other Payer Prior Authorization Number', 'S', 1, ['G1'], 'Other Payer Prior Authorization Number'),
    ref('Other Payer Referral Number', 'S', 1, ['9F'], 'Other Payer Prior Authorization or Referral Number'),
    ref('Other Payer Predetermination Identification', 'S', 1, ['G3'], 'Other Payer Predetermination Identification'),
    ref('Other Payer Claim Adjustment Indicator', 'S', 1, ['T4'], 'Other Payer Claim Adjustment Indicator', { note: 'REF02 = Y when the other payer adjusted a previously adjudicated claim.' }),
    ref('Other Payer Claim Control Number', 'S', 1, ['F8'], 'Other Payer’s Claim Control Number'),
  ]);

  const loop2320 = L(
    '2320',
    'Other Subscriber Information',
    'S',
    10,
    [
      S(
        'SBR',
        'Other Subscriber Information',
        'R',
        1,
        [
          E(1, 'Payer Responsibility Sequence Number Code', 'R', { codes: PAYER_RESPONSIBILITY }),
          E(2, 'Individual Relationship Code', 'R', { codes: OTHER_SUB_RELATIONSHIP }),
          E(3, 'Insured Group or Policy Number', 'S', { note: 'Required when the other coverage has a group or policy number.' }),
          E(4, 'Other Insured Group Name', 'S', { note: 'Required when the group number is not sent and a group name is known.' }),
          E(9, 'Claim Filing Indicator Code', 'S', { codes: CLAIM_FILING }),
        ],
      ),
      cas('Claim Level Adjustments', 'Required when the other payer adjusted the claim at claim level (not already on the lines).'),
      amt('Coordination of Benefits (COB) Payer Paid Amount', 'S', 'D', 'Payer Paid Amount', 'Required when the other payer has adjudicated the claim.'),
      amt('Coordination of Benefits (COB) Total Non-Covered Amount', 'S', 'A8', 'Non-Covered Charge Amount', 'Required when the destination payer’s cost avoidance policy needs it.'),
      amt('Remaining Patient Liability', 'S', 'EAF', 'Remaining Patient Liability', 'Required when the other payer adjudicated the claim and a balance remains for the patient.'),
      S('OI', 'Other Insurance Coverage Information', 'R', 1, [
        E(3, 'Benefits Assignment Certification Indicator', 'R', { codes: ['N', 'W', 'Y'] }),
        E(4, 'Patient Signature Source Code', 'S', { codes: ['P'], note: 'Required when the patient or their representative signed (code P).' }),
        E(6, 'Release of Information Code', 'R', { codes: ['I', 'Y'] }),
      ]),
      loop2330A,
      loop2330B,
      otherPayerProvider('2330C', 'Other Payer Referring Provider', ['DN', 'P3'], ['1'], PROVIDER_SECONDARY_IDS, 3, 'Required when 2310A is sent and this payer needs a non-NPI identifier.'),
      otherPayerProvider('2330D', 'Other Payer Rendering Provider', ['82'], ['1', '2'], PROVIDER_SECONDARY_IDS, 3, 'Required when 2310B is sent and this payer needs a non-NPI identifier.'),
      otherPayerProvider('2330E', 'Other Payer Supervising Provider', ['DQ'], ['1'], PROVIDER_SECONDARY_IDS, 3, 'Required when 2310E is sent and this payer needs a non-NPI identifier.'),
      otherPayerProvider('2330F', 'Other Payer Billing Provider', ['85'], ['1', '2'], ['G2', 'LU'], 2, 'Required when this payer needs a non-NPI identifier for the billing provider.'),
      otherPayerProvider('2330G', 'Other Payer Service Facility Location', ['77'], ['2'], ['0B', 'G2', 'LU'], 3, 'Required when 2310C is sent and this payer needs a non-NPI identifier.'),
      otherPayerProvider('2330H', 'Other Payer Assistant Surgeon', ['DD'], ['1', '2'], PROVIDER_SECONDARY_IDS, 3, 'Required when 2310D is sent and this payer needs a non-NPI identifier.'),
    ],
    'Required when other payers are known to be responsible for the claim (coordination of benefits).',
  );

  // 2400 service lines
  const SV3 = S(
    'SV3',
    'Dental Service',
    'R',
    1,
    [
      E(1, 'Composite Medical Procedure Identifier', 'R', {
        components: [
          C(1, 'Product or Service ID Qualifier', 'R', { codes: ['AD'], note: 'AD = American Dental Association (CDT) codes.' }),
          C(2, 'Procedure Code', 'R'),
          C(3, 'Procedure Modifier', 'S'),
          C(4, 'Procedure Modifier', 'S'),
          C(5, 'Procedure Modifier', 'S'),
          C(6, 'Procedure Modifier', 'S'),
          C(7, 'Description', 'S', { note: 'Required when the CDT code is a "not otherwise classified" code.' }),
        ],
      }),
      E(2, 'Line Item Charge Amount', 'R'),
      E(3, 'Place of Service Code', 'S', { codeList: 'place-of-service', note: 'Required when it differs from CLM05-1.' }),
      E(4, 'Oral Cavity Designation', 'S', {
        note: 'Required when the procedure is done on an area of the mouth (arch, quadrant) rather than a tooth.',
        components: [
          C(1, 'Oral Cavity Designation Code', 'R', { codes: ORAL_CAVITY }),
          C(2, 'Oral Cavity Designation Code', 'S', { codes: ORAL_CAVITY }),
          C(3, 'Oral Cavity Designation Code', 'S', { codes: ORAL_CAVITY }),
          C(4, 'Oral Cavity Designation Code', 'S', { codes: ORAL_CAVITY }),
          C(5, 'Oral Cavity Designation Code', 'S', { codes: ORAL_CAVITY }),
        ],
      }),
      E(5, 'Prosthesis, Crown, or Inlay Code', 'S', { codes: ['I', 'R'], note: 'I initial placement; R replacement. Required for prostheses, crowns and inlays.' }),
      E(6, 'Procedure Count', 'R'),
      E(11, 'Composite Diagnosis Code Pointer', 'S', {
        note: 'Required when 2300 HI is sent; points at HI01-HI04 (values 1-4).',
        components: [
          C(1, 'Diagnosis Code Pointer', 'R'),
          C(2, 'Diagnosis Code Pointer', 'S'),
          C(3, 'Diagnosis Code Pointer', 'S'),
          C(4, 'Diagnosis Code Pointer', 'S'),
        ],
      }),
    ],
  );

  const TOO = S(
    'TOO',
    'Tooth Information',
    'S',
    32,
    [
      E(1, 'Code List Qualifier Code', 'R', { codes: ['JP'], note: 'JP = Universal National Tooth Designation System.' }),
      E(2, 'Tooth Code', 'R'),
      E(3, 'Tooth Surface', 'S', {
        note: 'Required when the procedure is done on one or more tooth surfaces.',
        components: [
          C(1, 'Tooth Surface Code', 'R', { codes: TOOTH_SURFACES }),
          C(2, 'Tooth Surface Code', 'S', { codes: TOOTH_SURFACES }),
          C(3, 'Tooth Surface Code', 'S', { codes: TOOTH_SURFACES }),
          C(4, 'Tooth Surface Code', 'S', { codes: TOOTH_SURFACES }),
          C(5, 'Tooth Surface Code', 'S', { codes: TOOTH_SURFACES }),
        ],
      }),
    ],
    { note: 'Required when the procedure is done on specific teeth; one TOO per tooth.' },
  );

  const lineDtps = [
    dtp('Date - Service Date', 'S', '472', ['D8', 'RD8'], 'Service Date', 'Required on claims when the 2300 service date is not sent; not used on predeterminations.'),
    dtp('Date - Prior Placement', 'S', '441', ['D8'], 'Prior Placement Date', 'Required when SV305 = R (replacement) and the prior placement date is known.'),
    dtp('Date - Appliance Placement', 'S', '452', ['D8'], 'Orthodontic Banding Date', 'Required for orthodontic lines when the appliance has been placed.'),
    dtp('Date - Replacement', 'S', '446', ['D8'], 'Replacement Date', 'Required when the line is for a replacement and the payer needs the date.'),
    dtp('Date - Treatment Start', 'S', '196', ['D8'], 'Treatment Start Date', 'Required for multi-visit procedures (e.g. root canal, crown) when the start date differs from the service date.'),
    dtp('Date - Treatment Completion', 'S', '198', ['D8'], 'Treatment Completion Date', 'Required for multi-visit procedures when the completion date is reported.'),
  ];

  const CN1_LINE = S(
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
    { note: 'Required when the line’s contract information differs from the claim’s (2300 CN1).' },
  );

  const lineRefs = [
    ref('Service Predetermination Identification', 'S', 5, ['G3'], 'Predetermination of Benefits Identifier', {
      ref04: true,
      note: 'Required when the line follows a predetermination and differs from the claim-level G3.',
    }),
    ref('Prior Authorization', 'S', 5, ['G1'], 'Prior Authorization Number', { ref04: true, note: 'Required when the line’s authorization differs from 2300 REF G1.' }),
    ref('Line Item Control Number', 'S', 1, ['6R'], 'Line Item Control Number', { note: 'Provider’s line identifier; returned in 835 REF*6R.' }),
    ref('Repriced Line Item Reference Number', 'S', 1, ['9B'], 'Repriced Line Item Reference Number', { note: 'Used by repricers only.' }),
    ref('Adjusted Repriced Line Item Reference Number', 'S', 1, ['9D'], 'Adjusted Repriced Line Item Reference Number', { note: 'Used by repricers only.' }),
    ref('Referral Number', 'S', 5, ['9F'], 'Referral Number', { ref04: true, note: 'Required when the line’s referral differs from 2300 REF 9F.' }),
  ];

  const AMT_TAX = amt('Sales Tax Amount', 'S', 'T', 'Sales Tax Amount', 'Required when sales tax applies to the line and the submitter must report it.');
  const K3_LINE = S('K3', 'File Information', 'S', 10, [E(1, 'Fixed Format Information', 'R')], {
    note: 'Only for regulatory data the guide otherwise lacks.',
  });
  const NTE_LINE = S('NTE', 'Line Note', 'S', 1, [E(1, 'Note Reference Code', 'R', { codes: ['ADD'] }), E(2, 'Line Note Text', 'R')], {
    note: 'Required when the provider considers a narrative necessary for this line.',
  });

  const HCP_LINE = S(
    'HCP',
    'Line Pricing/Repricing Information',
    'S',
    1,
    [
      E(1, 'Pricing Methodology', 'R', { codes: PRICING_METHODOLOGY }),
      E(2, 'Repriced Allowed Amount', 'R'),
      E(3, 'Repriced Saving Amount', 'S'),
      E(4, 'Repricing Organization Identifier', 'S'),
      E(5, 'Repricing Per Diem or Flat Rate Amount', 'S'),
      E(6, 'Repriced Approved Ambulatory Patient Group Code', 'S'),
      E(7, 'Repriced Approved Ambulatory Patient Group Amount', 'S'),
      E(9, 'Product or Service ID Qualifier', 'S', { codes: ['AD'] }),
      E(10, 'Repriced Approved Procedure Code', 'S', { note: 'Sent with HCP09.' }),
      E(11, 'Unit or Basis for Measurement Code', 'S', { codes: ['UN'] }),
      E(12, 'Repriced Approved Service Unit Count', 'S', { note: 'Sent with HCP11.' }),
      E(13, 'Reject Reason Code', 'S', { codes: REJECT_REASON }),
      E(14, 'Policy Compliance Code', 'S', { codes: POLICY_COMPLIANCE }),
      E(15, 'Exception Code', 'S', { codes: EXCEPTION_CODES }),
    ],
    { note: 'Sent by repricers only.' },
  );

  const loop2420A = L(
    '2420A',
    'Rendering Provider Name',
    'S',
    1,
    [
      nm1('Rendering Provider', 'R', { entity: ['82'], types: ['1', '2'], idQuals: ['XX'], idUsage: 'S', idName: 'Rendering Provider Identifier' }),
      prv('Rendering Provider Specialty Information', 'S', 'PE', 'Required when the payer adjudicates by the rendering provider taxonomy.'),
      ref('Rendering Provider Secondary Identification', 'S', 4, PROVIDER_SECONDARY_IDS, 'Rendering Provider Secondary Identifier', { ref04: true }),
    ],
    'Required when this line’s rendering provider differs from the claim-level one (2310B, or 2010AA when 2310B is absent).',
  );

  const loop2420B = L(
    '2420B',
    'Assistant Surgeon Name',
    'S',
    1,
    [
      nm1('Assistant Surgeon', 'R', { entity: ['DD'], types: ['1', '2'], idQuals: ['XX'], idUsage: 'S', idName: 'Assistant Surgeon Primary Identifier' }),
      prv('Assistant Surgeon Specialty Information', 'S', 'AS', 'Required when the payer needs the assistant surgeon taxonomy.'),
      ref('Assistant Surgeon Secondary Identification', 'S', 4, PROVIDER_SECONDARY_IDS, 'Assistant Surgeon Secondary Identifier', { ref04: true }),
    ],
    'Required when an assistant surgeon took part in this line and differs from 2310D.',
  );

  const loop2420C = L(
    '2420C',
    'Supervising Provider Name',
    'S',
    1,
    [
      nm1('Supervising Provider', 'R', { entity: ['DQ'], types: ['1'], nameStyle: 'person', idQuals: ['XX'], idUsage: 'S', idName: 'Supervising Provider Identifier' }),
      ref('Supervising Provider Secondary Identification', 'S', 4, PROVIDER_SECONDARY_IDS, 'Supervising Provider Secondary Identifier', { ref04: true }),
    ],
    'Required when the rendering provider of this line is supervised and the supervisor differs from 2310E.',
  );

  const loop2420D = L(
    '2420D',
    'Service Facility Location',
    'S',
    1,
    [
      nm1('Service Facility Location', 'R', {
        entity: ['77'],
        types: ['2'],
        nameStyle: 'org',
        lastName: 'Laboratory or Facility Name',
        idQuals: ['XX'],
        idUsage: 'S',
        idName: 'Laboratory or Facility Primary Identifier',
      }),
      n3('Service Facility'),
      n4('Service Facility'),
      ref('Service Facility Location Secondary Identification', 'S', 3, ['G2', 'LU'], 'Laboratory or Facility Secondary Identifier', { ref04: true }),
    ],
    'Required when this line was rendered at a location other than the claim-level one.',
  );

  const loop2430 = L(
    '2430',
    'Line Adjudication Information',
    'S',
    15,
    [
      S('SVD', 'Line Adjudication Information', 'R', 1, [
        E(1, 'Other Payer Primary Identifier', 'R', { note: 'Must match 2330B NM109 of the adjudicating payer.' }),
        E(2, 'Service Line Paid Amount', 'R'),
        E(3, 'Composite Medical Procedure Identifier', 'R', {
          components: [
            C(1, 'Product or Service ID Qualifier', 'R', { codes: ['AD'] }),
            C(2, 'Procedure Code', 'R'),
            C(3, 'Procedure Modifier', 'S'),
            C(4, 'Procedure Modifier', 'S'),
            C(5, 'Procedure Modifier', 'S'),
            C(6, 'Procedure Modifier', 'S'),
            C(7, 'Procedure Code Description', 'S'),
          ],
        }),
        E(5, 'Paid Service Unit Count', 'R'),
        E(6, 'Bundled or Unbundled Line Number', 'S', { note: 'Required when the other payer bundled or unbundled this line (LX01 of the related line).' }),
      ]),
      cas('Line Adjustment', 'Required when the other payer adjusted this line.'),
      dtp('Line Check or Remittance Date', 'R', '573', ['D8'], 'Adjudication or Payment Date'),
      amt('Remaining Patient Liability', 'S', 'EAF', 'Remaining Patient Liability', 'Required when the other payer adjudicated the line and a balance remains for the patient.'),
    ],
    'Required when a prior payer adjudicated this line (one loop per payer).',
  );

  const loop2400 = L('2400', 'Line Counter', 'R', 50, [
    S('LX', 'Line Counter', 'R', 1, [E(1, 'Assigned Number', 'R', { note: 'Starts at 1 and increases by 1 within the claim.' })]),
    SV3,
    TOO,
    ...lineDtps,
    CN1_LINE,
    ...lineRefs,
    AMT_TAX,
    K3_LINE,
    NTE_LINE,
    HCP_LINE,
    loop2420A,
    loop2420B,
    loop2420C,
    loop2420D,
    loop2430,
  ]);

  return L('2300', 'Claim Information', 'R', 100, [
    CLM,
    ...dtps,
    DN1,
    DN2,
    PWK,
    CN1,
    amt('Patient Amount Paid', 'S', 'F5', 'Patient Amount Paid', 'Required when the patient has paid any amount toward the claim.'),
    ...claimRefs,
    K3,
    NTE,
    HI,
    HCP_CLAIM,
    loop2310A,
    loop2310B,
    loop2310C,
    loop2310D,
    loop2310E,
    loop2320,
    loop2400,
  ]);
}

// ---------------------------------------------------------------------------------------------
// 2000B subscriber, 2000C patient
// ---------------------------------------------------------------------------------------------

const loop2010BA = L('2010BA', 'Subscriber Name', 'R', 1, [
  nm1('Subscriber', 'R', {
    entity: ['IL'],
    types: ['1', '2'],
    idQuals: ['II', 'MI'],
    idName: 'Subscriber Primary Identifier',
  }),
  n3('Subscriber', 'S', 'Required when the patient is the subscriber (no 2000C).'),
  n4('Subscriber', 'S', 'Required when the patient is the subscriber (no 2000C).'),
  S(
    'DMG',
    'Subscriber Demographic Information',
    'S',
    1,
    [
      E(1, 'Date Time Period Format Qualifier', 'R', { codes: ['D8'] }),
      E(2, 'Subscriber Birth Date', 'R'),
      E(3, 'Subscriber Gender Code', 'R', { codes: GENDER }),
    ],
    { note: 'Required when the patient is the subscriber (no 2000C).' },
  ),
  ref('Subscriber Secondary Identification', 'S', 1, ['SY'], 'Subscriber Supplemental Identifier', {
    note: 'Required when the payer needs the subscriber SSN in addition to NM109.',
  }),
  ref('Property and Casualty Claim Number', 'S', 1, ['Y4'], 'Property Casualty Claim Number', {
    note: 'Required for property and casualty claims when the number is known.',
  }),
]);

const loop2010BB = L('2010BB', 'Payer Name', 'R', 1, [
  nm1('Payer', 'R', {
    entity: ['PR'],
    types: ['2'],
    nameStyle: 'org',
    idQuals: ['PI', 'XV'],
    idName: 'Payer Identifier',
  }),
  n3('Payer', 'S', 'Required when the payer address is needed (e.g. by clearinghouses printing paper claims).'),
  n4('Payer', 'S', 'Required when N3 is sent.'),
  ref('Payer Secondary Identification', 'S', 3, PAYER_SECONDARY_IDS, 'Payer Additional Identifier'),
  ref('Billing Provider Secondary Identification', 'S', 2, ['G2', 'LU'], 'Billing Provider Secondary Identifier', {
    note: 'Required when the destination payer needs a non-NPI billing provider identifier.',
  }),
]);

const loop2010CA = L('2010CA', 'Patient Name', 'R', 1, [
  nm1('Patient', 'R', { entity: ['QC'], types: ['1'], nameStyle: 'person' }),
  n3('Patient'),
  n4('Patient'),
  S('DMG', 'Patient Demographic Information', 'R', 1, [
    E(1, 'Date Time Period Format Qualifier', 'R', { codes: ['D8'] }),
    E(2, 'Patient Birth Date', 'R'),
    E(3, 'Patient Gender Code', 'R', { codes: GENDER }),
  ]),
  ref('Property and Casualty Claim Number', 'S', 1, ['Y4'], 'Property Casualty Claim Number', {
    note: 'Required for property and casualty claims when the number is known.',
  }),
]);

const loop2000C = L(
  '2000C',
  'Patient Hierarchical Level',
  'S',
  '>1',
  [
    S(
      'HL',
      'Patient Hierarchical Level',
      'R',
      1,
      [
        E(1, 'Hierarchical ID Number', 'R'),
        E(2, 'Hierarchical Parent ID Number', 'R', { note: 'HL01 of the subscriber (2000B) level.' }),
        E(3, 'Hierarchical Level Code', 'R', { codes: ['23'] }),
        E(4, 'Hierarchical Child Code', 'R', { codes: ['0'] }),
      ],
      { qualifier: Q(3, ['23']) },
    ),
    S('PAT', 'Patient Information', 'R', 1, [E(1, 'Individual Relationship Code', 'R', { codes: PATIENT_RELATIONSHIP })]),
    loop2010CA,
    claimLoop(),
  ],
  'Required when the patient is not the subscriber (or the subscriber cannot be uniquely identified to the payer by the subscriber’s identifier).',
);

const loop2000B = L('2000B', 'Subscriber Hierarchical Level', 'R', '>1', [
  S(
    'HL',
    'Subscriber Hierarchical Level',
    'R',
    1,
    [
      E(1, 'Hierarchical ID Number', 'R'),
      E(2, 'Hierarchical Parent ID Number', 'R', { note: 'HL01 of the billing provider (2000A) level.' }),
      E(3, 'Hierarchical Level Code', 'R', { codes: ['22'] }),
      E(4, 'Hierarchical Child Code', 'R', { codes: ['0', '1'], note: '0 when the subscriber is the patient; 1 when a patient (2000C) level follows.' }),
    ],
    { qualifier: Q(3, ['22']) },
  ),
  S(
    'SBR',
    'Subscriber Information',
    'R',
    1,
    [
      E(1, 'Payer Responsibility Sequence Number Code', 'R', { codes: PAYER_RESPONSIBILITY }),
      E(2, 'Individual Relationship Code', 'S', { codes: ['18'], note: 'Required when the subscriber is the patient (18 = self).' }),
      E(3, 'Subscriber Group or Policy Number', 'S', { note: 'Required when the coverage has a group or policy number.' }),
      E(4, 'Subscriber Group Name', 'S', { note: 'Required when SBR03 is not sent and a group name is known.' }),
      E(9, 'Claim Filing Indicator Code', 'S', { codes: CLAIM_FILING, note: 'Required until the national health plan identifier is mandated.' }),
    ],
  ),
  loop2010BA,
  loop2010BB,
  claimLoop(),
  loop2000C,
]);

// 2300 under 2000B only when the subscriber is the patient
loop2000B.children[4].note = 'Under 2000B when the subscriber is the patient (SBR02 = 18, HL04 = 0).';
// Situational here: when the patient is a dependent the claims sit under 2000C and 2000B has none.
loop2000B.children[4].usage = 'S';
loop2000C.children[3].note = 'Under 2000C when the patient is not the subscriber.';

const loop2000A = L('2000A', 'Billing Provider Hierarchical Level', 'R', '>1', [
  S(
    'HL',
    'Billing Provider Hierarchical Level',
    'R',
    1,
    [
      E(1, 'Hierarchical ID Number', 'R'),
      E(3, 'Hierarchical Level Code', 'R', { codes: ['20'] }),
      E(4, 'Hierarchical Child Code', 'R', { codes: ['1'] }),
    ],
    { qualifier: Q(3, ['20']) },
  ),
  prv('Billing Provider Specialty Information', 'S', 'BI', 'Required when the payer adjudicates by the billing provider taxonomy.'),
  S('CUR', 'Foreign Currency Information', 'S', 1, [E(1, 'Entity Identifier Code', 'R', { codes: ['85'] }), E(2, 'Currency Code', 'R', { note: 'ISO 4217 currency code.' })], {
    note: 'Required when the amounts are not in US dollars.',
  }),
  loop2010AA,
  loop2010AB,
  loop2010AC,
  loop2000B,
]);

const SE = S('SE', 'Transaction Set Trailer', 'R', 1, [
  E(1, 'Transaction Segment Count', 'R', { note: 'Number of segments from ST to SE inclusive.' }),
  E(2, 'Transaction Set Control Number', 'R', { note: 'Must equal ST02.' }),
]);

const guide = {
  id: '837D',
  name: 'Health Care Claim: Dental',
  transactionSet: '837',
  version: VERSION,
  versionAliases: ALIASES,
  functionalGroup: 'HC',
  structure: [ST, BHT, loop1000A, loop1000B, loop2000A, SE],
};

writeFileSync(target, JSON.stringify(guide, null, 2) + '\n');
console.log(`wrote ${target}`);
