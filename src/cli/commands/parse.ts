/**
 * `x12gw parse FILE`: the loop tree as JSON, streamed to stdout as each transaction set ends.
 * `--ndjson` streams one record per unit loop (claim, claim payment, claim status) and one per
 * transaction set for the rest, so files of any size parse in flat memory.
 */
import { basename } from 'node:path';
import { X12Reader, isValid, DEFAULT_UNITS, treeToJson } from '../../guides/index.js';
import { readChunks } from '../io.js';

export async function parseCommand(file: string, opts: { ndjson?: boolean }): Promise<number> {
  const out = process.stdout;
  let first = true;
  const write = (text: string) => out.write(text);
  const reader = new X12Reader({
    file: basename(file),
    units: opts.ndjson ? DEFAULT_UNITS : undefined,
    onUnit: opts.ndjson
      ? (unit, path, ctx) => write(JSON.stringify({ type: 'unit', interchange: ctx.interchange.controlNumber, group: ctx.group?.controlNumber, transaction: ctx.transaction.controlNumber, guide: ctx.guide?.map.id, path: path.map((p) => p.id), loop: treeToJson(unit) }) + '\n')
      : undefined,
    onTransaction: (root, ctx) => {
      const record = {
        type: 'transaction',
        interchange: ctx.interchange.controlNumber,
        group: ctx.group?.controlNumber,
        transaction: ctx.transaction.controlNumber,
        transactionSet: ctx.transaction.id,
        guide: ctx.guide?.map.id,
        version: ctx.transaction.version,
        status: ctx.transaction.status,
        findings: ctx.transaction.findings,
        tree: root ? treeToJson(root) : null,
      };
      if (opts.ndjson) write(JSON.stringify(record) + '\n');
      else {
        write((first ? '[\n' : ',\n') + JSON.stringify(record, null, 2));
        first = false;
      }
    },
  });
  for await (const chunk of readChunks(file, `parsing ${basename(file)}`)) reader.push(chunk);
  const report = reader.end();
  if (!opts.ndjson) write(first ? '[]\n' : '\n]\n');
  else {
    const { interchanges, ...rest } = report;
    write(JSON.stringify({ type: 'summary', ...rest, interchanges: interchanges.map(({ groups, ...ic }) => ({ ...ic, groups: groups.map(({ transactions, ...g }) => ({ ...g, transactions: transactions.map(({ findings, ...t }) => ({ ...t, findingCount: findings.length })) })) })) }) + '\n');
  }
  if (report.interchanges.length === 0) return 2;
  return isValid(report) ? 0 : 1;
}
