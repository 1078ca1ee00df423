/**
 * `x12gw parse FILE`: the loop tree as JSON, streamed to stdout claim by claim (loop-tree-writer.ts).
 * `--ndjson` streams one record per unit loop (claim, claim payment, claim status) and one per
 * transaction set for the rest. Both modes parse files of any size in flat memory: output is written with
 * back-pressure, and a reader that closes the pipe (`| head -1`) ends the job quietly (exit 0).
 */
import { basename } from 'node:path';
import { X12Reader, isValid, DEFAULT_UNITS, treeToJson } from '../../guides/index.js';
import type { TransactionContext } from '../../guides/reader.js';
import { readChunks } from '../io.js';
import { loopTreeWriter } from '../loop-tree-writer.js';
import { openOutput } from '../output.js';

/** Input read 256 KiB at a time: the JSON of one chunk (several times its size) is what may wait in memory. */
const CHUNK = 256 * 1024;

export async function parseCommand(file: string, opts: { ndjson?: boolean }): Promise<number> {
  const out = openOutput();
  const write = (text: string) => out.write(text);
  const tree = opts.ndjson ? undefined : loopTreeWriter(write);
  const head = (ctx: TransactionContext) => ({
    type: 'transaction',
    interchange: ctx.interchange.controlNumber,
    group: ctx.group?.controlNumber,
    transaction: ctx.transaction.controlNumber,
    transactionSet: ctx.transaction.id,
    guide: ctx.guide?.map.id,
    version: ctx.transaction.version,
  });
  const reader = new X12Reader({
    file: basename(file),
    // Units in both modes: the engine never holds more than one claim (payment, status) of a transaction set.
    units: DEFAULT_UNITS,
    onUnit: opts.ndjson
      ? (unit, path, ctx) => write(JSON.stringify({ type: 'unit', interchange: ctx.interchange.controlNumber, group: ctx.group?.controlNumber, transaction: ctx.transaction.controlNumber, guide: ctx.guide?.map.id, path: path.map((p) => p.id), loop: treeToJson(unit) }) + '\n')
      : (unit, path, ctx) => tree!.unit(unit, path, () => head(ctx)),
    onTransaction: (root, ctx) => {
      if (tree) tree.transaction(root, () => head(ctx), { status: ctx.transaction.status, findings: ctx.transaction.findings });
      else write(JSON.stringify({ ...head(ctx), status: ctx.transaction.status, findings: ctx.transaction.findings, tree: root ? treeToJson(root) : null }) + '\n');
    },
  });
  for await (const chunk of readChunks(file, `parsing ${basename(file)}`, { chunkSize: CHUNK })) {
    reader.push(chunk);
    // Back-pressure: never run ahead of the reader of our output (| gzip, | wc, a slow disk).
    await out.ready();
  }
  const report = reader.end();
  if (tree) tree.end();
  else {
    const { interchanges, ...rest } = report;
    write(JSON.stringify({ type: 'summary', ...rest, interchanges: interchanges.map(({ groups, ...ic }) => ({ ...ic, groups: groups.map(({ transactions, ...g }) => ({ ...g, transactions: transactions.map(({ findings, ...t }) => ({ ...t, findingCount: findings.length })) })) })) }) + '\n');
  }
  await out.end();
  if (report.interchanges.length === 0) return 2;
  return isValid(report) ? 0 : 1;
}
