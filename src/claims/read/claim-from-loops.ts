/**
 * One claim object from an 837 claim loop (2300) and the levels above it (2000A billing provider,
 * 2000B subscriber, 2000C patient): the inverse of src/claims/write. Values are taken as sent; the
 * result goes through the claim schema so defaults apply the same way as for a practice's JSON.
 */
import { childLoop, childLoops, findSegment, findSegments } from '../../guides/tree.js';
import type { LoopNode } from '../../guides/walker.js';
import { component, components, element } from '../../x12/elements.js';
import type { Segment } from '../../x12/tokenizer.js';
import type { Adjustment, Attachment, ClaimInput, ClaimKind } from '../model.js';
import { readDateOrRange, fromD8 } from '../x12-values.js';
import { addressIn, compact, contactIn, dateIn, num, opt, personName, providerFrom, refIn } from './parties.js';

const optNum = (v: string) => (v === '' ? undefined : num(v));

const RESPONSIBILITY: Record<string, 'primary' | 'secondary' | 'tertiary'> = { P: 'primary', S: 'secondary', T: 'tertiary' };

type Obj = Record<string, unknown>;

function providerLoop(loop: LoopNode | undefined) {
  if (!loop) return undefined;
  const nm1 = findSegment(loop, 'NM1');
  return nm1 ? providerFrom(nm1, findSegment(loop, 'PRV')) : undefined;
}

function facilityLoop(loop: LoopNode | undefined) {
  const nm1 = loop && findSegment(loop, 'NM1');
  if (!loop || !nm1) return undefined;
  return compact({ name: element(nm1, 3), npi: element(nm1, 8) === 'XX' ? opt(element(nm1, 9)) : undefined, address: addressIn(loop) });
}

/** CAS segments back to adjustments (group, reason, amount, quantity triplets). */
export function adjustmentsFrom(segments: readonly Segment[]): Adjustment[] {
  const out: Adjustment[] = [];
  for (const cas of segments) {
    const group = element(cas, 1) as Adjustment['group'];
    for (let pos = 2; pos <= 17; pos += 3) {
      const reason = element(cas, pos);
      if (!reason) continue;
      out.push(compact({ group, reason, amount: num(element(cas, pos + 1)), quantity: optNum(element(cas, pos + 2)) }));
    }
  }
  return out;
}

function billingProvider(a: LoopNode): Obj {
  const aa = childLoop(a, '2010AA')!;
  const nm1 = findSegment(aa, 'NM1')!;
  const ein = findSegment(aa, 'REF', ['EI', 'SY'])!;
  return compact({
    ...providerFrom(nm1, findSegment(a, 'PRV')),
    taxId: element(ein, 2),
    taxIdType: element(ein, 1) === 'SY' ? 'ssn' : 'ein',
    address: addressIn(aa),
    contact: contactIn(aa),
  });
}

function subscriber(b: LoopNode, kind: ClaimKind): Obj {
  const sbr = findSegment(b, 'SBR')!;
  const ba = childLoop(b, '2010BA')!;
  const dmg = findSegment(ba, 'DMG');
  return compact({
    responsibility: RESPONSIBILITY[element(sbr, 1)],
    name: personName(findSegment(ba, 'NM1')!),
    memberId: element(findSegment(ba, 'NM1')!, 9),
    groupNumber: opt(element(sbr, 3)),
    groupName: opt(element(sbr, 4)),
    insuranceType: kind === 'professional' ? opt(element(sbr, 5)) : undefined,
    claimFilingIndicator: element(sbr, 9),
    birthDate: dmg ? fromD8(element(dmg, 2)) : undefined,
    gender: dmg ? element(dmg, 3) : undefined,
    address: addressIn(ba),
  });
}

function payer(loop: LoopNode): Obj {
  const nm1 = findSegment(loop, 'NM1')!;
  return compact({ name: element(nm1, 3), id: element(nm1, 9), address: addressIn(loop) });
}

function patient(c: LoopNode): Obj {
  const ca = childLoop(c, '2010CA')!;
  const dmg = findSegment(ca, 'DMG')!;
  return { relationship: element(findSegment(c, 'PAT')!, 1), name: personName(findSegment(ca, 'NM1')!), birthDate: fromD8(element(dmg, 2)), gender: element(dmg, 3), address: addressIn(ca) };
}

