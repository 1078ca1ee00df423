/**
 * A file's bytes and its readable report. The bytes of an 837 we sent are in the ledger (`files.content`,
 * what a retry sends) and on disk in the spool; a response or a claim batch is on disk where the gateway
 * keeps it (`files.local_path`). Bytes on disk are streamed, never read whole for a download.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { readClaimStatuses } from '../../acks/read-277.js';
import { readAcknowledgments } from '../../acks/read-999.js';
import { acknowledgmentHtml, claimStatusHtml } from '../../acks/report.js';
import type { FileRow } from '../../ledger/schema.js';
import { readRemittances } from '../../remits/read-remittances.js';
import { remittanceHtml } from '../../remits/report.js';

export type FileBytes = { source: 'disk'; path: string; size: number } | { source: 'ledger'; content: Buffer; size: number };

/** Where a file's bytes can be read now, or undefined when neither the ledger nor the disk has them. */
export function locateFileBytes(file: Pick<FileRow, 'local_path' | 'content'>): FileBytes | undefined {
  if (file.content !== null && file.content !== undefined) {
    const content = Buffer.from(file.content, 'utf8');
    return { source: 'ledger', content, size: content.length };
  }
  if (file.local_path && existsSync(file.local_path)) {
    const st = statSync(file.local_path);
    if (st.isFile()) return { source: 'disk', path: file.local_path, size: st.size };
  }
  return undefined;
}

export const openFileBytes = (b: FileBytes): Readable => (b.source === 'disk' ? createReadStream(b.path) : Readable.from([b.content]));

/** Reads the whole file (for the views and reports, which are bounded by MAX_VIEW_BYTES). */
export const readFileBytes = (b: FileBytes): Buffer => (b.source === 'disk' ? readFileSync(b.path) : b.content);

/** Files larger than this are offered for download only (the views would be too long to read anyway). */
export const MAX_VIEW_BYTES = 8 * 1024 * 1024;

/** The content type a download is served with. */
export const contentTypeOf = (kind: string) => (kind === 'batch' ? 'application/json' : kind === 'unknown' ? 'application/octet-stream' : 'application/edi-x12');

/** The kinds with a readable report (835 remittance, 277CA / 277 claim status, 999 / TA1 acknowledgment). */
export const REPORT_KINDS = new Set(['835', '277CA', '277', '999', 'TA1']);

/** The readable HTML report of a response file (the report builders of src/remits and src/acks), or undefined for other kinds. */
export function fileReportHtml(file: Pick<FileRow, 'kind' | 'name'>, bytes: Buffer): string | undefined {
  if (file.kind === '835') return remittanceHtml(readRemittances(bytes, { file: file.name }).remittances, { title: `Remittance report — ${file.name}` });
  if (file.kind === '277CA' || file.kind === '277') return claimStatusHtml(readClaimStatuses(bytes, { file: file.name }).responses, { title: `Claim status report — ${file.name}` });
  if (file.kind === '999' || file.kind === 'TA1') {
    const { acks, ta1 } = readAcknowledgments(bytes, { file: file.name });
    return acknowledgmentHtml(acks, ta1, { title: `Acknowledgment report — ${file.name}` });
  }
  return undefined;
}
