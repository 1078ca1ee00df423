/**
 * Writes mappings/guides/270.json and 271.json (005010X279A1, eligibility inquiry and response).
 * The two guides share their hierarchy (2000A information source, 2000B receiver, 2000C subscriber,
 * 2000D dependent) and the subscriber/dependent name loops, so they are built once here. Run
 * `node scripts/maps/270-271.mjs` after an edit; never edit the JSON by hand.
 *
 *   270:  HL*1**20*1~ NM1*PR*2*ACME*****PI*12345~ HL*2*1*21*1~ NM1*1P*2*CLINIC*****XX*1234567893~
 *         HL*3*2*22*0~ TRN*1*APPT1*9877281234~ NM1*IL*1*DOE*JANE****MI*W123~ DMG*D8*19800101~ DTP*291*D8*20240301~ EQ*30~
 *   271:  ... NM1*IL*1*DOE*JANE****MI*W123~ EB*1*IND*30**GOLD PPO~ EB*C*IND*30***29*500*****Y~ EB*A*IND*98****0.2****Y~
 */
import { writeFileSync } from 'node:fs';
import { guideMapPath } from './shared-837.mjs';

const VERSION = '005010X279A1';
const e = (pos, name, usage, extra = {}) => ({ pos, name, usage, ...extra });
const seg = (id, name, usage, max, elements, extra = {}) => ({ kind: 'segment', id, name, usage, max, ...extra, elements });
const loop = (id, name, usage, max, children, extra = {}) => ({ kind: 'loop', id, name, usage, max, ...extra, children });
const q = (element, values) => ({ qualifier: { element, values } });

const GENDER = ['F', 'M', 'U'];
const DATE_FORMAT = ['D8', 'RD8'];
const COVERAGE_LEVEL = ['CHD', 'DEP', 'ECH', 'EMP', 'ESP', 'FAM', 'IND', 'SPC', 'SPO'];
const INSURANCE_TYPE = ['12', '13', '14', '15', '16', '41', '42', '43', '47', 'AP', 'C1', 'CO', 'CP', 'D', 'DB', 'EP', 'FF', 'GP', 'HM', 'HN', 'HS', 'IN', 'IP', 'LC', 'LD', 'LI', 'LT', 'MA', 'MB', 'MC', 'MH', 'MI', 'MP', 'OT', 'PE', 'PL', 'PP', 'PR', 'PS', 'QM', 'RP', 'SP', 'TF', 'WC', 'WU'];
/** EB06 */
const TIME_PERIOD = ['6', '7', '13', '21', '22', '23', '24', '25', '26', '27', '28', '29', '30', '31', '32', '33', '34', '35', '36'];
const QUANTITY_QUALIFIER = ['8H', '99', 'CA', 'CE', 'D3', 'DB', 'DY', 'HS', 'LA', 'LE', 'M2', 'MN', 'P6', 'QA', 'S7', 'S8', 'VS', 'YY'];
const PRODUCT_QUALIFIER = ['AD', 'CJ', 'HC', 'ID', 'IV', 'N4', 'ZZ'];
const PROVIDER_CODE = ['AD', 'AT', 'BI', 'CO', 'CV', 'H', 'HH', 'LA', 'OT', 'P1', 'P2', 'PC', 'PE', 'R', 'RF', 'SB', 'SK', 'SU'];
const NAME_REF = ['18', '1L', '1W', '3H', '49', '6P', 'CE', 'CT', 'EA', 'EJ', 'F6', 'GH', 'HJ', 'IG', 'MRC', 'N6', 'NQ', 'Q4', 'SY', 'Y4'];
const NAME_DATES_270 = ['291'];
const NAME_DATES_271 = ['096', '102', '152', '291', '307', '318', '340', '341', '342', '343', '346', '347', '356', '357', '382', '435', '442', '458', '539', '540', '636', '771'];
const BENEFIT_DATES = ['096', '193', '194', '198', '290', '291', '292', '295', '304', '307', '318', '346', '348', '349', '356', '357', '435', '472', '636', '771'];
const FOLLOW_UP = ['C', 'N', 'P', 'R', 'S', 'W', 'X', 'Y'];

const st = (code) =>
  seg('ST', 'Transaction Set Header', 'R', 1, [
    e(1, 'Transaction Set Identifier Code', 'R', { codes: [code] }),
    e(2, 'Transaction Set Control Number', 'R'),
    e(3, 'Implementation Convention Reference', 'R', { codes: [VERSION] }),
  ]);