function otherPayers(claim: LoopNode, kind: ClaimKind): Obj[] {
  return childLoops(claim, '2320').map((loop) => {
    const sbr = findSegment(loop, 'SBR')!;
    const oi = findSegment(loop, 'OI')!;
    const a = childLoop(loop, '2330A')!;
    const b = childLoop(loop, '2330B')!;
    const amount = (q: string) => {
      const s = findSegment(loop, 'AMT', [q]);
      return s ? num(element(s, 2)) : undefined;
    };
    const nm1 = findSegment(a, 'NM1')!;
    return compact({
      responsibility: RESPONSIBILITY[element(sbr, 1)],
      relationship: element(sbr, 2),
      groupNumber: opt(element(sbr, 3)),
      insuranceType: kind === 'professional' ? opt(element(sbr, 5)) : undefined,
      claimFilingIndicator: element(sbr, 9),
      subscriber: compact({ name: personName(nm1), memberId: element(nm1, 9), address: addressIn(a) }),
      payer: payer(b),
      paidAmount: amount('D'),
      remainingPatientLiability: amount('EAF'),
      nonCoveredAmount: amount('A8'),
      claimAdjustments: adjustmentsFrom(findSegments(loop, 'CAS')),
      adjudicationDate: dateIn(b, '573'),
      claimControlNumber: refIn(b, 'F8'),
      benefitsAssigned: element(oi, 3),
      releaseOfInformation: element(oi, 6),
      lineAdjudications: [] as Obj[],
    });
  });
}

/** 2430 loops of every line, attached to the other payer whose id SVD01 names. */
function attachLineAdjudications(lines: LoopNode[], payers: Obj[]): void {
  lines.forEach((line, i) => {
    for (const loop of childLoops(line, '2430')) {
      const svd = findSegment(loop, 'SVD')!;
      const target = payers.find((p) => (p.payer as Obj).id === element(svd, 1));
      if (!target) continue;
      const procedure = components(svd, 3);
      const remaining = findSegment(loop, 'AMT', ['EAF']);
      (target.lineAdjudications as Obj[]).push(
        compact({
          line: i + 1,
          paidAmount: num(element(svd, 2)),
          procedureCode: opt(procedure[1] ?? ''),
          modifiers: procedure.slice(2, 6).filter(Boolean),
          units: num(element(svd, 5)),
          bundledLine: element(svd, 6) ? Number(element(svd, 6)) : undefined,
          adjustments: adjustmentsFrom(findSegments(loop, 'CAS')),
          adjudicationDate: dateIn(loop, '573')!,
          remainingPatientLiability: remaining ? num(element(remaining, 2)) : undefined,
        }),
      );
    }
  });
}

/** REF*6R back to a line control number, left out when it is the default (the line number). */
const lineControl = (line: LoopNode, i: number) => {
  const v = refIn(line, '6R');
  return v === String(i + 1) ? undefined : v;
};

function serviceDates(line: LoopNode): { serviceDate?: string; serviceDateEnd?: string } {
  const dtp = findSegment(line, 'DTP', ['472']);
  if (!dtp) return {};
  const { from, to } = readDateOrRange(element(dtp, 2), element(dtp, 3));
  return compact({ serviceDate: from, serviceDateEnd: to === from ? undefined : to });
}

function drug(line: LoopNode): Obj | undefined {
  const l = childLoop(line, '2410');
  if (!l) return undefined;
  const ctp = findSegment(l, 'CTP')!;
  return compact({ ndc: element(findSegment(l, 'LIN')!, 3), quantity: num(element(ctp, 4)), unit: component(ctp, 5, 1), prescriptionNumber: refIn(l, 'XZ') });
}

const noteIn = (loop: LoopNode) => {
  const s = findSegment(loop, 'NTE');
  return s ? element(s, 2) : undefined;
};

/** HCP of a claim (2300) or a line (2400): what a repricer did with it. */
function repricingIn(loop: LoopNode): Obj | undefined {
  const s = findSegment(loop, 'HCP');
  if (!s) return undefined;
  const amount = (pos: number) => (opt(element(s, pos)) ? num(element(s, pos)) : undefined);
  return compact({ method: element(s, 1), allowedAmount: num(element(s, 2)), savingAmount: amount(3), organizationId: opt(element(s, 4)), perDiemRate: amount(5), rejectReason: opt(element(s, 13)), policyCompliance: opt(element(s, 14)), exception: opt(element(s, 15)) });
}

