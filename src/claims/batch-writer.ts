/**
 * Writes a partner's claims as 837 files, streaming: claims are added one at a time and written out a
 * transaction set at a time, so memory holds at most one transaction set's claims per claim kind —
 * as the text they will be written as, grouped as they arrive (write/held-transaction.ts; issue 12).
 *
 *  - one interchange (ISA/IEA) per file; a new file when the partner's `maxClaimsPerFile` is reached
 *  - one functional group (GS/GE) per run of same-kind transaction sets (837P, 837I, 837D differ in GS08)
 *  - one transaction set per `maxClaimsPerTransaction` claims of a kind
 *  - control numbers from the pluggable allocator, dates and times passed in (the core reads no clock)
 *
 * Claims should be scrubbed first; `add` still refuses a claim whose values hold a delimiter, before a
 * byte of it is written.
 */
import { DEFAULT_DELIMITERS, type Delimiters } from '../x12/delimiters.js';
import { formatSegment, X12Writer } from '../x12/writer.js';
import { KINDS } from './kinds.js';
import type { BatchHeader, Claim, ClaimKind } from './model.js';
import type { ControlNumberAllocator, PartnerProfile } from './partner.js';
import { createHeldTransaction, writeHeldBody, type HeldTransaction } from './write/held-transaction.js';
import { claimTextWriter, isClash, type ClaimText } from './write/claim-text.js';
import { findDelimiterClash, prepareClaim, type DelimiterClash, type PreparedClaim } from './write/prepare.js';

export interface OutputFile {
  partnerId: string;
  /** 1 for the first file of this batch and partner, 2 for the next... */
  index: number;
  interchangeControlNumber: number;
}

/** Where a file's text goes (the CLI and gateway write it to disk, tests collect it). */
export interface FileSink {
  write(text: string): void;
  close(): void;
}

export interface ClaimLocation {
  file: number;
  interchange: number;
  group: number;
  transaction: number;
}

export interface BatchWriterOptions {
  partner: PartnerProfile;
  /** Submitter / receiver / batch id overriding the partner profile's. */
  header?: BatchHeader;
  /** CCYYMMDD and HHMM stamped on ISA, GS and BHT. */
  date: string;
  time: string;
  allocator: ControlNumberAllocator;
  openFile: (file: OutputFile) => FileSink;
  /** Told where each claim went once its transaction set is written (for the ledger). */
  onClaimWritten?: (claim: Claim, where: ClaimLocation) => void;
  delimiters?: Delimiters;
}

export interface WrittenFile extends OutputFile {
  claims: number;
  transactions: number;
  bytes: number;
}

export interface BatchWriter {
  /** Queues a claim; returns the clash when a value holds a delimiter (the claim is then not written). */
  add(claim: Claim): DelimiterClash | undefined;
  /** Writes what is queued and closes the last file. */
  end(): WrittenFile[];
}

export function createBatchWriter(options: BatchWriterOptions): BatchWriter {
  const { partner, allocator, date, time } = options;
  const delimiters = options.delimiters ?? DEFAULT_DELIMITERS;
  const limits = partner.limits;
  const submitter = options.header?.submitter ?? partner.submitter;
  const receiver = options.header?.receiver ?? partner.receiver;
  const lineEnding = partner.lineEnding ?? '';
  const heldOptions = { delimiters, lineEnding, keepClaims: !!options.onClaimWritten };
  const hold = () => createHeldTransaction(heldOptions);
  const queues: Record<ClaimKind, HeldTransaction> = { professional: hold(), institutional: hold(), dental: hold() };
  const files: WrittenFile[] = [];
  /** Checks and formats each claim in one pass (claim-text.ts); undefined for delimiters it cannot serve. */
  const textWriter = claimTextWriter(delimiters, lineEnding);

  let file: { info: WrittenFile; sink: FileSink; writer: X12Writer; emit: (text: string) => void } | undefined;
  let group: { kind: ClaimKind; controlNumber: number } | undefined;
  /** Claims in the current file, queued ones included. */
  let claimsInFile = 0;

  function openFile() {
    const interchangeControlNumber = allocator.interchange(partner.id);
    const info: WrittenFile = { partnerId: partner.id, index: files.length + 1, interchangeControlNumber, claims: 0, transactions: 0, bytes: 0 };
    const sink = options.openFile(info);
    const emit = (text: string) => {
      info.bytes += text.length;
      sink.write(text);
    };
    const writer = new X12Writer(emit, delimiters, partner.lineEnding);
    writer.startInterchange({ ...partner.isa, controlNumber: interchangeControlNumber, date, time });
    files.push(info);
    return { info, sink, writer, emit };
  }

  function closeFile() {
    if (!file) return;
    if (group) file.writer.endGroup();
    group = undefined;
    file.writer.endInterchange();
    file.sink.close();
    file = undefined;
    claimsInFile = 0;
  }

  function flush(kind: ClaimKind) {
    const claims = queues[kind];
    if (claims.size === 0) return;
    queues[kind] = hold();
    file ??= openFile();
    const w = file.writer;
    if (group?.kind !== kind) {
      if (group) w.endGroup();
      group = { kind, controlNumber: allocator.group(partner.id) };
      w.startGroup({ functionalId: 'HC', senderCode: partner.gs.senderCode, receiverCode: partner.gs.receiverCode, date, time, controlNumber: group.controlNumber, version: KINDS[kind].version });
    }
    const transaction = allocator.transaction(partner.id, group.controlNumber);
    const st02 = String(transaction).padStart(4, '0');
    // ST through the writer (it counts transaction sets for GE01); the body is held text, so its
    // segments are counted here and SE is written with ST + body + SE.
    w.startTransaction('837', st02, KINDS[kind].version);
    const prefix = options.header?.batchId ? `${options.header.batchId}-` : '';
    const header = { reference: `${prefix}${file.info.interchangeControlNumber}-${group.controlNumber}-${st02}`, date, time, submitter, receiver };
    const body = writeHeldBody(file.emit, claims, header, { ...heldOptions, maxClaimsPerLevel: KINDS[kind].maxClaimsPerLevel });
    file.emit(formatSegment({ id: 'SE', elements: [String(body + 2), st02] }, delimiters) + delimiters.segment + lineEnding);
    file.info.claims += claims.size;
    file.info.transactions++;
    if (options.onClaimWritten) {
      const where = { file: file.info.index, interchange: file.info.interchangeControlNumber, group: group.controlNumber, transaction };
      for (const c of claims.claims) options.onClaimWritten(c, where);
    }
  }

  const flushAll = () => (Object.keys(queues) as ClaimKind[]).forEach(flush);

  return {
    add(claim) {
      let text: ClaimText | undefined;
      let prepared: PreparedClaim | undefined;
      if (textWriter) {
        const t = textWriter.textOf(claim);
        if (isClash(t)) return t;
        text = t;
      } else {
        prepared = prepareClaim(claim);
        const clash = findDelimiterClash(prepared, delimiters);
        if (clash) return clash;
      }
      if (claimsInFile >= limits.maxClaimsPerFile) {
        flushAll();
        closeFile();
      }
      if (text) queues[claim.kind].addText(text);
      else queues[claim.kind].add(prepared!);
      claimsInFile++;
      if (queues[claim.kind].size >= limits.maxClaimsPerTransaction) flush(claim.kind);
      return undefined;
    },
    end() {
      flushAll();
      closeFile();
      return files;
    },
  };
}