const bht = (purposes, note) =>
  seg('BHT', 'Beginning of Hierarchical Transaction', 'R', 1, [
    e(1, 'Hierarchical Structure Code', 'R', { codes: ['0022'] }),
    e(2, 'Transaction Set Purpose Code', 'R', { codes: purposes }),
    e(3, 'Submitter Transactional Identifier', 'S'),
    e(4, 'Transaction Set Creation Date', 'R'),
    e(5, 'Transaction Set Creation Time', 'R'),
    e(6, 'Transaction Type Code', 'S', { codes: ['RT'] }),
  ], { note });
const se = seg('SE', 'Transaction Set Trailer', 'R', 1, [e(1, 'Transaction Segment Count', 'R'), e(2, 'Transaction Set Control Number', 'R')]);

const hl = (name, level, childCodes, parent) =>
  seg('HL', name, 'R', 1, [
    e(1, 'Hierarchical ID Number', 'R'),
    ...(parent ? [e(2, 'Hierarchical Parent ID Number', 'R')] : []),
    e(3, 'Hierarchical Level Code', 'R', { codes: [level] }),
    e(4, 'Hierarchical Child Code', childCodes ? 'R' : 'S', { codes: childCodes ?? ['0', '1'] }),
  ], q(3, [level]));

const aaa = (name, reasons) =>
  seg('AAA', name, 'S', 9, [
    e(1, 'Valid Request Indicator', 'R', { codes: ['N', 'Y'] }),
    e(3, 'Reject Reason Code', 'R', { codes: reasons }),
    e(4, 'Follow-up Action Code', 'R', { codes: FOLLOW_UP }),
  ], { note: 'Sent when the request or a part of it could not be processed; AAA03 says why (code list eligibility-reject-reason).' });

const nm1 = (name, entities, types, idQualifiers, { person = false, idUsage = 'R' } = {}) =>
  seg('NM1', name, 'R', 1, [
    e(1, 'Entity Identifier Code', 'R', { codes: entities }),
    e(2, 'Entity Type Qualifier', 'R', { codes: types }),
    e(3, person ? 'Last Name or Organization Name' : 'Organization Name', 'S'),
    ...(person || types.includes('1') ? [e(4, 'First Name', 'S'), e(5, 'Middle Name', 'S'), e(7, 'Name Suffix', 'S')] : []),
    e(8, 'Identification Code Qualifier', idUsage, { codes: idQualifiers }),
    e(9, 'Identification Code', idUsage),
  ]);
const n3 = (name) => seg('N3', name, 'S', 1, [e(1, 'Address Information', 'R'), e(2, 'Address Information', 'S')]);
const n4 = (name) =>
  seg('N4', name, 'S', 1, [e(1, 'City Name', 'R'), e(2, 'State or Province Code', 'S'), e(3, 'Postal Code', 'S'), e(4, 'Country Code', 'S'), e(7, 'Country Subdivision Code', 'S')]);
const prv = (name) =>
  seg('PRV', name, 'S', 1, [e(1, 'Provider Code', 'R', { codes: PROVIDER_CODE }), e(2, 'Reference Identification Qualifier', 'R', { codes: ['PXC'] }), e(3, 'Provider Taxonomy Code', 'R')]);
const ref = (name, codes, max) => seg('REF', name, 'S', max, [e(1, 'Reference Identification Qualifier', 'R', { codes }), e(2, 'Reference Identification', 'R'), e(3, 'Description', 'S')]);
const dtp = (name, codes, max) =>
  seg('DTP', name, 'S', max, [e(1, 'Date Time Qualifier', 'R', { codes }), e(2, 'Date Time Period Format Qualifier', 'R', { codes: DATE_FORMAT }), e(3, 'Date Time Period', 'R')]);
const dmg = (name) =>
  seg('DMG', name, 'S', 1, [e(1, 'Date Time Period Format Qualifier', 'R', { codes: ['D8'] }), e(2, 'Date of Birth', 'R'), e(3, 'Gender Code', 'S', { codes: GENDER })]);
const ins = (name, relationships, response) =>
  seg('INS', name, 'S', 1, [
    e(1, 'Insured Indicator', 'R', { codes: relationships.includes('18') ? ['Y'] : ['N'] }),
    e(2, 'Individual Relationship Code', 'R', { codes: relationships }),
    ...(response ? [e(3, 'Maintenance Type Code', 'S', { codes: ['001'] }), e(4, 'Maintenance Reason Code', 'S', { codes: ['25'] })] : []),
    e(17, 'Birth Sequence Number', 'S'),
  ]);
