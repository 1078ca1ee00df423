/**
 * Pairs reversals (CLP02 = 22) with the corrected claims that replace them. A payer that re-adjudicates
 * a claim sends the reversal of the earlier payment (negative amounts) and the correction (the new
 * payment) in the same remittance, with the same patient control number (CLP01).
 *
 * Works claim by claim so that streamed remittances need no claim list: it keeps the reversals still
 * waiting for their correction and a short window of recent claims (a correction may come first).
 *
 * Claims come as models (`add`) or, from the balancing fast path, as the CLP's bytes (`addCodes`): then
 * CLP01 and CLP07 of a recent claim are copied into the ring as bytes and become strings only when a
 * reversal pairs with it (most claims never do), compared as latin1 text, exactly as the strings the fast
 * path made before (`latin1Slice`).
 */
import type { ClaimPayment, ReversalPair } from './model.js';
import { latin1Slice as latin1 } from './values.js';

const WINDOW = 32;
/** Bytes a ring slot holds of CLP01 and of CLP07; a longer one is kept as its string. */
const SLOT = 48;

/** CLP01, CLP02 and CLP07 of a claim as byte ranges [from, to) of `bytes` (latin1 text; an empty range = absent). */
export interface ClpCodes {
  bytes: Buffer;
  pcnFrom: number;
  pcnTo: number;
  statusFrom: number;
  statusTo: number;
  icnFrom: number;
  icnTo: number;
}

/** CLP07 as text, undefined when absent (as a model's payerClaimControlNumber). */
function icnOf(c: ClpCodes): string | undefined {
  return c.icnTo > c.icnFrom ? latin1(c.bytes, c.icnFrom, c.icnTo) : undefined;
}

/**
 * from[a, b) kept in a ring slot: copied into `bytes` at slot × SLOT with its length in `lengths` when it fits
 * (a loop: these are a few bytes, and `subarray` + `set` would make a Buffer each), else as its string in
 * `strings` with the length -1.
 */
function keepCode(from: Buffer, a: number, b: number, slot: number, bytes: Buffer, lengths: Int16Array, strings: Array<string | undefined>): void {
  if (b - a <= SLOT) {
    for (let i = a, at = slot * SLOT; i < b; i++) bytes[at++] = from[i];
    lengths[slot] = b - a;
  } else {
    strings[slot] = latin1(from, a, b);
    lengths[slot] = -1;
  }
}

export class ReversalPairing {
  private readonly pending = new Map<string, ReversalPair[]>();
  /**
   * The recent claims, oldest first, as a ring of at most WINDOW slots (parallel arrays: no object per
   * claim): slot (first + k) % WINDOW is the k-th oldest of `count`. A slot's CLP01 / CLP07 is its string
   * (recentPcn / recentPccn) when its byte length (pcnLength / pccnLength) is -1, else those bytes of
   * `pcnBytes` / `pccnBytes` at slot × SLOT.
   */
  private readonly recentIndex = new Array<number>(WINDOW).fill(0);
  private readonly recentPcn = new Array<string>(WINDOW).fill('');
  private readonly recentPccn = new Array<string | undefined>(WINDOW).fill(undefined);
  private readonly pcnLength = new Int16Array(WINDOW).fill(-1);
  private readonly pccnLength = new Int16Array(WINDOW).fill(-1);
  private readonly pcnBytes = Buffer.alloc(WINDOW * SLOT);
  private readonly pccnBytes = Buffer.alloc(WINDOW * SLOT);
  private readonly recentUsed = new Uint8Array(WINDOW);
  private first = 0;
  private count = 0;
  readonly pairs: ReversalPair[] = [];

  /** Feed claims in file order; `index` is the claim's position in the remittance. */
  add(claim: ClaimPayment, index: number): void {
    const pcn = claim.patientControlNumber;
    if (claim.status === '22') return this.reversal(pcn, claim.payerClaimControlNumber, index);
    if (this.corrects(pcn, index, claim.payerClaimControlNumber)) return;
    const slot = this.newSlot(index);
    this.recentPcn[slot] = pcn;
    this.pcnLength[slot] = -1;
    this.recentPccn[slot] = claim.payerClaimControlNumber;
    this.pccnLength[slot] = -1;
  }

