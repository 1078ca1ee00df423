/** Edits on the claim as a whole: id, totals, frequency, references, related causes, text. */
import { inCodeList } from '../code-lists.js';
import { anyDelimiterOf } from '../delimiter-test.js';
import { sum } from '../x12-values.js';
import { sumEquals } from './amounts.js';
import { FORMATS } from './formats.js';
import { claimStrings, frequencyOf, stringPath, suspectStrings } from './parts.js';
import type { Edit } from './types.js';

/** Outside printable ASCII: accented and non-Latin letters, control characters. */
const NOT_ASCII = /[^\x20-\x7E]/;
const PLAIN_AMOUNT = /^-?\d+(\.\d+)?$/;

const PROFESSIONAL_DENTAL_FREQUENCIES = new Set(['1', '7', '8']);
const INSTITUTIONAL_FREQUENCIES = new Set(['0', '1', '2', '3', '4', '5', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'M', 'P', 'Q', 'X', 'Y', 'Z']);

/** PWK01 attachment report types of the 837P and 837I guides (mappings/guides/837P.json, 837I.json; 2300 PWK01). */
const ATTACHMENT_REPORT_TYPES = new Set('03 04 05 06 07 08 09 10 11 13 15 21 A3 A4 AM AS B2 B3 B4 BR BS BT CB CK CT D2 DA DB DG DJ DS EB HC HR I5 IR LA M1 MT NN OB OC OD OE OX OZ P4 P5 PE PN PO PQ PY PZ RB RR RT RX SG V5 XP'.split(' '));

/** The 837D's shorter PWK01 list (mappings/guides/837D.json). */
const DENTAL_ATTACHMENT_REPORT_TYPES = new Set(['B4', 'DA', 'DG', 'EB', 'OZ', 'P6', 'RB', 'RR']);

