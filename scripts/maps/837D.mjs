#!/usr/bin/env node
/**
 * Writes mappings/guides/837D.json: the guide map for the 837 Dental claim, 005010X224A2.
 *
 * What the three 837 guides share (builders, the envelope and hierarchy loops, other-subscriber and
 * line-adjudication loops, the file format) is authored once in shared-837.mjs; this script adds what is
 * the 837D's own: the 2300 claim and 2400 service line contents and their provider loops. The JSON is
 * the artifact the gateway loads; re-run `node scripts/maps/837D.mjs` after an edit.
 */
import {
  E, seg, loop, nm1 as namedNm1, n3, n4, ref, dtp, amt, prv, otherSubscriberLoop, lineAdjudicationLoop, writeGuideMap,
  PRICING_METHODOLOGY, REJECT_REASON, POLICY_COMPLIANCE, EXCEPTION_CODES,
} from './shared-837.mjs';

/**
 * NM1 for a party the 837D names as `who` ("Referring Provider"): nameStyle person, org or either gives
 * NM103 (and NM104/05/07 for a person); NM108/09 are required unless idUsage says otherwise.
 */
function nm1(who, usage, { entity, types, nameStyle = 'either', idQuals, idUsage = 'R', idName = `${who} Identifier`, lastName, note }) {
  const last = lastName ?? (nameStyle === 'person' ? `${who} Last Name` : nameStyle === 'org' ? `${who} Organization Name` : `${who} Last or Organization Name`);
  const person = nameStyle === 'org' ? {} : { first: `${who} First Name`, middle: `${who} Middle Name or Initial`, suffix: `${who} Name Suffix` };
  return namedNm1(`${who} Name`, usage, { entity, types, last, ...person, idQuals, idUsage, idName, note });
}

// Code values shared by several segments
const PROVIDER_SECONDARY_IDS = ['0B', '1G', 'G2', 'LU'];
const TOOTH_SURFACES = ['B', 'D', 'F', 'I', 'L', 'M', 'O'];
const ORAL_CAVITY = ['00', '01', '02', '09', '10', '20', '30', '40', 'L', 'R'];

// ---------------------------------------------------------------------------------------------
// 2300 claim (and everything under it) — built once, placed under 2000B and 2000C
// ---------------------------------------------------------------------------------------------

