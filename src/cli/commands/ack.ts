/**
 * `x12gw ack FILE [-o OUT]`: validates FILE and writes the 999 (and TA1 when due) that answer it. The
 * input is read in chunks (its report keeps a summary per transaction set); the acknowledgments are
 * written segment by segment with back-pressure (src/cli/output.ts): memory stays flat however slow the
 * reader, and `| head -1` ends the command quietly (exit 0, nothing on stderr), like `parse` and `report`.
 */
import { writeAcknowledgments } from '../../acks/generate.js';
import { readFile } from './validate.js';
import { isValid } from '../../guides/reader.js';
import { openOutput, type Output } from '../output.js';

export interface AckCommandOptions {
  output?: string;
  controlNumber?: string;
  date?: string;
}

export async function ackCommand(file: string, opts: AckCommandOptions): Promise<number> {
  const report = await readFile(file);
  const now = opts.date ? new Date(opts.date) : new Date();
  const date = now.toISOString().slice(0, 10).replace(/-/g, '');
  const time = now.toISOString().slice(11, 16).replace(':', '');
  const base = Number(opts.controlNumber ?? '1');
  const options = { date, time, interchangeControlNumber: (i: number) => base + i, groupControlNumber: (i: number) => base + i, lineEnding: '\n' };
  // Nothing is opened (no empty -o file) when no interchange gets an acknowledgment.
  let out: Output | undefined;
  const verdicts: string[] = [];
  for (const step of writeAcknowledgments(report, options, (text) => (out ??= openOutput(opts.output)).write(text))) {
    if (step.kind === 'interchange') verdicts.push(`interchange ${step.interchange}: ${step.ta1Status ? `TA1 ${step.ta1Status}` : 'no TA1'}${step.ack999 ? ', 999 written' : ', no 999 (interchange rejected)'}\n`);
    if (out) await out.ready();
  }
  if (!out) {
    process.stderr.write(`${file}: no interchange to acknowledge (not an X12 file?)\n`);
    return 2;
  }
  await out.end();
  for (const v of verdicts) process.stderr.write(v);
  return isValid(report) ? 0 : 1;
}
