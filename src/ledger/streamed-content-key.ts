/**
 * The content key of an 835 (src/ledger/resent-responses.ts) worked out claim by claim, for an 835 too
 * large to hold. Up to `SORTED_KEY_LIMIT` claim payments it is exactly `remittanceContentKey` (their
 * lines sorted, then hashed); beyond that the lines cannot be kept, so the key is a hash of the payer, the
 * count and the sum (mod 2^256) of each line's SHA-256: order-independent like the sorted form, and the
 * same for the same claim payments however they are ordered. Such keys start with `m:` so they never
 * equal a sorted key (a re-sent large 835 is large again, and gets the same `m:` key). Pure.
 */
import { createHash } from 'node:crypto';
import { remittanceContentKey } from './resent-responses.js';
import type { RemittancePosting } from './posting-types.js';

type ClaimFields = Pick<RemittancePosting['claims'][number], 'patientControlNumber' | 'statusCode' | 'billed' | 'paid' | 'patientResponsibility' | 'payerClaimNumber'>;

export const SORTED_KEY_LIMIT = 5000;
const MOD = 1n << 256n;

export class StreamedContentKey {
  private kept: ClaimFields[] = [];
  private count = 0;
  private sum = 0n;

  constructor(private readonly payerKey: string) {}

  add(c: ClaimFields): void {
    this.count++;
    if (this.count <= SORTED_KEY_LIMIT) {
      this.kept.push({ patientControlNumber: c.patientControlNumber, statusCode: c.statusCode, billed: c.billed, paid: c.paid, patientResponsibility: c.patientResponsibility, payerClaimNumber: c.payerClaimNumber });
      return;
    }
    if (this.kept.length) {
      for (const k of this.kept) this.fold(k);
      this.kept = [];
    }
    this.fold(c);
  }

  /** The key, or undefined for an 835 without claim payments (as `remittanceContentKey`). */
  get key(): string | undefined {
    if (this.count <= SORTED_KEY_LIMIT) return remittanceContentKey({ payerKey: this.payerKey, claims: this.kept as RemittancePosting['claims'] });
    return 'm:' + createHash('sha256').update(`${this.payerKey}|${this.count}|${this.sum.toString(16)}`).digest('hex').slice(0, 38);
  }

  private fold(c: ClaimFields): void {
    const line = [c.patientControlNumber, c.statusCode, c.billed, c.paid, c.patientResponsibility, c.payerClaimNumber ?? ''].join('~');
    this.sum = (this.sum + BigInt('0x' + createHash('sha256').update(line).digest('hex'))) % MOD;
  }
}
