/**
 * Appointments → one 270 interchange (005010X279A1): one transaction set per payer, inside it one
 * 2000B per provider NPI and one 2000C (and 2000D for a dependent patient) per appointment. Pure: the
 * control numbers, dates and ids come in; text goes out.
 *
 *   ST*270*0001*005010X279A1~ BHT*0022*13*{batch}*20240301*0900~
 *   HL*1**20*1~ NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~
 *   HL*2*1*21*1~ NM1*1P*2*MAPLE FAMILY CLINIC*****XX*1234567893~
 *   HL*3*2*22*0~ TRN*1*APPT-1001*9SUBM01000~ NM1*IL*1*RIVERA*ALEX****MI*W100200300~ DMG*D8*19800115*F~ DTP*291*D8*20240315~ EQ*30~
 */
import { toD8 } from '../claims/x12-values.js';
import { personNm1 } from '../claims/write/segments.js';
import { writeInterchange, type InterchangeHeader, type SegmentData } from '../x12/writer.js';
import { RELATIONSHIP_CODES, type ParsedAppointment } from './model.js';

export const ELIGIBILITY_VERSION = '005010X279A1';

export interface InquiryEnvelope {
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  /** GS02 / GS03 */
  senderCode: string;
  receiverCode: string;
  interchangeControl: number;
  groupControl: number;
  /** CCYYMMDD and HHMM (injected: the core never reads the clock). */
  date: string;
  time: string;
  usage: 'P' | 'T';
  /** BHT03: the batch's reference. */
  batchId: string;
  /** TRN03: "9" + nine characters of ours (or "1" + our EIN). */
  traceCompanyId?: string;
  lineEnding?: string;
}

export interface InquiryTransaction {
  controlNumber: string;
  payerId: string;
  appointmentIds: string[];
}

export interface WrittenInquiry {
  text: string;
  transactions: InquiryTransaction[];
}

const DEFAULT_SERVICE_TYPES = ['30'];

/** TRN03 is exactly ten characters: "9" and nine of the sender id (padded with zeros). */
export const traceCompanyIdOf = (senderId: string): string => '9' + senderId.replace(/[^A-Z0-9]/gi, '').toUpperCase().padEnd(9, '0').slice(0, 9);

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function inquiries(a: ParsedAppointment): SegmentData[] {
  const types = a.serviceTypes?.length ? a.serviceTypes : DEFAULT_SERVICE_TYPES;
  return [{ id: 'EQ', elements: [{ repeat: types }] }];
}

const dmg = (birthDate: string | undefined, gender: string | undefined): SegmentData[] => (birthDate ? [{ id: 'DMG', elements: ['D8', toD8(birthDate), gender] }] : []);

/** The 2000C (and 2000D) levels of one appointment, numbered from `nextHl`. */
function personLevels(a: ParsedAppointment, parentHl: number, nextHl: number, traceCompanyId: string): { segments: SegmentData[]; used: number } {
  const trn: SegmentData = { id: 'TRN', elements: ['1', a.appointmentId, traceCompanyId] };
  const planDate: SegmentData = { id: 'DTP', elements: ['291', 'D8', toD8(a.date)] };
  const subscriberHl = nextHl;
  const s = a.subscriber;
  const subscriberName = personNm1('IL', s.name, 'MI', s.memberId);
  if (!a.patient) {
    return {
      segments: [
        { id: 'HL', elements: [String(subscriberHl), String(parentHl), '22', '0'] },
        trn,
        subscriberName,
        ...dmg(s.birthDate, s.gender),
        planDate,
        ...inquiries(a),
      ],
      used: 1,
    };
  }
  const p = a.patient;
  return {
    segments: [
      { id: 'HL', elements: [String(subscriberHl), String(parentHl), '22', '1'] },
      subscriberName,
      ...dmg(s.birthDate, s.gender),
      { id: 'HL', elements: [String(subscriberHl + 1), String(subscriberHl), '23', '0'] },
      trn,
      { id: 'NM1', elements: ['03', '1', p.name.last, p.name.first, p.name.middle, '', p.name.suffix] },
      ...dmg(p.birthDate, p.gender),
      { id: 'INS', elements: ['N', RELATIONSHIP_CODES[p.relationship]] },
      planDate,
      ...inquiries(a),
    ],
    used: 2,
  };
}

/** One payer's transaction set body (BHT to the last EQ; ST/SE are added by the writer). */
export function payerTransaction(appointments: readonly ParsedAppointment[], env: Pick<InquiryEnvelope, 'batchId' | 'date' | 'time' | 'traceCompanyId' | 'senderId'>): SegmentData[] {
  const payer = appointments[0].payer;
  const trace = env.traceCompanyId ?? traceCompanyIdOf(env.senderId);
  const out: SegmentData[] = [
    { id: 'BHT', elements: ['0022', '13', env.batchId, env.date, env.time] },
    { id: 'HL', elements: ['1', '', '20', '1'] },
    { id: 'NM1', elements: ['PR', '2', payer.name, '', '', '', '', 'PI', payer.id] },
  ];
  let hl = 2;
  for (const [npi, forProvider] of groupBy(appointments, (a) => a.provider.npi)) {
    const providerHl = hl++;
    out.push({ id: 'HL', elements: [String(providerHl), '1', '21', '1'] });
    out.push({ id: 'NM1', elements: ['1P', '2', forProvider[0].provider.name, '', '', '', '', 'XX', npi] });
    for (const a of forProvider) {
      const level = personLevels(a, providerHl, hl, trace);
      out.push(...level.segments);
      hl += level.used;
    }
  }
  return out;
}

/** All appointments of one partner → one interchange, one transaction set per payer (in first-seen order). */
export function writeEligibilityInquiry(appointments: readonly ParsedAppointment[], env: InquiryEnvelope): WrittenInquiry {
  if (appointments.length === 0) throw new Error('no appointments to ask about');
  const header: InterchangeHeader = {
    senderQualifier: env.senderQualifier,
    senderId: env.senderId,
    receiverQualifier: env.receiverQualifier,
    receiverId: env.receiverId,
    controlNumber: env.interchangeControl,
    date: env.date,
    time: env.time,
    usage: env.usage,
  };
  const transactions: InquiryTransaction[] = [];
  const sets = [...groupBy(appointments, (a) => a.payer.id)].map(([payerId, forPayer], i) => {
    const controlNumber = String(i + 1).padStart(4, '0');
    transactions.push({ controlNumber, payerId, appointmentIds: forPayer.map((a) => a.appointmentId) });
    return { id: '270', controlNumber, version: ELIGIBILITY_VERSION, segments: payerTransaction(forPayer, env) };
  });
  const text = writeInterchange(
    header,
    [{ header: { functionalId: 'HS', senderCode: env.senderCode, receiverCode: env.receiverCode, date: env.date, time: env.time, controlNumber: env.groupControl, version: ELIGIBILITY_VERSION }, transactions: sets }],
    undefined,
    env.lineEnding ?? '\n',
  );
  return { text, transactions };
}
