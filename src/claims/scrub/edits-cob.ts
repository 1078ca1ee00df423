/** Edits on secondary (coordination of benefits) data: order of payers, balancing, adjudication. */
import { Decimal } from 'decimal.js';
import { inCodeList } from '../code-lists.js';
import type { Claim, OtherPayer } from '../model.js';
import { sum } from '../x12-values.js';
import type { Edit } from './types.js';

const adjusted = (list: readonly { amount: string }[]): Decimal => sum(list.map((a) => a.amount));
const adjudicated = (o: OtherPayer) => o.paidAmount !== undefined || o.lineAdjudications.length > 0;

function eachOtherPayer(claim: Claim, visit: (o: OtherPayer, path: string) => void): void {
  claim.otherPayers.forEach((o, i) => visit(o, `$.otherPayers[${i}]`));
}

export const COB_EDITS: Edit[] = [
  {
    code: 'COB-RESPONSIBILITY-SEQUENCE',
    severity: 'error',
    message: 'The payers\' order does not add up: a payer that already paid cannot be after this claim\'s payer, and two payers cannot hold the same place.',
    fix: 'Set subscriber.responsibility to "secondary" (or "tertiary") and each other payer to its own place (primary first).',
    run(claim, _ctx, flag) {
      eachOtherPayer(claim, (o, path) => {
        if (o.responsibility === claim.subscriber.responsibility) flag(`${path}.responsibility`);
        else if (adjudicated(o) && claim.subscriber.responsibility === 'primary') flag('$.subscriber.responsibility');
      });
    },
  },
  {
    code: 'COB-CLAIM-BALANCE',
    severity: 'error',
    message: 'The other payer\'s paid amount plus its adjustments does not equal the claim charge.',
    fix: 'Copy the paid amount and every CAS adjustment (claim and line level) from that payer\'s 835 exactly.',
    run(claim, _ctx, flag) {
      eachOtherPayer(claim, (o, path) => {
        if (o.paidAmount === undefined) return;
        const lineAdjustments = o.lineAdjudications.reduce((acc, l) => acc.plus(adjusted(l.adjustments)), new Decimal(0));
        const accounted = new Decimal(o.paidAmount).plus(adjusted(o.claimAdjustments)).plus(lineAdjustments);
        if (!accounted.equals(claim.totalCharge)) flag(`${path}.paidAmount`);
      });
    },
  },
  {
    code: 'COB-LINE-BALANCE',
    severity: 'error',
    message: 'A line\'s paid amount plus its adjustments does not equal the line charge.',
    fix: 'Copy the line\'s SVC paid amount and CAS adjustments from the other payer\'s 835 exactly.',
    run(claim, _ctx, flag) {
      eachOtherPayer(claim, (o, path) =>
        o.lineAdjudications.forEach((l, j) => {
          const line = claim.lines[l.line - 1];
          if (!line || l.bundledLine !== undefined) return;
          if (!new Decimal(l.paidAmount).plus(adjusted(l.adjustments)).equals(line.charge)) flag(`${path}.lineAdjudications[${j}].paidAmount`);
        }),
      );
    },
  },
  {
    code: 'COB-LINE-PAID-SUM',
    severity: 'error',
    message: 'The other payer\'s claim paid amount is not the sum of its line paid amounts.',
    fix: 'Set paidAmount to the total the payer paid on the claim (CLP04) and check each line\'s paid amount.',
    run(claim, _ctx, flag) {
      eachOtherPayer(claim, (o, path) => {
        if (o.paidAmount === undefined || o.lineAdjudications.length === 0) return;
        if (!sum(o.lineAdjudications.map((l) => l.paidAmount)).equals(o.paidAmount)) flag(`${path}.paidAmount`);
      });
    },
  },
  {
    code: 'COB-LINE-REFERENCE',
    severity: 'error',
    message: 'A line adjudication refers to a service line the claim does not have.',
    fix: 'Set `line` to the 1-based number of the claim line the payer adjudicated.',
    run(claim, _ctx, flag) {
      eachOtherPayer(claim, (o, path) =>
        o.lineAdjudications.forEach((l, j) => {
          if (l.line > claim.lines.length) flag(`${path}.lineAdjudications[${j}].line`);
          if (l.bundledLine !== undefined && l.bundledLine > claim.lines.length) flag(`${path}.lineAdjudications[${j}].bundledLine`);
        }),
      );
    },
  },
  {
    code: 'COB-ADJUDICATION-DATE-REQUIRED',
    severity: 'error',
    message: 'The other payer paid the claim but there is no adjudication date, at claim or line level.',
    fix: 'Add adjudicationDate (the 835 check or EFT date).',
    run(claim, _ctx, flag) {
      eachOtherPayer(claim, (o, path) => {
        if (o.paidAmount !== undefined && o.lineAdjudications.length === 0 && !o.adjudicationDate) flag(`${path}.adjudicationDate`);
      });
    },
  },
  {
    code: 'COB-PAID-AMOUNT-REQUIRED',
    severity: 'error',
    message: 'The other payer adjudicated lines but its claim paid amount is missing.',
    fix: 'Add paidAmount (zero when the payer paid nothing).',
    run(claim, _ctx, flag) {
      eachOtherPayer(claim, (o, path) => {
        if (o.paidAmount === undefined && o.lineAdjudications.length > 0) flag(`${path}.paidAmount`);
      });
    },
  },
  {
    code: 'COB-ADJUSTMENT-REASON',
    severity: 'error',
    message: 'An adjustment reason is not a claim adjustment reason code (CARC).',
    fix: 'Copy the CARC from the other payer\'s 835 CAS segment (e.g. 45, 1, 2, 3).',
    run(claim, _ctx, flag) {
      eachOtherPayer(claim, (o, path) => {
        o.claimAdjustments.forEach((a, j) => !inCodeList('carc', a.reason) && flag(`${path}.claimAdjustments[${j}].reason`));
        o.lineAdjudications.forEach((l, j) => l.adjustments.forEach((a, k) => !inCodeList('carc', a.reason) && flag(`${path}.lineAdjudications[${j}].adjustments[${k}].reason`)));
      });
    },
  },
  {
    code: 'COB-LINE-PROCEDURE-REQUIRED',
    severity: 'error',
    kinds: ['professional', 'dental'],
    message: 'A line adjudication has no procedure code; professional and dental claims must send the one the payer adjudicated.',
    fix: 'Copy the procedure code from the other payer\'s 835 SVC segment.',
    run(claim, _ctx, flag) {
      if (claim.kind === 'institutional') return;
      eachOtherPayer(claim, (o, path) => o.lineAdjudications.forEach((l, j) => !l.procedureCode && flag(`${path}.lineAdjudications[${j}].procedureCode`)));
    },
  },
  {
    code: 'COB-ADJUSTMENTS-TOO-MANY',
    severity: 'error',
    message: 'More adjustments than the guide can carry (five CAS segments of six reasons each).',
    fix: 'Combine adjustments with the same group and reason.',
    run(claim, _ctx, flag) {
      const casCount = (list: readonly { group: string }[]) => {
        const perGroup = new Map<string, number>();
        for (const a of list) perGroup.set(a.group, (perGroup.get(a.group) ?? 0) + 1);
        return [...perGroup.values()].reduce((n, c) => n + Math.ceil(c / 6), 0);
      };
      eachOtherPayer(claim, (o, path) => {
        if (casCount(o.claimAdjustments) > 5) flag(`${path}.claimAdjustments`);
        o.lineAdjudications.forEach((l, j) => casCount(l.adjustments) > 5 && flag(`${path}.lineAdjudications[${j}].adjustments`));
      });
    },
  },
];