function relatedCauses(clm: Segment): Obj | undefined {
  const codes = components(clm, 11);
  if (!codes[0]) return undefined;
  return compact({
    employment: codes.slice(0, 2).includes('EM'),
    autoAccident: codes.slice(0, 2).includes('AA'),
    otherAccident: codes.slice(0, 2).includes('OA'),
    autoAccidentState: opt(codes[3] ?? ''),
  });
}

/**
 * CR1, CRC*07, 2310E pick-up and 2310F drop-off (837P) as the claim's ambulance block; undefined without CR1.
 *   CR1*LB*140**A*DH*12~  CRC*07*Y*01*04~  NM1*PW*2~ N3 N4  NM1*45*2*NAME~ N3 N4
 */
function ambulanceIn(claim: LoopNode): Obj | undefined {
  const cr1 = findSegment(claim, 'CR1');
  if (!cr1) return undefined;
  const crc = findSegment(claim, 'CRC', ['07']);
  const pickUp = childLoop(claim, '2310E');
  const dropOff = childLoop(claim, '2310F');
  const dropOffNm1 = dropOff && findSegment(dropOff, 'NM1');
  return compact({
    patientWeightPounds: element(cr1, 1) === 'LB' && element(cr1, 2) ? num(element(cr1, 2)) : undefined,
    transportReason: element(cr1, 4),
    distanceMiles: num(element(cr1, 6)),
    roundTripPurpose: opt(element(cr1, 9)),
    stretcherPurpose: opt(element(cr1, 10)),
    certification: crc ? { conditionsMet: element(crc, 2) === 'Y', conditions: [3, 4, 5, 6, 7].map((e) => element(crc, e)).filter(Boolean) } : undefined,
    pickUp: pickUp ? addressIn(pickUp) : undefined,
    dropOffName: dropOffNm1 ? opt(element(dropOffNm1, 3)) : undefined,
    dropOff: dropOff ? addressIn(dropOff) : undefined,
  });
}

function professional(claim: LoopNode, clm: Segment): Obj {
  const lines = childLoops(claim, '2400').map((line, i) => {
    const sv1 = findSegment(line, 'SV1')!;
    const proc = components(sv1, 1);
    return compact({
      procedureCode: proc[1],
      modifiers: proc.slice(2, 6).filter(Boolean),
      description: opt(proc[6] ?? ''),
      charge: num(element(sv1, 2)),
      unitType: element(sv1, 3),
      units: num(element(sv1, 4)),
      placeOfService: opt(element(sv1, 5)),
      diagnosisPointers: (element(sv1, 7) ? components(sv1, 7) : []).filter(Boolean).map(Number),
      emergency: element(sv1, 9) === 'Y' ? true : undefined,
      epsdt: element(sv1, 11) === 'Y' ? true : undefined,
      familyPlanning: element(sv1, 12) === 'Y' ? true : undefined,
      ...serviceDates(line),
      lineControlNumber: lineControl(line, i),
      priorAuthorization: refIn(line, 'G1'),
      referralNumber: refIn(line, '9F'),
      note: noteIn(line),
      repricing: repricingIn(line),
      renderingProvider: providerLoop(childLoop(line, '2420A')),
      drug: drug(line),
    });
  });
  const hi = findSegments(claim, 'HI').find((s) => ['ABK', 'BK'].includes(component(s, 1, 1)));
  return compact({
    placeOfService: component(clm, 5, 1),
    frequency: component(clm, 5, 3),
    providerSignature: element(clm, 6) === 'Y',
    patientSignatureSource: opt(element(clm, 10)),
    relatedCauses: relatedCauses(clm),
    onsetDate: dateIn(claim, '431'),
    lastSeenDate: dateIn(claim, '304'),
    accidentDate: dateIn(claim, '439'),
    diagnoses: hi ? repetitionsOfHi(hi).map((c) => c[1]) : [],
    referringProvider: providerLoop(childLoop(claim, '2310A')),
    renderingProvider: providerLoop(childLoop(claim, '2310B')),
    serviceFacility: facilityLoop(childLoop(claim, '2310C')),
    supervisingProvider: providerLoop(childLoop(claim, '2310D')),
    ambulance: ambulanceIn(claim),
    spinalManipulation: (() => {
      const cr2 = findSegment(claim, 'CR2');
      return cr2 ? compact({ condition: element(cr2, 8), description: opt(element(cr2, 10)), additionalDescription: opt(element(cr2, 11)) }) : undefined;
    })(),
    lines,
  });
}

