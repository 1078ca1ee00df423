/**
 * What the three 837 guides (005010X222A1, X223A2, X224A2) share, authored once: the code lists, the
 * builders every map is written with, the loops the guides have in common (envelope header, 1000A/1000B,
 * the billing provider, subscriber and patient levels, other-subscriber 2320/2330x, line adjudication
 * 2430, the trailer) and the one JSON format all three maps are written in. A loop that differs between
 * the guides takes the guide letter ('P', 'I', 'D') and says where it differs, next to the difference.
 * The generators (837P.mjs, 837I.mjs, 837D.mjs) add only what is their guide's own: the claim (2300)
 * and service line (2400) contents and their provider loops. Re-run the three generators after an edit.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where a generator writes its map: mappings/guides/, or $MAP_OUT_DIR (the test that checks the maps are what the generators emit). */
export const guideMapPath = (scriptUrl, file) => join(process.env.MAP_OUT_DIR ?? join(dirname(fileURLToPath(scriptUrl)), '..', '..', 'mappings', 'guides'), file);
export const PAYER_RESPONSIBILITY = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'P', 'S', 'T', 'U'];
export const CLAIM_FILING = ['11', '12', '13', '14', '15', '16', '17', 'AM', 'BL', 'CH', 'CI', 'DS', 'FI', 'HM', 'LM', 'MA', 'MB', 'MC', 'OF', 'TV', 'VA', 'WC', 'ZZ'];
export const PATIENT_RELATIONSHIP = ['01', '19', '20', '21', '39', '40', '53', 'G8'];
export const GENDER = ['F', 'M', 'U'];
export const PRICING_METHODOLOGY = ['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14'];
export const REJECT_REASON = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'];
export const POLICY_COMPLIANCE = ['1', '2', '3', '4', '5'];
export const EXCEPTION_CODES = ['1', '2', '3', '4', '5', '6'];
export const ATTACHMENT_REPORT_TYPES = [
  '03', '04', '05', '06', '07', '08', '09', '10', '11', '13', '15', '21', 'A3', 'A4', 'AM', 'AS', 'B2', 'B3', 'B4',
  'BR', 'BS', 'BT', 'CB', 'CK', 'CT', 'D2', 'DA', 'DB', 'DG', 'DJ', 'DS', 'EB', 'HC', 'HR', 'I5', 'IR', 'LA', 'M1',
  'MT', 'NN', 'OB', 'OC', 'OD', 'OE', 'OX', 'OZ', 'P4', 'P5', 'PE', 'PN', 'PO', 'PQ', 'PY', 'PZ', 'RB', 'RR', 'RT',
  'RX', 'SG', 'V5', 'XP',
];
export const ATTACHMENT_TRANSMISSION = ['AA', 'BM', 'EL', 'EM', 'FT', 'FX'];
export const INSURANCE_TYPE = ['12', '13', '14', '15', '16', '41', '42', '43', '47'];
export const OTHER_SUBSCRIBER_RELATIONSHIP = ['01', '18', '19', '20', '21', '39', '40', '53', 'G8'];
export const YN = ['N', 'Y'];

/** The guides: map id, name, version and the versions read as the same guide. */
export const GUIDES = {
  P: { id: '837P', name: 'Health Care Claim: Professional', version: '005010X222A1', versionAliases: ['005010X222', '005010X222A2'] },
  I: { id: '837I', name: 'Health Care Claim: Institutional', version: '005010X223A2', versionAliases: ['005010X223', '005010X223A1', '005010X223A3'] },
  D: { id: '837D', name: 'Health Care Claim: Dental', version: '005010X224A2', versionAliases: ['005010X224', '005010X224A1', '005010X224A3'] },
};

// ---------------------------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------------------------

/** Element (or component) rule: position, name, usage (R/S/N) and extras (codes, codeList, components, note). */
export function E(pos, name, usage, extra = {}) {
  return { pos, name, usage, ...extra };
}

/** Qualifier: element (and component) must hold one of values. */
export function Q(element, values, component) {
  return component ? { element, component, values } : { element, values };
}