const hi = (name) => {
  const composite = (pos) =>
    e(pos, `Health Care Code Information (${pos})`, pos === 1 ? 'R' : 'S', {
      components: [e(1, 'Diagnosis Type Code', 'R', { codes: ['ABK', 'ABF', 'BK', 'BF'] }), e(2, 'Diagnosis Code', 'R')],
    });
  return seg('HI', name, 'S', 1, [1, 2, 3, 4, 5, 6, 7, 8].map(composite));
};
const procedure = (pos, name, usage) =>
  e(pos, name, usage, {
    components: [
      e(1, 'Product or Service ID Qualifier', 'R', { codes: PRODUCT_QUALIFIER }),
      e(2, 'Procedure Code', 'R'),
      e(3, 'Procedure Modifier', 'S'),
      e(4, 'Procedure Modifier', 'S'),
      e(5, 'Procedure Modifier', 'S'),
      e(6, 'Procedure Modifier', 'S'),
      e(8, 'Procedure Code Description', 'S'),
    ],
  });
const pointer = (pos, name) =>
  e(pos, name, 'S', { components: [e(1, 'Diagnosis Code Pointer', 'R'), e(2, 'Diagnosis Code Pointer', 'S'), e(3, 'Diagnosis Code Pointer', 'S'), e(4, 'Diagnosis Code Pointer', 'S')] });

