/**
 * The CSV exports (claims, worklist, patient balances; pages and /v1): streamed with back-pressure from
 * keyset-paged reads (src/ledger/export-queries.ts) through the workbench's formula-safe CSV writer —
 * complete at any size, one page in memory at a time. The row count is logged when the stream ends.
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { exportBalances, exportClaims, exportWorklist } from '../../ledger/export-queries.js';
import type { ClaimState } from '../../ledger/lifecycle.js';
import type { ClaimSearch, WorklistFilter } from '../../ledger/workbench-queries.js';
import type { WorkbenchContext } from './context.js';
import { BALANCES_HEADER, balanceCells, CLAIMS_HEADER, claimCells, csvPages, WORKLIST_HEADER, worklistCells } from './csv.js';
import { balanceRow, worklistItem } from './views.js';

async function* mapPages<T, U>(pages: AsyncIterable<T[]>, f: (t: T) => U, counted: { rows: number }): AsyncGenerator<U[]> {
  for await (const page of pages) {
    counted.rows += page.length;
    yield page.map(f);
  }
}

export function claimsCsvStream(ctx: WorkbenchContext, f: Omit<ClaimSearch, 'limit' | 'offset'>, counted: { rows: number }) {
  return csvPages(CLAIMS_HEADER, mapPages(exportClaims(ctx.ledger.db, f), (r) => r, counted), claimCells);
}

export function worklistCsvStream(ctx: WorkbenchContext, f: WorklistFilter, counted: { rows: number }) {
  const today = ctx.now().toISOString().slice(0, 10);
  return csvPages(WORKLIST_HEADER, mapPages(exportWorklist(ctx.ledger.db, f), (r) => worklistItem(r, today, ctx), counted), worklistCells);
}

export function balancesCsvStream(ctx: WorkbenchContext, counted: { rows: number }) {
  return csvPages(BALANCES_HEADER, mapPages(exportBalances(ctx.ledger.db), balanceRow, counted), balanceCells);
}

export type ExportKind = 'claims' | 'worklist' | 'balances';

/** Sends an export: attachment headers, no-store, then the stream (the count logged at its end). */
export function sendCsvExport(ctx: WorkbenchContext, reply: FastifyReply, file: string, kind: ExportKind, make: (counted: { rows: number }) => AsyncIterable<string>): FastifyReply {
  const counted = { rows: 0 };
  const started = Date.now();
  async function* logged(): AsyncGenerator<string> {
    let complete = false;
    try {
      yield* make(counted);
      complete = true;
    } finally {
      ctx.log({ event: 'workbench.export', export: kind, rows: counted.rows, complete, ms: Date.now() - started }, complete ? 'export streamed' : 'export stopped before its end');
    }
  }
  return reply
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="${file}"`)
    .type('text/csv; charset=utf-8')
    .send(Readable.from(logged(), { objectMode: false }));
}