/** The composites of an HI segment (HI01..HI12), each split into components. */
function repetitionsOfHi(hi: Segment): string[][] {
  const out: string[][] = [];
  for (let pos = 1; pos <= 12; pos++) if (element(hi, pos)) out.push(components(hi, pos));
  return out;
}

function institutional(claim: LoopNode, clm: Segment): Obj {
  const his = findSegments(claim, 'HI').flatMap(repetitionsOfHi);
  const of = (...q: string[]) => his.filter((c) => q.includes(c[0]));
  const poa = (c: string[]) => opt(c[8] ?? '');
  const admission = findSegment(claim, 'DTP', ['435']);
  const cl1 = findSegment(claim, 'CL1')!;
  const discharge = findSegment(claim, 'DTP', ['096']);
  const statement = readDateOrRange('RD8', element(findSegment(claim, 'DTP', ['434'])!, 3));
  const [principalProcedure, ...otherProcedures] = of('BBR', 'BR', 'BBQ', 'BQ');
  const lines = childLoops(claim, '2400').map((line, i) => {
    const sv2 = findSegment(line, 'SV2')!;
    const proc = components(sv2, 2);
    return compact({
      revenueCode: element(sv2, 1),
      procedureCode: opt(proc[1] ?? ''),
      procedureQualifier: proc[0] && proc[0] !== 'HC' ? proc[0] : undefined,
      modifiers: proc.slice(2, 6).filter(Boolean),
      charge: num(element(sv2, 3)),
      unitType: element(sv2, 4),
      units: num(element(sv2, 5)),
      nonCoveredCharge: optNum(element(sv2, 7)),
      ...serviceDates(line),
      lineControlNumber: lineControl(line, i),
      note: noteIn(line),
      repricing: repricingIn(line),
      drug: drug(line),
    });
  });
  return compact({
    typeOfBill: component(clm, 5, 1) + component(clm, 5, 3),
    statementFrom: statement.from,
    statementTo: statement.to,
    admissionType: element(cl1, 1),
    admissionSource: opt(element(cl1, 2)),
    patientStatus: element(cl1, 3),
    admissionDate: admission ? fromD8(element(admission, 3).slice(0, 8)) : undefined,
    admissionHour: admission && element(admission, 2) === 'DT' ? element(admission, 3).slice(8, 12) : undefined,
    dischargeHour: discharge ? element(discharge, 3) : undefined,
    diagnoses: of('ABK', 'BK', 'ABF', 'BF').map((c) => compact({ code: c[1], presentOnAdmission: poa(c) })),
    admittingDiagnosis: of('ABJ', 'BJ')[0]?.[1],
    drg: of('DR')[0]?.[1],
    reasonForVisit: of('APR', 'PR').map((c) => c[1]),
    procedures: principalProcedure ? [principalProcedure, ...otherProcedures].map((c) => ({ code: c[1], date: fromD8(c[3]) })) : [],
    occurrenceSpans: of('BI').map((c) => {
      const r = readDateOrRange('RD8', c[3]);
      return { code: c[1], from: r.from, to: r.to };
    }),
    occurrences: of('BH').map((c) => ({ code: c[1], date: fromD8(c[3]) })),
    values: of('BE').map((c) => ({ code: c[1], amount: num(c[4] ?? '') })),
    conditions: of('BG').map((c) => c[1]),
    attendingProvider: providerLoop(childLoop(claim, '2310A')),
    operatingPhysician: providerLoop(childLoop(claim, '2310B')),
    renderingProvider: providerLoop(childLoop(claim, '2310D')),
    serviceFacility: facilityLoop(childLoop(claim, '2310E')),
    referringProvider: providerLoop(childLoop(claim, '2310F')),
    lines,
  });
}