/** 2100C / 2100D and 2110C / 2110D: the person asked about, and what is asked or answered. */
function personLoops(level, response) {
  const who = level === 'C' ? 'Subscriber' : 'Dependent';
  const relationships = level === 'C' ? ['18'] : ['01', '19', '20', '21', '39', '40', '53', 'G8'];
  const nameSeg = nm1(`${who} Name`, [level === 'C' ? 'IL' : '03'], ['1'], level === 'C' ? ['MI', 'II'] : ['MI'], { person: true, idUsage: level === 'C' ? 'S' : 'N' });
  if (level === 'D') nameSeg.elements = nameSeg.elements.filter((x) => x.pos < 8);
  const inquiry = loop(`2110${level}`, `${who} Eligibility or Benefit Inquiry`, 'S', 99, [
    seg('EQ', `${who} Eligibility or Benefit Inquiry`, 'S', 1, [
      e(1, 'Service Type Code', 'S', { codeList: 'service-type', repeat: 99 }),
      procedure(2, 'Composite Medical Procedure Identifier', 'S'),
      e(3, 'Coverage Level Code', 'S', { codes: COVERAGE_LEVEL }),
      pointer(5, 'Composite Diagnosis Code Pointer'),
    ], { note: 'EQ01 (service types) or EQ02 (a procedure) is sent.' }),
    seg('III', `${who} Eligibility or Benefit Additional Inquiry Information`, 'S', 10, [
      e(1, 'Code List Qualifier Code', 'R', { codes: ['ZZ'] }),
      e(2, 'Facility Type Code', 'R', { codeList: 'place-of-service' }),
    ]),
    ref(`${who} Additional Information`, ['9F', 'G1'], 1),
    dtp(`${who} Eligibility/Benefit Date`, ['291', '472'], 1),
  ]);
  const benefit = loop(`2110${level}`, `${who} Eligibility or Benefit Information`, 'S', '>1', [
    seg('EB', `${who} Eligibility or Benefit Information`, 'R', 1, [
      e(1, 'Eligibility or Benefit Information Code', 'R', { codeList: 'eligibility-benefit' }),
      e(2, 'Coverage Level Code', 'S', { codes: COVERAGE_LEVEL }),
      e(3, 'Service Type Code', 'S', { codeList: 'service-type', repeat: 99 }),
      e(4, 'Insurance Type Code', 'S', { codes: INSURANCE_TYPE }),
      e(5, 'Plan Coverage Description', 'S'),
      e(6, 'Time Period Qualifier', 'S', { codes: TIME_PERIOD, note: '29 = remaining; 23 calendar year, 22 service year, 32 lifetime = totals.' }),
      e(7, 'Benefit Amount', 'S'),
      e(8, 'Benefit Percent', 'S'),
      e(9, 'Quantity Qualifier', 'S', { codes: QUANTITY_QUALIFIER }),
      e(10, 'Benefit Quantity', 'S'),
      e(11, 'Authorization or Certification Indicator', 'S', { codes: ['N', 'U', 'Y'] }),
      e(12, 'In Plan Network Indicator', 'S', { codes: ['N', 'U', 'W', 'Y'], note: 'Y in network, N out of network, W both.' }),
      procedure(13, 'Composite Medical Procedure Identifier', 'S'),
      pointer(14, 'Composite Diagnosis Code Pointer'),
    ], { note: 'EB07 (amount) with EB01 B (copay), C (deductible), G (out of pocket); EB08 (percent) with EB01 A (coinsurance).' }),
    seg('HSD', 'Health Care Services Delivery', 'S', 9, [
      e(1, 'Quantity Qualifier', 'S', { codes: ['DY', 'FL', 'HS', 'MN', 'VS'] }),
      e(2, 'Benefit Quantity', 'S'),
      e(3, 'Unit or Basis for Measurement Code', 'S', { codes: ['DA', 'MO', 'VS', 'WK', 'YR'] }),
      e(4, 'Sample Selection Modulus', 'S'),
      e(5, 'Time Period Qualifier', 'S', { codes: TIME_PERIOD }),
      e(6, 'Period Count', 'S'),
      e(7, 'Delivery Frequency Code', 'S'),
      e(8, 'Delivery Pattern Time Code', 'S'),
    ]),
    ref(`${who} Additional Identification`, ['18', '1L', '1W', '49', '6P', '9F', 'ALS', 'CLI', 'F8', 'FO', 'G1', 'IG', 'N6', 'NQ', 'Y4'], 9),
    dtp(`${who} Eligibility/Benefit Date`, BENEFIT_DATES, 20),
    aaa(`${who} Request Validation`, ['15', '33', '52', '53', '54', '55', '56', '57', '60', '61', '62', '63', '69', '70']),
    seg('MSG', 'Message Text', 'S', 10, [e(1, 'Free Form Message Text', 'R')]),
    loop(`2115${level}`, `${who} Eligibility or Benefit Additional Information`, 'S', 10, [
      seg('III', `${who} Eligibility or Benefit Additional Information`, 'S', 1, [
        e(1, 'Code List Qualifier Code', 'S', { codes: ['GR', 'NI', 'ZZ'] }),
        e(2, 'Industry Code', 'S'),
        e(3, 'Code Category', 'S', { codes: ['44'] }),
        e(4, 'Injured Body Part Name', 'S'),
      ]),
    ]),
    seg('LS', 'Loop Header', 'S', 1, [e(1, 'Loop Identifier Code', 'R', { codes: ['2120'] })]),
    loop(`2120${level}`, `${who} Benefit Related Entity Name`, 'S', 23, [
      nm1(`${who} Benefit Related Entity Name`, ['13', '1I', '1P', '2B', '36', '73', 'FA', 'GP', 'GW', 'I3', 'IL', 'LR', 'OC', 'P3', 'P4', 'P5', 'PR', 'PRP', 'SEP', 'TTP', 'VER', 'VN', 'VY', 'X3', 'Y2'], ['1', '2'], ['24', '34', 'FA', 'FI', 'II', 'MI', 'NI', 'PI', 'PP', 'SV', 'XV', 'XX'], { person: true, idUsage: 'S' }),
      n3(`${who} Benefit Related Entity Address`),
      n4(`${who} Benefit Related Entity City, State, ZIP Code`),
      seg('PER', `${who} Benefit Related Entity Contact Information`, 'S', 3, [
        e(1, 'Contact Function Code', 'R', { codes: ['IC'] }),
        e(2, 'Name', 'S'),
        e(3, 'Communication Number Qualifier', 'S', { codes: ['ED', 'EM', 'FX', 'TE', 'UR', 'WP'] }),
        e(4, 'Communication Number', 'S'),
        e(5, 'Communication Number Qualifier', 'S', { codes: ['ED', 'EM', 'EX', 'FX', 'TE', 'UR', 'WP'] }),
        e(6, 'Communication Number', 'S'),
      ]),
      prv(`${who} Benefit Related Provider Information`),
    ]),
    seg('LE', 'Loop Trailer', 'S', 1, [e(1, 'Loop Identifier Code', 'R', { codes: ['2120'] })]),
  ]);
  return loop(`2100${level}`, `${who} Name`, 'R', 1, [
    nameSeg,
    ref(`${who} Additional Identification`, NAME_REF, 9),
    n3(`${who} Address`),
    n4(`${who} City, State, ZIP Code`),
    ...(response ? [aaa(`${who} Request Validation`, ['15', '33', '35', '42', '43', '45', '47', '48', '49', '51', '52', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '67', '68', '71', '72', '73', '74', '75', '76', '77', '78'])] : []),
    prv(`Provider Information`),
    dmg(`${who} Demographic Information`),
    ins(`${who} Relationship`, relationships, response),
    hi(`${who} Health Care Diagnosis Code`),
    dtp(`${who} Date`, response ? NAME_DATES_271 : NAME_DATES_270, response ? 9 : 2),
    response ? benefit : inquiry,
  ]);
}