function claimLoop(usage = 'R', note) {
  const CLM = seg(
    'CLM',
    'Claim Information',
    'R',
    1,
    [
      E(1, 'Patient Control Number', 'R', { note: 'The provider’s claim identifier; returned in the 835 CLP01 and 277 responses.' }),
      E(2, 'Total Claim Charge Amount', 'R', { note: 'Must equal the sum of SV302 on all service lines.' }),
      E(5, 'Health Care Service Location Information', 'R', {
        components: [
          E(1, 'Place of Service Code', 'R', { codeList: 'place-of-service' }),
          E(2, 'Facility Code Qualifier', 'R', { codes: ['B'], note: 'B = place of service codes for professional or dental services.' }),
          E(3, 'Claim Frequency Type Code', 'R', { codeList: 'claim-frequency', note: 'NUBC bill type frequency: 1 original, 7 replacement, 8 void/cancel.' }),
        ],
      }),
      E(6, 'Provider or Supplier Signature Indicator', 'R', { codes: ['N', 'Y'] }),
      E(7, 'Assignment or Plan Participation Code', 'R', { codes: ['A', 'B', 'C'] }),
      E(8, 'Benefits Assignment Certification Indicator', 'R', { codes: ['N', 'W', 'Y'] }),
      E(9, 'Release of Information Code', 'R', { codes: ['I', 'Y'] }),
      E(11, 'Related Causes Information', 'S', {
        note: 'Required when the services relate to an accident or employment.',
        components: [
          E(1, 'Related-Causes Code', 'R', { codes: ['AA', 'EM', 'OA'] }),
          E(2, 'Related-Causes Code', 'S', { codes: ['AA', 'EM', 'OA'] }),
          E(4, 'Auto Accident State or Province Code', 'S', { note: 'Required when CLM11-1 or CLM11-2 = AA.' }),
          E(5, 'Country Code', 'S', { note: 'Required when the accident happened outside the United States.' }),
        ],
      }),
      E(12, 'Special Program Code', 'S', { codes: ['01', '02', '03', '05', '09'], note: 'Required when the services were rendered under a special program (e.g. 01 EPSDT).' }),
      E(19, 'Predetermination of Benefits Code', 'S', { codes: ['PB'], note: 'PB when this is a predetermination of benefits rather than a claim.' }),
      E(20, 'Delay Reason Code', 'S', { codes: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '15'], note: 'Required when the claim is submitted late and a delay reason applies.' }),
    ],
    { note: 'CLM05-2 must be B for dental claims.' },
  );

  const dtps = [
    dtp('Date - Accident', 'S', 1, ['439'], 'Accident Date', ['D8'], 'Required when CLM11 carries AA, EM or OA.'),
    dtp('Date - Appliance Placement', 'S', 1, ['452'], 'Orthodontic Banding Date', ['D8'], 'Required when the claim is for orthodontic services and the appliance was already placed.'),
    dtp('Date - Service Date', 'S', 1, ['472'], 'Service Date', ['D8', 'RD8'], 'Required when the service date is not sent on each line (2400 DTP 472); not used for predeterminations.'),
    dtp('Date - Repricer Received Date', 'S', 1, ['050'], 'Repricer Received Date', ['D8'], 'Required when a repricer passes the claim on.'),
  ];

  const DN1 = seg(
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

  const DN2 = seg(
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

  const PWK = seg(
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

  const CN1 = seg(
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

  const K3 = seg('K3', 'File Information', 'S', 10, [E(1, 'Fixed Format Information', 'R')], {
    note: 'Only for regulatory data the guide otherwise lacks, per an agreed X12 data maintenance request.',
  });

  const NTE = seg('NTE', 'Claim Note', 'S', 1, [E(1, 'Note Reference Code', 'R', { codes: ['ADD'] }), E(2, 'Claim Note Text', 'R')], {
    note: 'Required when the provider considers a narrative necessary to adjudicate the claim.',
  });

  const diag = (pos, principal) =>
    E(pos, principal ? 'Health Care Code Information' : 'Health Care Code Information', principal ? 'R' : 'S', {
      note: principal ? undefined : `Required when a ${['', '', 'second', 'third', 'fourth'][pos]} diagnosis applies.`,
      components: [
        E(1, 'Code List Qualifier Code', 'R', {
          codes: principal ? ['ABK', 'BK'] : ['ABF', 'BF'],
          note: principal ? 'ABK ICD-10-CM principal diagnosis; BK ICD-9-CM principal diagnosis.' : 'ABF ICD-10-CM diagnosis; BF ICD-9-CM diagnosis.',
        }),
        E(2, 'Diagnosis Code', 'R', { note: 'No decimal point.' }),
      ],
    });
  const HI = seg('HI', 'Health Care Diagnosis Code', 'S', 1, [diag(1, true), diag(2, false), diag(3, false), diag(4, false)], {
    note: 'Required when a diagnosis may affect adjudication (e.g. payer policy, oral surgery, medically necessary dental). Up to four codes; SV311 points at them.',
  });

  const HCP_CLAIM = seg(
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
  const loop2310A = loop(
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

  const loop2310B = loop(
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

  const loop2310C = loop(
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
      n3('Service Facility Location Address', 'Service Facility'),
      n4('Service Facility Location City, State, ZIP Code', 'Service Facility'),
      ref('Service Facility Location Secondary Identification', 'S', 3, ['G2', 'LU'], 'Laboratory or Facility Secondary Identifier', { ref04: true }),
    ],
    'Required when the services were rendered somewhere other than the billing provider address (e.g. hospital, nursing facility).',
  );

  const loop2310D = loop(
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

  const loop2310E = loop(
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

  // 2400 service lines
  const SV3 = seg(
    'SV3',
    'Dental Service',
    'R',
    1,
    [
      E(1, 'Composite Medical Procedure Identifier', 'R', {
        components: [
          E(1, 'Product or Service ID Qualifier', 'R', { codes: ['AD'], note: 'AD = American Dental Association (CDT) codes.' }),
          E(2, 'Procedure Code', 'R'),
          E(3, 'Procedure Modifier', 'S'),
          E(4, 'Procedure Modifier', 'S'),
          E(5, 'Procedure Modifier', 'S'),
          E(6, 'Procedure Modifier', 'S'),
          E(7, 'Description', 'S', { note: 'Required when the CDT code is a "not otherwise classified" code.' }),
        ],
      }),
      E(2, 'Line Item Charge Amount', 'R'),
      E(3, 'Place of Service Code', 'S', { codeList: 'place-of-service', note: 'Required when it differs from CLM05-1.' }),
      E(4, 'Oral Cavity Designation', 'S', {
        note: 'Required when the procedure is done on an area of the mouth (arch, quadrant) rather than a tooth.',
        components: [
          E(1, 'Oral Cavity Designation Code', 'R', { codes: ORAL_CAVITY }),
          E(2, 'Oral Cavity Designation Code', 'S', { codes: ORAL_CAVITY }),
          E(3, 'Oral Cavity Designation Code', 'S', { codes: ORAL_CAVITY }),
          E(4, 'Oral Cavity Designation Code', 'S', { codes: ORAL_CAVITY }),
          E(5, 'Oral Cavity Designation Code', 'S', { codes: ORAL_CAVITY }),
        ],
      }),
      E(5, 'Prosthesis, Crown, or Inlay Code', 'S', { codes: ['I', 'R'], note: 'I initial placement; R replacement. Required for prostheses, crowns and inlays.' }),
      E(6, 'Procedure Count', 'R'),
      E(11, 'Composite Diagnosis Code Pointer', 'S', {
        note: 'Required when 2300 HI is sent; points at HI01-HI04 (values 1-4).',
        components: [
          E(1, 'Diagnosis Code Pointer', 'R'),
          E(2, 'Diagnosis Code Pointer', 'S'),
          E(3, 'Diagnosis Code Pointer', 'S'),
          E(4, 'Diagnosis Code Pointer', 'S'),
        ],
      }),
    ],
  );

  const TOO = seg(
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
          E(1, 'Tooth Surface Code', 'R', { codes: TOOTH_SURFACES }),
          E(2, 'Tooth Surface Code', 'S', { codes: TOOTH_SURFACES }),
          E(3, 'Tooth Surface Code', 'S', { codes: TOOTH_SURFACES }),
          E(4, 'Tooth Surface Code', 'S', { codes: TOOTH_SURFACES }),
          E(5, 'Tooth Surface Code', 'S', { codes: TOOTH_SURFACES }),
        ],
      }),
    ],
    { note: 'Required when the procedure is done on specific teeth; one TOO per tooth.' },
  );

  const lineDtps = [
    dtp('Date - Service Date', 'S', 1, ['472'], 'Service Date', ['D8', 'RD8'], 'Required on claims when the 2300 service date is not sent; not used on predeterminations.'),
    dtp('Date - Prior Placement', 'S', 1, ['441'], 'Prior Placement Date', ['D8'], 'Required when SV305 = R (replacement) and the prior placement date is known.'),
    dtp('Date - Appliance Placement', 'S', 1, ['452'], 'Orthodontic Banding Date', ['D8'], 'Required for orthodontic lines when the appliance has been placed.'),
    dtp('Date - Replacement', 'S', 1, ['446'], 'Replacement Date', ['D8'], 'Required when the line is for a replacement and the payer needs the date.'),
    dtp('Date - Treatment Start', 'S', 1, ['196'], 'Treatment Start Date', ['D8'], 'Required for multi-visit procedures (e.g. root canal, crown) when the start date differs from the service date.'),
    dtp('Date - Treatment Completion', 'S', 1, ['198'], 'Treatment Completion Date', ['D8'], 'Required for multi-visit procedures when the completion date is reported.'),
  ];

  const CN1_LINE = seg(
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

  const AMT_TAX = amt('Sales Tax Amount', 'S', 1, 'T', 'Sales Tax Amount', 'Required when sales tax applies to the line and the submitter must report it.');
  const K3_LINE = seg('K3', 'File Information', 'S', 10, [E(1, 'Fixed Format Information', 'R')], {
    note: 'Only for regulatory data the guide otherwise lacks.',
  });
  const NTE_LINE = seg('NTE', 'Line Note', 'S', 1, [E(1, 'Note Reference Code', 'R', { codes: ['ADD'] }), E(2, 'Line Note Text', 'R')], {
    note: 'Required when the provider considers a narrative necessary for this line.',
  });

  const HCP_LINE = seg(
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

  const loop2420A = loop(
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

  const loop2420B = loop(
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

  const loop2420C = loop(
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

  const loop2420D = loop(
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
      n3('Service Facility Location Address', 'Service Facility'),
      n4('Service Facility Location City, State, ZIP Code', 'Service Facility'),
      ref('Service Facility Location Secondary Identification', 'S', 3, ['G2', 'LU'], 'Laboratory or Facility Secondary Identifier', { ref04: true }),
    ],
    'Required when this line was rendered at a location other than the claim-level one.',
  );

  const loop2400 = loop('2400', 'Line Counter', 'R', 50, [
    seg('LX', 'Line Counter', 'R', 1, [E(1, 'Assigned Number', 'R', { note: 'Starts at 1 and increases by 1 within the claim.' })]),
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
    lineAdjudicationLoop('D', ['AD']),
  ]);

  return loop('2300', 'Claim Information', usage, 100, [
    CLM,
    ...dtps,
    DN1,
    DN2,
    PWK,
    CN1,
    amt('Patient Amount Paid', 'S', 1, 'F5', 'Patient Amount Paid', 'Required when the patient has paid any amount toward the claim.'),
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
    otherSubscriberLoop('D', OTHER_PAYER_PROVIDERS),
    loop2400,
  ], note);
}

/** The other payer's provider loops (2330C-H): the claim's provider parties as that payer knows them. */
const OTHER_PAYER_PROVIDERS = [
  ['2330C', 'Referring Provider', ['DN', 'P3'], ['1'], PROVIDER_SECONDARY_IDS, 3, 'Other Payer Referring Provider Secondary Identifier', 2],
  ['2330D', 'Rendering Provider', ['82'], ['1', '2'], PROVIDER_SECONDARY_IDS, 3, 'Other Payer Rendering Provider Secondary Identifier'],
  ['2330E', 'Supervising Provider', ['DQ'], ['1'], PROVIDER_SECONDARY_IDS, 3, 'Other Payer Supervising Provider Secondary Identifier'],
  ['2330F', 'Billing Provider', ['85'], ['1', '2'], ['G2', 'LU'], 2, 'Other Payer Billing Provider Secondary Identifier'],
  ['2330G', 'Service Facility Location', ['77'], ['2'], ['0B', 'G2', 'LU'], 3, 'Other Payer Service Facility Location Secondary Identifier'],
  ['2330H', 'Assistant Surgeon', ['DD'], ['1', '2'], PROVIDER_SECONDARY_IDS, 3, 'Other Payer Assistant Surgeon Secondary Identifier'],
];

writeGuideMap('D', import.meta.url, claimLoop);