export function seg(id, name, usage, max, elements, opts = {}) {
  const s = { kind: 'segment', id, name, usage, max };
  if (opts.qualifier) s.qualifier = opts.qualifier;
  s.elements = elements;
  if (opts.note) s.note = opts.note;
  return s;
}

export function loop(id, name, usage, max, children, note) {
  const l = { kind: 'loop', id, name, usage, max, children };
  if (note) l.note = note;
  return l;
}

export const NPI_NOTE = 'Required for providers in the US or its territories eligible for an NPI (or foreign providers that have one).';
const STATE_NOTE = 'Required when the address is in the United States (including its territories) or Canada.';
const ZIP_NOTE = 'Required when the address is in the United States (including its territories) or Canada.';
const COUNTRY_NOTE = 'Required when the address is outside the United States and its territories.';
const SUBDIV_NOTE = 'Required when the address is outside the US and the country has administrative subdivisions.';

/**
 * NM1. o: { entity: [codes], types: [codes], last, lastUsage, lastNote, first, firstNote, middle, suffix,
 * idQuals, idName, idUsage (default S), idNote, note }
 */
export function nm1(name, usage, o) {
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

/** A person's name parts for nm1 (`who` as the guide names the party: "Referring Provider"). */
export const personName = (who) => ({ last: `${who} Last Name`, first: `${who} First Name`, middle: `${who} Middle Name or Initial`, suffix: `${who} Name Suffix` });

export function n3(name, prefix, usage = 'R', note) {
  return seg('N3', name, usage, 1, [
    E(1, `${prefix} Address Line`, 'R'),
    E(2, `${prefix} Address Line`, 'S', { note: 'Required when there is a second address line.' }),
  ], { note });
}

/** N4; N402 is checked against the state and province code list (code source 22) in every guide. */
export function n4(name, prefix, usage = 'R', note) {
  return seg('N4', name, usage, 1, [
    E(1, `${prefix} City Name`, 'R'),
    E(2, `${prefix} State Code`, 'S', { codeList: 'state-province', note: STATE_NOTE }),
    E(3, `${prefix} Postal Zone or ZIP Code`, 'S', { note: ZIP_NOTE }),
    E(4, 'Country Code', 'S', { note: COUNTRY_NOTE }),
    E(7, 'Country Subdivision Code', 'S', { note: SUBDIV_NOTE }),
  ], { note });
}

/** REF04 composite on line-level provider/authorization REFs: the other payer that assigned the identifier. */
export const REF04_OTHER_PAYER = E(4, 'Reference Identifier', 'S', {
  note: 'Required when the identifier in REF02 was assigned by a non-destination (other) payer; identifies that payer.',
  components: [
    E(1, 'Reference Identification Qualifier', 'R', { codes: ['2U'] }),
    E(2, 'Other Payer Primary Identifier', 'R', { note: 'Must match NM109 of a Loop 2330B Other Payer Name.' }),
  ],
});

/** REF. o: { ref02Codes, ref04, note } */
export function ref(name, usage, max, quals, valueName, o = {}) {
  const els = [
    E(1, 'Reference Identification Qualifier', 'R', { codes: quals }),
    E(2, valueName, 'R', o.ref02Codes ? { codes: o.ref02Codes } : {}),
  ];
  if (o.ref04) els.push(REF04_OTHER_PAYER);
  return seg('REF', name, usage, max, els, { qualifier: Q(1, quals), note: o.note });
}

/** PER. o: { nameUsage, nameLabel, nameNote, q3, q5, full (PER07/08 too), note } */
export function per(name, usage, max, o) {
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

/** A property-and-casualty contact (telephone and extension only). */
const casualtyContact = (name, note) => per(name, 'S', 1, { nameLabel: 'Name', nameUsage: 'S', q3: ['TE'], q5: ['EX'], note });

export function dtp(name, usage, max, quals, dateName, formats = ['D8'], note) {
  return seg('DTP', name, usage, max, [
    E(1, 'Date Time Qualifier', 'R', { codes: quals }),
    E(2, 'Date Time Period Format Qualifier', 'R', { codes: formats }),
    E(3, dateName, 'R'),
  ], { qualifier: Q(1, quals), note });
}

export function amt(name, usage, max, code, amountName, note) {
  return seg('AMT', name, usage, max, [
    E(1, 'Amount Qualifier Code', 'R', { codes: [code] }),
    E(2, amountName, 'R'),
  ], { qualifier: Q(1, [code]), note });
}

export function cas(name, usage, max, note) {
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

/** PRV with the provider code (BI billing, PE performing, AT attending, ...) and a taxonomy code. */
export function prv(name, usage, providerCode, note) {
  return seg('PRV', name, usage, 1, [
    E(1, 'Provider Code', 'R', { codes: [providerCode] }),
    E(2, 'Reference Identification Qualifier', 'R', { codes: ['PXC'] }),
    E(3, 'Provider Taxonomy Code', 'R'),
  ], { note });
}

function dmg(name, usage, who, note) {
  return seg('DMG', name, usage, 1, [
    E(1, 'Date Time Period Format Qualifier', 'R', { codes: ['D8'] }),
    E(2, `${who} Birth Date`, 'R'),
    E(3, `${who} Gender Code`, 'R', { codes: GENDER }),
  ], { note });
}

/** The composite procedure identifier (SV101, SV202, SV301, SVD03) with its qualifiers. */
export function procedureComposite(pos, usage, qualifiers, descName, note) {
  return E(pos, 'Composite Medical Procedure Identifier', usage, {
    ...(note ? { note } : {}),
    components: [
      E(1, 'Product or Service ID Qualifier', 'R', { codes: qualifiers }),
      E(2, 'Procedure Code', 'R'),
      E(3, 'Procedure Modifier', 'S', { note: 'Required when a modifier clarifies or improves the reporting accuracy of the procedure code.' }),
      E(4, 'Procedure Modifier', 'S'),
      E(5, 'Procedure Modifier', 'S'),
      E(6, 'Procedure Modifier', 'S'),
      E(7, descName, 'S', { note: 'Required when the procedure code is a not-otherwise-classified (NOC) code.' }),
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Header: ST, BHT, 1000A submitter, 1000B receiver
// ---------------------------------------------------------------------------------------------

export function header(g) {
  const { version, versionAliases } = GUIDES[g];
  return [
    seg('ST', 'Transaction Set Header', 'R', 1, [
      E(1, 'Transaction Set Identifier Code', 'R', { codes: ['837'] }),
      E(2, 'Transaction Set Control Number', 'R', { note: 'Must equal SE02.' }),
      E(3, 'Implementation Convention Reference', 'R', { codes: [version, ...versionAliases], note: 'Must match GS08.' }),
    ]),
    seg('BHT', 'Beginning of Hierarchical Transaction', 'R', 1, [
      E(1, 'Hierarchical Structure Code', 'R', { codes: ['0019'] }),
      E(2, 'Transaction Set Purpose Code', 'R', { codes: ['00', '18'] }),
      E(3, 'Originator Application Transaction Identifier', 'R'),
      E(4, 'Transaction Set Creation Date', 'R'),
      E(5, 'Transaction Set Creation Time', 'R'),
      E(6, 'Claim or Encounter Identifier', 'R', { codes: ['31', 'CH', 'RP'], note: '31 subrogation demand, CH chargeable (claims), RP reporting (encounters).' }),
    ]),
    loop('1000A', 'Submitter Name', 'R', 1, [
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
    ]),
    loop('1000B', 'Receiver Name', 'R', 1, [
      nm1('Receiver Name', 'R', {
        entity: ['40'], types: ['2'], last: 'Receiver Name', idQuals: ['46'], idName: 'Receiver Primary Identifier', idUsage: 'R',
      }),
    ]),
  ];
}

export const trailer = () => seg('SE', 'Transaction Set Trailer', 'R', 1, [
  E(1, 'Transaction Segment Count', 'R', { note: 'Number of segments including ST and SE.' }),
  E(2, 'Transaction Set Control Number', 'R', { note: 'Must equal ST02.' }),
]);

// ---------------------------------------------------------------------------------------------
// 2000A billing provider level
// ---------------------------------------------------------------------------------------------

function billingProviderName(g) {
  // The 837I billing provider is always an organization; the 837D requires its NPI.
  const person = g === 'I' ? {} : { first: 'Billing Provider First Name', middle: 'Billing Provider Middle Name or Initial', suffix: 'Billing Provider Name Suffix' };
  return loop('2010AA', 'Billing Provider Name', 'R', 1, [
    nm1('Billing Provider Name', 'R', {
      entity: ['85'], types: g === 'I' ? ['2'] : ['1', '2'],
      last: g === 'I' ? 'Billing Provider Organizational Name' : 'Billing Provider Last or Organizational Name', ...person,
      idQuals: ['XX'], idName: 'Billing Provider Identifier', idUsage: g === 'D' ? 'R' : 'S',
    }),
    n3('Billing Provider Address', 'Billing Provider', 'R', 'Must be a street address; post office boxes and lock boxes go in the Pay-to Address loop (2010AB).'),
    n4('Billing Provider City, State, ZIP Code', 'Billing Provider', 'R', 'US ZIP codes must be the full nine digits.'),
    ref('Billing Provider Tax Identification', 'R', 1, g === 'I' ? ['EI'] : ['EI', 'SY'], 'Billing Provider Tax Identification Number', {
      note: g === 'I' ? 'Federal employer identification number, nine digits, no dash.' : 'Tax identification number (EIN or SSN) of the billing provider.',
    }),
    ...(g === 'I' ? [] : [ref('Billing Provider UPIN/License Information', 'S', 2, ['0B', '1G'], 'Billing Provider License and/or UPIN Information', {
      note: 'Required when the billing provider has no NPI and the UPIN or state license is needed to identify it.',
    })]),
    per('Billing Provider Contact Information', 'S', 2, {
      nameLabel: 'Billing Provider Contact Name', nameUsage: 'S', nameNote: 'Required when different from the 1000A submitter contact, in the first PER.',
      q3: ['EM', 'FX', 'TE'], q5: ['EM', 'EX', 'FX', 'TE'], full: true,
      note: 'Required when the billing provider contact differs from the submitter contact in Loop 1000A.',
    }),
  ]);
}

/** 2000A with 2010AA/AB/AC, then the subscriber level. */
export function billingProviderLevel(g, subscriberLevel) {
  return loop('2000A', 'Billing Provider Hierarchical Level', 'R', '>1', [
    seg('HL', 'Billing Provider Hierarchical Level', 'R', 1, [
      E(1, 'Hierarchical ID Number', 'R'),
      E(3, 'Hierarchical Level Code', 'R', { codes: ['20'] }),
      E(4, 'Hierarchical Child Code', 'R', { codes: ['1'] }),
    ], { qualifier: Q(3, ['20']) }),
    prv('Billing Provider Specialty Information', 'S', 'BI', 'Required when the payer needs the billing provider taxonomy to adjudicate.'),
    seg('CUR', 'Foreign Currency Information', 'S', 1, [
      E(1, 'Entity Identifier Code', 'R', { codes: ['85'] }),
      E(2, 'Currency Code', 'R', { note: 'ISO 4217 currency code.' }),
    ], { note: 'Required when the amounts on the claims are in a currency other than US dollars.' }),
    billingProviderName(g),
    loop('2010AB', 'Pay-to Address Name', 'S', 1, [
      nm1('Pay-to Address Name', 'R', { entity: ['87'], types: g === 'I' ? ['2'] : ['1', '2'] }),
      n3('Pay-to Address - ADDRESS', 'Pay-to Address'),
      n4('Pay-To Address City, State, ZIP Code', 'Pay-to Address'),
    ], 'Required when the address for payment differs from the Billing Provider address.'),
    loop('2010AC', 'Pay-To Plan Name', 'S', 1, [
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
    ], 'Required when the willing payer is a subrogation plan (BHT06 = 31) paying a different plan.'),
    subscriberLevel,
  ]);
}

// ---------------------------------------------------------------------------------------------
// 2000B subscriber level, 2000C patient level
// ---------------------------------------------------------------------------------------------

/** PAT05..09 (death date, weight, pregnancy): the 837P only. */
function patientFacts() {
  return [
    E(5, 'Date Time Period Format Qualifier', 'S', { codes: ['D8'], note: 'Required when PAT06 is sent.' }),
    E(6, 'Patient Death Date', 'S', { note: 'Required when the patient is known to be deceased and the provider knows the date of death.' }),
    E(7, 'Unit or Basis for Measurement Code', 'S', { codes: ['01'], note: 'Required when PAT08 is sent.' }),
    E(8, 'Patient Weight', 'S', { note: 'Required when the patient weight is needed (e.g. EPO/dialysis claims, low birth weight).' }),
    E(9, 'Pregnancy Indicator', 'S', { codes: ['Y'], note: 'Required when the patient is pregnant (Medicaid or where mandated).' }),
  ];
}

/**
 * 2000B with 2010BA/2010BB, the claim loop (when the subscriber is the patient) and the patient level.
 * `claimLoop(usage, note)` builds the guide's 2300 (a fresh copy for each place it sits).
 */
export function subscriberLevel(g, claimLoop) {
  return loop('2000B', 'Subscriber Hierarchical Level', 'R', '>1', [
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
      // SBR05 (insurance type when Medicare is secondary) exists in the 837P only.
      ...(g === 'P' ? [E(5, 'Insurance Type Code', 'S', { codes: INSURANCE_TYPE, note: 'Required when the destination payer is Medicare and Medicare is not the primary payer (SBR01 is not P).' })] : []),
      E(9, 'Claim Filing Indicator Code', 'S', { codes: CLAIM_FILING, note: 'Required prior to the mandated use of the national health plan identifier (PlanID).' }),
    ]),
    ...(g === 'P' ? [seg('PAT', 'Patient Information', 'S', 1, patientFacts(), {
      note: 'Required when the patient is the subscriber and a death date, weight or pregnancy indicator must be reported.',
    })] : []),
    loop('2010BA', 'Subscriber Name', 'R', 1, [
      nm1('Subscriber Name', 'R', {
        entity: ['IL'], types: ['1', '2'], ...personName('Subscriber'),
        idQuals: ['II', 'MI'], idName: 'Subscriber Primary Identifier', idUsage: g === 'D' ? 'R' : 'S',
        idNote: 'Required when the subscriber is the patient (2000C not used) or when the payer requires the subscriber identifier.',
      }),
      n3('Subscriber Address', 'Subscriber', 'S', 'Required when the subscriber is the patient.'),
      n4('Subscriber City, State, ZIP Code', 'Subscriber', 'S', 'Required when the N3 segment is sent.'),
      dmg('Subscriber Demographic Information', 'S', 'Subscriber', 'Required when the subscriber is the patient.'),
      ref('Subscriber Secondary Identification', 'S', 1, ['SY'], 'Subscriber Supplemental Identifier', {
        note: 'Required when an additional identifier is needed by the payer (not for Medicare).',
      }),
      ref('Property and Casualty Claim Number', 'S', 1, ['Y4'], 'Property Casualty Claim Number', {
        note: 'Required on property and casualty claims when the payer assigned a claim number (subscriber is the patient).',
      }),
      // The property-and-casualty contact is a 837P segment.
      ...(g === 'P' ? [casualtyContact('Property and Casualty Subscriber Contact Information', 'Required on property and casualty claims when the payer needs the subscriber contact (e.g. attorney).')] : []),
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
      ref('Billing Provider Secondary Identification', 'S', g === 'I' ? 1 : 2, ['G2', 'LU'], 'Billing Provider Secondary Identifier', {
        note: 'Required when the billing provider has no NPI or the payer needs a secondary identifier for it.',
      }),
    ]),
    claimLoop('S', 'Under the subscriber when the subscriber is the patient; otherwise the claims sit under the patient (2000C).'),
    patientLevel(g, claimLoop),
  ], 'One per subscriber per destination payer.');
}

function patientLevel(g, claimLoop) {
  return loop('2000C', 'Patient Hierarchical Level', 'S', '>1', [
    seg('HL', 'Patient Hierarchical Level', 'R', 1, [
      E(1, 'Hierarchical ID Number', 'R'),
      E(2, 'Hierarchical Parent ID Number', 'R'),
      E(3, 'Hierarchical Level Code', 'R', { codes: ['23'] }),
      E(4, 'Hierarchical Child Code', 'R', { codes: ['0'] }),
    ], { qualifier: Q(3, ['23']) }),
    seg('PAT', 'Patient Information', 'R', 1, [
      E(1, 'Individual Relationship Code', 'R', { codes: PATIENT_RELATIONSHIP }),
      ...(g === 'P' ? patientFacts() : []),
    ]),
    loop('2010CA', 'Patient Name', 'R', 1, [
      nm1('Patient Name', 'R', { entity: ['QC'], types: ['1'], ...personName('Patient') }),
      n3('Patient Address', 'Patient'),
      n4('Patient City, State, ZIP Code', 'Patient'),
      dmg('Patient Demographic Information', 'R', 'Patient'),
      ref('Property and Casualty Claim Number', 'S', 1, ['Y4'], 'Property Casualty Claim Number', {
        note: 'Required on property and casualty claims when the payer assigned a claim number.',
      }),
      // The 837D has no patient identifier REF; the contact is a 837P segment.
      ...(g === 'D' ? [] : [ref('Property and Casualty Patient Identifier', 'S', 1, ['1W', 'SY'], 'Property and Casualty Patient Identifier', {
        note: 'Required on property and casualty claims when the patient identifier is known and different from the subscriber.',
      })]),
      ...(g === 'P' ? [casualtyContact('Property and Casualty Patient Contact Information', 'Required on property and casualty claims when the payer needs the patient contact (e.g. attorney).')] : []),
    ]),
    claimLoop('R'),
  ], 'Required when the patient is not the subscriber (and cannot be identified by the subscriber identifier alone).');
}

// ---------------------------------------------------------------------------------------------
// 2320 other subscriber, 2330A-I other payer loops
// ---------------------------------------------------------------------------------------------

/**
 * The other payer's provider loops (2330C onwards) are the guide's claim-level provider parties, in the
 * guide's order: [loop id, party name ("Referring Provider"), NM101 codes, NM102 codes, REF01 codes, REF max, REF02 name, max].
 */
function otherPayerProvider([id, party, entity, types, refQuals, refMax, refValueName, max = 1]) {
  return loop(id, `Other Payer ${party}`, 'S', max, [
    nm1(`Other Payer ${party}`, 'R', { entity, types }),
    ref(`Other Payer ${party} Secondary Identification`, 'R', refMax, refQuals, refValueName, {
      note: 'Identifier assigned by the other payer (2330B of this 2320).',
    }),
  ], `Required when the other payer identified the ${party.toLowerCase()} with its own identifier.`);
}

/** MIA (837I) and MOA: what the other payer's 835 said about inpatient / outpatient adjudication. */
function mia() {
  const els = [E(1, 'Covered Days or Visits Count', 'R')];
  const names = { 3: 'Lifetime Psychiatric Days Count', 4: 'Claim DRG Amount', 6: 'Claim Disproportionate Share Amount', 7: 'Claim MSP Pass-through Amount', 8: 'Claim PPS Capital Amount', 9: 'PPS-Capital FSP DRG Amount', 10: 'PPS-Capital HSP DRG Amount', 11: 'PPS-Capital DSH DRG Amount', 12: 'Old Capital Amount', 13: 'PPS-Capital IME amount', 14: 'PPS-Operating Hospital Specific DRG Amount', 15: 'Cost Report Day Count', 16: 'PPS-Operating Federal Specific DRG Amount', 17: 'Claim PPS Capital Outlier Amount', 18: 'Claim Indirect Teaching Amount', 19: 'Non-Payable Professional Component Billed Amount', 24: 'PPS-Capital Exception Amount' };
  for (let p = 3; p <= 24; p++) els.push(E(p, names[p] ?? 'Claim Payment Remark Code', 'S', names[p] ? {} : { codeList: 'rarc' }));
  return seg('MIA', 'Inpatient Adjudication Information', 'S', 1, els, { note: 'Required when the other payer\'s remittance (835 MIA) carried inpatient adjudication information.' });
}

function moa() {
  return seg('MOA', 'Outpatient Adjudication Information', 'S', 1, [
    E(1, 'Reimbursement Rate', 'S', { note: 'Required when returned in the other payer remittance advice.' }),
    E(2, 'HCPCS Payable Amount', 'S', { note: 'Required when returned in the other payer remittance advice.' }),
    E(3, 'Claim Payment Remark Code', 'S', { codeList: 'rarc', note: 'Required when the other payer returned remark codes.' }),
    E(4, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
    E(5, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
    E(6, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
    E(7, 'Claim Payment Remark Code', 'S', { codeList: 'rarc' }),
    E(8, 'End Stage Renal Disease Payment Amount', 'S', { note: 'Required when returned in the other payer remittance advice.' }),
    E(9, 'Non-Payable Professional Component Billed Amount', 'S', { note: 'Required when returned in the other payer remittance advice.' }),
  ], { note: 'Required when the other payer (Medicare) returned outpatient adjudication information.' });
}

/** 2320 with 2330A (other subscriber), 2330B (other payer) and the guide's other-payer provider loops. */
export function otherSubscriberLoop(g, providers) {
  const paid = amt('Coordination of Benefits (COB) Payer Paid Amount', 'S', 1, 'D', 'Payer Paid Amount', 'Required when the claim has been adjudicated by the payer in 2330B (zero when nothing was paid).');
  const nonCovered = amt('Coordination of Benefits (COB) Total Non-Covered Amount', 'S', 1, 'A8', 'Non-Covered Charge Amount', 'Required when the destination payer needs it and the other payer reported a non-covered amount.');
  const remaining = amt('Remaining Patient Liability', 'S', 1, 'EAF', 'Remaining Patient Liability', 'Required when the other payer adjudicated the claim and provided claim-level patient liability.');
  return loop('2320', 'Other Subscriber Information', 'S', 10, [
    seg('SBR', 'Other Subscriber Information', 'R', 1, [
      E(1, 'Payer Responsibility Sequence Number Code', 'R', { codes: PAYER_RESPONSIBILITY }),
      E(2, 'Individual Relationship Code', 'R', { codes: OTHER_SUBSCRIBER_RELATIONSHIP }),
      E(3, 'Insured Group or Policy Number', 'S', { note: 'Required when the other payer assigned a group or policy number.' }),
      E(4, 'Other Insured Group Name', 'S', { note: 'Required when the other payer assigned a group name.' }),
      ...(g === 'P' ? [E(5, 'Insurance Type Code', 'S', { codes: INSURANCE_TYPE, note: 'Required when the destination payer is Medicare and Medicare is not primary.' })] : []),
      E(9, 'Claim Filing Indicator Code', g === 'P' ? 'R' : 'S', { codes: CLAIM_FILING }),
    ]),
    cas('Claim Level Adjustments', 'S', 5, 'Required when the claim has been adjudicated by this other payer and it made claim-level adjustments.'),
    // The 837I lists remaining patient liability before the non-covered amount; the 837P and 837D after it.
    ...(g === 'I' ? [paid, remaining, nonCovered] : [paid, nonCovered, remaining]),
    seg('OI', 'Other Insurance Coverage Information', 'R', 1, [
      E(3, 'Benefits Assignment Certification Indicator', 'R', { codes: ['N', 'W', 'Y'] }),
      ...(g === 'I' ? [] : [E(4, 'Patient Signature Source Code', 'S', { codes: ['P'], note: 'Required when the patient signature was generated by the provider.' })]),
      E(6, 'Release of Information Code', 'R', { codes: ['I', 'Y'] }),
    ]),
    ...(g === 'I' ? [mia()] : []),
    ...(g === 'D' ? [] : [moa()]),
    loop('2330A', 'Other Subscriber Name', 'R', 1, [
      nm1('Other Subscriber Name', 'R', {
        entity: ['IL'], types: ['1', '2'],
        last: 'Other Insured Last Name', first: 'Other Insured First Name', middle: 'Other Insured Middle Name', suffix: 'Other Insured Name Suffix',
        idQuals: ['II', 'MI'], idName: 'Other Insured Identifier', idUsage: 'R',
      }),
      n3('Other Subscriber Address', 'Other Subscriber', 'S', 'Required when the address is known.'),
      n4('Other Subscriber City, State, ZIP Code', 'Other Subscriber', 'S', 'Required when the N3 segment is sent.'),
      ref('Other Subscriber Secondary Identification', 'S', g === 'I' ? 2 : 1, ['SY'], 'Other Insured Additional Identifier', {
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
      // The 837D carries the other payer's predetermination number.
      ...(g === 'D' ? [ref('Other Payer Predetermination Identification', 'S', 1, ['G3'], 'Other Payer Predetermination Identifier', {
        note: 'Required when the other payer assigned a predetermination of benefits number.',
      })] : []),
      ref('Other Payer Claim Adjustment Indicator', 'S', 1, ['T4'], 'Other Payer Claim Adjustment Indicator', {
        ref02Codes: ['Y'], note: 'Required when the other payer claim has been adjusted.',
      }),
      ref('Other Payer Claim Control Number', 'S', 1, ['F8'], "Other Payer's Claim Control Number", {
        note: 'Required when the other payer assigned a claim control number and it is needed by the destination payer.',
      }),
    ]),
    ...providers.map(otherPayerProvider),
  ], 'Required when other payers are known to potentially be involved in paying this claim (one iteration per other payer).');
}

// ---------------------------------------------------------------------------------------------
// 2430 line adjudication
// ---------------------------------------------------------------------------------------------

/** 2430: how another payer adjudicated this line. `qualifiers` are SVD03-1's codes; 837I SVD03 is situational with SVD04 (revenue code). */
export function lineAdjudicationLoop(g, qualifiers) {
  return loop('2430', 'Line Adjudication Information', 'S', 15, [
    seg('SVD', 'Line Adjudication Information', 'R', 1, [
      E(1, 'Other Payer Primary Identifier', 'R', { note: 'Must match NM109 of a 2330B Other Payer Name.' }),
      E(2, 'Service Line Paid Amount', 'R'),
      procedureComposite(3, g === 'I' ? 'S' : 'R', qualifiers, 'Procedure Code Description'),
      ...(g === 'I' ? [E(4, 'Service Line Revenue Code', 'R')] : []),
      E(5, 'Paid Service Unit Count', 'R'),
      E(6, 'Bundled or Unbundled Line Number', 'S', { note: 'Required when the other payer bundled or unbundled this line (the LX01 of the related line).' }),
    ]),
    cas('Line Adjustment', 'S', 5, 'Required when the other payer made line-level adjustments.'),
    dtp('Line Check or Remittance Date', 'R', 1, ['573'], 'Adjudication or Payment Date', ['D8']),
    amt('Remaining Patient Liability', 'S', 1, 'EAF', 'Remaining Patient Liability', 'Required when the other payer provided line-level patient liability.'),
  ], 'Required when the claim has been previously adjudicated by the payer in 2330B and this line was adjudicated (one iteration per payer).');
}

// ---------------------------------------------------------------------------------------------
// The map file
// ---------------------------------------------------------------------------------------------

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

/**
 * The whole map of guide g: header, the billing provider level around `subscriberLevel(g, claimLoop)`,
 * the trailer. Writes mappings/guides/<id>.json (or prints it with --stdout).
 */
export function writeGuideMap(g, scriptUrl, claimLoop) {
  const { id, name, version, versionAliases } = GUIDES[g];
  const guide = {
    id, name, transactionSet: '837', version, versionAliases, functionalGroup: 'HC',
    structure: [...header(g), billingProviderLevel(g, subscriberLevel(g, claimLoop)), trailer()],
  };
  const json = format(guide) + '\n';
  if (JSON.stringify(JSON.parse(json)) !== JSON.stringify(guide)) throw new Error('formatter changed the data');
  if (process.argv.includes('--stdout')) {
    process.stdout.write(json);
  } else {
    const out = guideMapPath(scriptUrl, `${id}.json`);
    writeFileSync(out, json);
    console.log(`wrote ${out}`);
  }
}