function guide(response) {
  const trn = seg('TRN', 'Trace Number', 'S', response ? 3 : 2, [
    e(1, 'Trace Type Code', 'R', { codes: response ? ['1', '2'] : ['1'] }),
    e(2, 'Reference Identification', 'R'),
    e(3, 'Originating Company Identifier', 'R'),
    e(4, 'Additional Identification', 'S'),
  ], { note: 'The 270 TRN*1 comes back in the 271 as TRN*2: our appointment reference.' });
  const dependent = loop('2000D', 'Dependent Level', 'S', '>1', [hl('Dependent Level', '23', ['0'], true), trn, personLoops('D', response)]);
  const subscriber = loop('2000C', 'Subscriber Level', 'S', '>1', [hl('Subscriber Level', '22', ['0', '1'], true), trn, personLoops('C', response), dependent]);
  const receiver = loop('2000B', 'Information Receiver Level', 'S', '>1', [
    hl('Information Receiver Level', '21', ['0', '1'], true),
    loop('2100B', 'Information Receiver Name', 'R', 1, [
      nm1('Information Receiver Name', ['1P', '2B', '36', '80', 'FA', 'GP', 'P5', 'PR'], ['1', '2'], ['24', '34', 'FI', 'PI', 'PP', 'SV', 'XV', 'XX']),
      ref('Information Receiver Additional Identification', ['0B', '1C', '1D', '1J', '4A', 'CT', 'EL', 'EO', 'HPI', 'JD', 'N5', 'N7', 'Q4', 'SY', 'TJ'], 9),
      ...(response ? [aaa('Information Receiver Request Validation', ['15', '41', '43', '44', '45', '46', '47', '48', '50', '51', '79', '97', 'T4'])] : [n3('Information Receiver Address'), n4('Information Receiver City, State, ZIP Code')]),
      prv('Information Receiver Provider Information'),
    ]),
    subscriber,
  ]);
  const source = loop('2000A', 'Information Source Level', 'R', '>1', [
    hl('Information Source Level', '20', ['0', '1'], false),
    ...(response ? [aaa('Request Validation', ['04', '41', '42', '79', '80', 'T4'])] : []),
    loop('2100A', 'Information Source Name', 'R', 1, [
      nm1('Information Source Name', ['2B', '36', 'GP', 'P5', 'PR'], ['1', '2'], ['24', '46', 'FI', 'NI', 'PI', 'XV', 'XX']),
      ...(response
        ? [
            seg('PER', 'Information Source Contact Information', 'S', 3, [
              e(1, 'Contact Function Code', 'R', { codes: ['IC'] }),
              e(2, 'Name', 'S'),
              e(3, 'Communication Number Qualifier', 'S', { codes: ['ED', 'EM', 'FX', 'TE', 'UR'] }),
              e(4, 'Communication Number', 'S'),
              e(5, 'Communication Number Qualifier', 'S', { codes: ['ED', 'EM', 'EX', 'FX', 'TE', 'UR'] }),
              e(6, 'Communication Number', 'S'),
            ]),
            aaa('Information Source Request Validation', ['04', '41', '42', '79', '80', 'T4']),
          ]
        : []),
    ]),
    receiver,
  ]);
  return {
    id: response ? '271' : '270',
    name: response ? 'Health Care Eligibility Benefit Response' : 'Health Care Eligibility Benefit Inquiry',
    transactionSet: response ? '271' : '270',
    version: VERSION,
    versionAliases: ['005010X279'],
    functionalGroup: response ? 'HB' : 'HS',
    structure: [st(response ? '271' : '270'), bht(response ? ['11', '06'] : ['01', '13'], response ? '11 response, 06 confirmation.' : '13 request, 01 cancellation.'), source, se],
  };
}

for (const response of [false, true]) {
  const map = guide(response);
  writeFileSync(guideMapPath(import.meta.url, `${map.id}.json`), JSON.stringify(map, null, 2) + '\n');
}