export const CLAIM_EDITS: Edit[] = [
  {
    code: 'CLAIM-ID-FORMAT',
    severity: 'warning',
    message: 'The claim id is longer than 20 characters or holds characters other than letters, digits and dashes; many payers cut it to 20 on their answers, which breaks matching.',
    fix: 'Use a claim id of at most 20 letters, digits or dashes.',
    run(claim, _ctx, flag) {
      if (!/^[A-Za-z0-9-]{1,20}$/.test(claim.claimId)) flag('$.claimId');
    },
  },
  {
    code: 'CLAIM-ID-DUPLICATE',
    severity: 'error',
    message: 'Another claim in this batch has the same claim id; answers could not tell them apart.',
    fix: 'Give every claim in a batch its own claim id (a replacement uses frequency 7, not the same claim twice).',
    run(claim, ctx, flag) {
      if (!ctx.seenClaimIds) return;
      if (ctx.seenClaimIds.has(claim.claimId)) flag('$.claimId');
      else ctx.seenClaimIds.add(claim.claimId);
    },
  },
  {
    code: 'TOTAL-CHARGE-MISMATCH',
    severity: 'error',
    message: 'The total charge is not the sum of the line charges.',
    fix: 'Set totalCharge to the sum of lines[].charge.',
    run(claim, _ctx, flag) {
      if (claim.lines.some((l) => !PLAIN_AMOUNT.test(l.charge))) return;
      if (!sumEquals(claim.lines.map((l) => l.charge), claim.totalCharge)) flag('$.totalCharge');
    },
  },
  {
    code: 'FREQUENCY-CODE',
    severity: 'error',
    message: 'The claim frequency code is not allowed for this claim kind.',
    fix: 'Professional and dental: 1 original, 7 replacement, 8 void. Institutional: the last character of the type of bill (NUBC).',
    run(claim, _ctx, flag) {
      if (claim.kind === 'institutional') {
        if (FORMATS.typeOfBill.test(claim.typeOfBill) && !INSTITUTIONAL_FREQUENCIES.has(frequencyOf(claim))) flag('$.typeOfBill');
      } else if (!PROFESSIONAL_DENTAL_FREQUENCIES.has(claim.frequency)) flag('$.frequency');
    },
  },
  {
    code: 'ORIGINAL-CLAIM-NUMBER-REQUIRED',
    severity: 'error',
    message: 'A replacement (7) or void (8) needs the payer\'s claim number of the original claim.',
    fix: 'Copy the payer claim control number from the 835 or 277CA of the original claim into originalClaimNumber.',
    run(claim, _ctx, flag) {
      const f = frequencyOf(claim);
      if ((f === '7' || f === '8') && !claim.originalClaimNumber) flag('$.originalClaimNumber');
    },
  },
  {
    code: 'ORIGINAL-CLAIM-NUMBER-UNEXPECTED',
    severity: 'warning',
    message: 'An original claim number is given on a claim that is not a replacement or void.',
    fix: 'Set the frequency to 7 (replacement) or 8 (void), or remove originalClaimNumber.',
    run(claim, _ctx, flag) {
      const f = frequencyOf(claim);
      if (claim.originalClaimNumber && f === '1') flag('$.originalClaimNumber');
    },
  },
  {
    code: 'PLACE-OF-SERVICE-CODE',
    severity: 'error',
    kinds: ['professional', 'dental'],
    message: 'The place of service is not a CMS place of service code.',
    fix: 'Use the two-digit CMS place of service code (11 office, 21 inpatient hospital, 22 outpatient hospital, ...).',
    run(claim, _ctx, flag) {
      if (claim.kind === 'institutional') return;
      if (!inCodeList('place-of-service', claim.placeOfService)) flag('$.placeOfService');
      claim.lines.forEach((l, i) => {
        if (l.placeOfService !== undefined && !inCodeList('place-of-service', l.placeOfService)) flag(`$.lines[${i}].placeOfService`);
      });
    },
  },
  {
    code: 'PRIOR-AUTHORIZATION-FORMAT',
    severity: 'error',
    message: 'The prior authorization number holds characters other than letters, digits and dashes.',
    fix: 'Copy the authorization number exactly as the payer issued it, without spaces.',
    run(claim, _ctx, flag) {
      if (claim.priorAuthorization !== undefined && !FORMATS.reference.test(claim.priorAuthorization)) flag('$.priorAuthorization');
      claim.lines.forEach((l, i) => {
        if ('priorAuthorization' in l && l.priorAuthorization !== undefined && !FORMATS.reference.test(l.priorAuthorization)) flag(`$.lines[${i}].priorAuthorization`);
      });
    },
  },
  {
    code: 'REFERRAL-NUMBER-FORMAT',
    severity: 'error',
    message: 'The referral number holds characters other than letters, digits and dashes.',
    fix: 'Copy the referral number exactly as issued, without spaces.',
    run(claim, _ctx, flag) {
      if (claim.referralNumber !== undefined && !FORMATS.reference.test(claim.referralNumber)) flag('$.referralNumber');
      claim.lines.forEach((l, i) => {
        if ('referralNumber' in l && l.referralNumber !== undefined && !FORMATS.reference.test(l.referralNumber)) flag(`$.lines[${i}].referralNumber`);
      });
    },
  },
  {
    code: 'ACCIDENT-DATE-REQUIRED',
    severity: 'error',
    kinds: ['professional', 'dental'],
    message: 'The claim is related to an accident but has no accident date.',
    fix: 'Add accidentDate, or clear relatedCauses.autoAccident / otherAccident.',
    run(claim, _ctx, flag) {
      if (claim.kind === 'institutional') return;
      const r = claim.relatedCauses;
      if ((r?.autoAccident || r?.otherAccident) && !claim.accidentDate) flag('$.accidentDate');
    },
  },
  {
    code: 'AUTO-ACCIDENT-STATE-REQUIRED',
    severity: 'error',
    kinds: ['professional', 'dental'],
    message: 'An auto accident claim needs the state where the accident happened.',
    fix: 'Add relatedCauses.autoAccidentState (two-letter code).',
    run(claim, _ctx, flag) {
      if (claim.kind === 'institutional') return;
      const r = claim.relatedCauses;
      if (r?.autoAccident && !(r.autoAccidentState && inCodeList('state-province', r.autoAccidentState))) flag('$.relatedCauses.autoAccidentState');
    },
  },
  {
    code: 'RELATED-CAUSES-TOO-MANY',
    severity: 'error',
    kinds: ['professional', 'dental'],
    message: 'At most two related causes (employment, auto accident, other accident) can be sent.',
    fix: 'Keep the two causes that apply most directly.',
    run(claim, _ctx, flag) {
      if (claim.kind === 'institutional' || !claim.relatedCauses) return;
      const r = claim.relatedCauses;
      if ([r.employment, r.autoAccident, r.otherAccident].filter(Boolean).length > 2) flag('$.relatedCauses');
    },
  },
  {
    code: 'NOT-SENT-FOR-KIND',
    severity: 'warning',
    message: 'This field has no place in this kind of 837 and will not be sent.',
    fix: 'Remove the field, or check the claim kind.',
    run(claim, _ctx, flag) {
      if (claim.kind !== 'professional') {
        if (claim.subscriber.insuranceType !== undefined) flag('$.subscriber.insuranceType');
        claim.otherPayers.forEach((o, i) => {
          if (o.insuranceType !== undefined) flag(`$.otherPayers[${i}].insuranceType`);
        });
      }
      if (claim.kind === 'dental' && claim.medicalRecordNumber !== undefined) flag('$.medicalRecordNumber');
    },
  },
  {
    code: 'DELIMITER-IN-VALUE',
    severity: 'error',
    message: 'The value holds a character the file uses as a delimiter; it would corrupt the file.',
    fix: 'Remove the character (the delimiters of this partner are listed in the report).',
    run(claim, ctx, flag) {
      // Issue 12, round 11: only the strings with a delimiter or a character outside 0x20–0x7E (found once for
      // this edit and NON-ASCII-CHARACTER), in walk order; every string when a delimiter is not one character.
      const suspects = suspectStrings(claim, ctx);
      if (suspects?.length === 0) return;
      const d = ctx.delimiters;
      const chars = [d.element, d.component, d.repetition, d.segment].filter(Boolean);
      const any = anyDelimiterOf(d);
      // Every string in walk order (collected once per claim), the path built only for a finding.
      const strings = claimStrings(claim, ctx);
      const n = suspects ? suspects.length : strings.length;
      for (let k = 0; k < n; k++) {
        const i = suspects ? suspects[k] : k;
        const value = strings[i];
        if (any && !any.test(value)) continue;
        const c = chars.find((ch) => value.includes(ch));
        if (c) flag(stringPath(claim, i), { message: `The value holds "${c}", a delimiter of this file; it would corrupt the file.`, fix: `Remove or replace the "${c}" character.` });
      }
    },
  },
  {
    code: 'NON-ASCII-CHARACTER',
    severity: 'error',
    message: 'The value holds a character outside the X12 character set. Names, addresses and notes are changed to plain letters for you, but identifiers, codes and amounts never are, nor are letters without a plain form (non-Latin scripts, symbols, control characters).',
    fix: 'Write it in plain letters and digits, exactly as the payer or the insurance card has it.',
    run(claim, ctx, flag) {
      const strings = claimStrings(claim, ctx);
      const suspects = suspectStrings(claim, ctx);
      if (suspects) {
        for (let k = 0; k < suspects.length; k++) if (NOT_ASCII.test(strings[suspects[k]])) flag(stringPath(claim, suspects[k]));
        return;
      }
      for (let i = 0; i < strings.length; i++) if (NOT_ASCII.test(strings[i])) flag(stringPath(claim, i));
    },
  },
  {
    code: 'ATTACHMENT-CONTROL-NUMBER',
    severity: 'error',
    message: 'An attachment sent by mail, fax, e-mail or electronically has no attachment control number; the payer cannot match the document to the claim (the guide requires PWK06 unless the document is kept at the provider, AA).',
    fix: 'Give the attachment the control number written on the document (attachments[].controlNumber), or use transmission AA when it stays at the practice.',
    run(claim, _ctx, flag) {
      claim.attachments?.forEach((a, i) => {
        if (a.transmission !== 'AA' && !a.controlNumber) flag(`$.attachments[${i}].controlNumber`);
      });
    },
  },
  {
    code: 'ATTACHMENT-REPORT-TYPE',
    severity: 'error',
    message: 'The attachment report type is not one the guide allows in PWK01 for this kind of claim (the 837D allows only B4, DA, DG, EB, OZ, P6, RB, RR).',
    fix: 'Use a PWK01 report type code, e.g. OZ support data for claim, 09 progress report, B4 referral form, DG diagnostic report or 06 initial assessment (docs/claim-model.md).',
    run(claim, _ctx, flag) {
      const allowed = claim.kind === 'dental' ? DENTAL_ATTACHMENT_REPORT_TYPES : ATTACHMENT_REPORT_TYPES;
      claim.attachments?.forEach((a, i) => {
        if (!allowed.has(a.reportType)) flag(`$.attachments[${i}].reportType`);
      });
    },
  },
  {
    code: 'REPRICED-AMOUNT-OVER-CHARGE',
    severity: 'error',
    message: 'The repriced allowed amount (HCP02) is more than the claim total charge; a repricer does not allow more than was billed.',
    fix: 'Copy the allowed amount from the repricing organization\'s response; check the claim total.',
    run(claim, _ctx, flag) {
      const r = claim.repricing;
      if (r && /^-?\d+(\.\d+)?$/.test(r.allowedAmount) && /^-?\d+(\.\d+)?$/.test(claim.totalCharge) && sum([r.allowedAmount]).greaterThan(sum([claim.totalCharge]))) flag('$.repricing.allowedAmount');
    },
  },
  {
    code: 'REPRICED-LINE-AMOUNT-OVER-CHARGE',
    severity: 'error',
    message: 'A line\'s repriced allowed amount (HCP02 in 2400) is more than the line\'s charge; a repricer does not allow more than was billed.',
    fix: 'Copy the line\'s allowed amount from the repricing organization\'s response; check the line charge.',
    run(claim, _ctx, flag) {
      const money = /^-?\d+(\.\d+)?$/;
      claim.lines.forEach((line, i) => {
        const r = line.repricing;
        if (r && money.test(r.allowedAmount) && money.test(line.charge) && sum([r.allowedAmount]).greaterThan(sum([line.charge]))) flag(`$.lines[${i}].repricing.allowedAmount`);
      });
    },
  },
];