  /**
   * `add` of a claim given as its CLP's bytes: the same pairs as `add` of a claim whose patientControlNumber,
   * status and payerClaimControlNumber are those ranges as latin1 text (payerClaimControlNumber undefined when
   * empty). Strings are made only for a reversal, or while a reversal waits for its correction.
   */
  addCodes(c: ClpCodes, index: number): void {
    const b = c.bytes;
    if (c.statusTo - c.statusFrom === 2 && b[c.statusFrom] === 50 /* 2 */ && b[c.statusFrom + 1] === 50) {
      return this.reversal(latin1(b, c.pcnFrom, c.pcnTo), icnOf(c), index);
    }
    if (this.pending.size !== 0 && this.corrects(latin1(b, c.pcnFrom, c.pcnTo), index, icnOf(c))) return;
    const slot = this.newSlot(index);
    keepCode(b, c.pcnFrom, c.pcnTo, slot, this.pcnBytes, this.pcnLength, this.recentPcn);
    keepCode(b, c.icnFrom, c.icnTo, slot, this.pccnBytes, this.pccnLength, this.recentPccn);
  }

  /** A reversal: paired with the oldest recent claim of its patient control number not paired yet, or left waiting. */
  private reversal(pcn: string, pccn: string | undefined, index: number): void {
    const pair: ReversalPair = { patientControlNumber: pcn, reversal: index };
    if (pccn) pair.reversedPayerClaimControlNumber = pccn;
    this.pairs.push(pair);
    let earlier = -1;
    for (let k = 0; k < this.count && earlier < 0; k++) {
      const slot = (this.first + k) % WINDOW;
      if (this.recentUsed[slot] === 0 && this.pcnIs(slot, pcn)) earlier = slot;
    }
    if (earlier >= 0) {
      this.recentUsed[earlier] = 1;
      this.complete(pair, this.recentIndex[earlier], this.pccnOf(earlier));
    } else {
      const list = this.pending.get(pcn) ?? [];
      list.push(pair);
      this.pending.set(pcn, list);
    }
  }

  /** A claim that is not a reversal: completes the oldest reversal waiting for its patient control number, if any. */
  private corrects(pcn: string, index: number, pccn: string | undefined): boolean {
    const waiting = this.pending.size === 0 ? undefined : this.pending.get(pcn);
    if (!waiting?.length) return false;
    this.complete(waiting.shift()!, index, pccn);
    if (!waiting.length) this.pending.delete(pcn);
    return true;
  }

  /** The slot of a new recent claim (appended as the newest; the oldest leaves when the window is full). */
  private newSlot(index: number): number {
    let slot: number;
    if (this.count < WINDOW) slot = (this.first + this.count++) % WINDOW;
    else {
      slot = this.first;
      this.first = (this.first + 1) % WINDOW;
    }
    this.recentIndex[slot] = index;
    this.recentUsed[slot] = 0;
    return slot;
  }

  /** Is the slot's CLP01 `pcn`? */
  private pcnIs(slot: number, pcn: string): boolean {
    const n = this.pcnLength[slot];
    if (n < 0) return this.recentPcn[slot] === pcn;
    if (n !== pcn.length) return false;
    const bytes = this.pcnBytes;
    for (let j = 0, at = slot * SLOT; j < n; j++) if (bytes[at + j] !== pcn.charCodeAt(j)) return false;
    return true;
  }

  /** The slot's CLP07 (undefined or '' when absent). */
  private pccnOf(slot: number): string | undefined {
    const n = this.pccnLength[slot];
    return n < 0 ? this.recentPccn[slot] : latin1(this.pccnBytes, slot * SLOT, slot * SLOT + n);
  }

  private complete(pair: ReversalPair, index: number, pccn: string | undefined): void {
    pair.correction = index;
    if (pccn) pair.correctionPayerClaimControlNumber = pccn;
  }
}