function dental(claim: LoopNode, clm: Segment): Obj {
  const hi = findSegment(claim, 'HI');
  // Files from others may date the whole claim once (2300 DTP*472); it then applies to every line.
  const claimDate = dateIn(claim, '472');
  const lines = childLoops(claim, '2400').map((line, i) => {
    const sv3 = findSegment(line, 'SV3')!;
    const proc = components(sv3, 1);
    return compact({
      procedureCode: proc[1],
      modifiers: proc.slice(2, 6).filter(Boolean),
      charge: num(element(sv3, 2)),
      placeOfService: opt(element(sv3, 3)),
      oralCavity: element(sv3, 4) ? components(sv3, 4).filter(Boolean) : [],
      prosthesis: opt(element(sv3, 5)),
      units: num(element(sv3, 6)),
      diagnosisPointers: element(sv3, 11) ? components(sv3, 11).filter(Boolean).map(Number) : [],
      teeth: findSegments(line, 'TOO').map((too) => ({ number: element(too, 2), surfaces: element(too, 3) ? components(too, 3).filter(Boolean) : [] })),
      serviceDate: dateIn(line, '472') ?? claimDate,
      lineControlNumber: lineControl(line, i),
      priorAuthorization: refIn(line, 'G1'),
      referralNumber: refIn(line, '9F'),
      note: noteIn(line),
      repricing: repricingIn(line),
    });
  });
  return compact({
    placeOfService: component(clm, 5, 1),
    frequency: component(clm, 5, 3),
    providerSignature: element(clm, 6) === 'Y',
    relatedCauses: relatedCauses(clm),
    accidentDate: dateIn(claim, '439'),
    predeterminationNumber: refIn(claim, 'G3'),
    diagnoses: hi ? repetitionsOfHi(hi).map((c) => c[1]) : [],
    referringProvider: providerLoop(childLoop(claim, '2310A')),
    renderingProvider: providerLoop(childLoop(claim, '2310B')),
    serviceFacility: facilityLoop(childLoop(claim, '2310C')),
    lines,
  });
}

/**
 * The claim in `claim` (a 2300 loop) as model input. `levels` are the loops above it:
 * 2000A, 2000B and, when the patient is not the subscriber, 2000C.
 */
/** PWK segments of a 2300 loop as attachments (undefined when there are none). */
function attachmentsIn(loop: LoopNode): Attachment[] | undefined {
  const list = findSegments(loop, 'PWK').map((s) => compact({ reportType: element(s, 1), transmission: element(s, 2) as Attachment['transmission'], controlNumber: opt(element(s, 6)) }));
  return list.length ? list : undefined;
}

export function claimFromLoops(kind: ClaimKind, claim: LoopNode, levels: { billing: LoopNode; subscriber: LoopNode; patient?: LoopNode }): ClaimInput {
  const clm = findSegment(claim, 'CLM')!;
  const payers = otherPayers(claim, kind);
  attachLineAdjudications(childLoops(claim, '2400'), payers);
  const specific = kind === 'professional' ? professional(claim, clm) : kind === 'institutional' ? institutional(claim, clm) : dental(claim, clm);
  const note = findSegment(claim, 'NTE', ['ADD']);
  const input = compact({
    kind,
    claimId: element(clm, 1),
    totalCharge: num(element(clm, 2)),
    assignment: element(clm, 7),
    benefitsAssigned: element(clm, 8),
    releaseOfInformation: element(clm, 9),
    delayReason: opt(element(clm, 20)),
    originalClaimNumber: refIn(claim, 'F8'),
    priorAuthorization: refIn(claim, 'G1'),
    attachments: attachmentsIn(claim),
    repricing: repricingIn(claim),
    referralNumber: refIn(claim, '9F'),
    medicalRecordNumber: refIn(claim, 'EA'),
    note: note ? element(note, 2) : undefined,
    billingProvider: billingProvider(levels.billing),
    payToAddress: (() => {
      const ab = childLoop(levels.billing, '2010AB');
      return ab ? addressIn(ab) : undefined;
    })(),
    subscriber: subscriber(levels.subscriber, kind),
    patient: levels.patient ? patient(levels.patient) : undefined,
    payer: payer(childLoop(levels.subscriber, '2010BB')!),
    otherPayers: payers,
    ...specific,
  });
  return input as unknown as ClaimInput;
}
