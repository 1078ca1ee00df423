/** `x12gw ack FILE [-o OUT]`: validates FILE and writes the 999 (and TA1 when due) that answer it. */
import { writeFileSync } from 'node:fs';
import { buildAcknowledgments } from '../../acks/generate.js';
import { readFile } from './validate.js';
import { isValid } from '../../guides/reader.js';

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
  const acks = buildAcknowledgments(report, {
    date,
    time,
    interchangeControlNumber: (i) => base + i,
    groupControlNumber: (i) => base + i,
    lineEnding: '\n',
  });
  const text = acks.map((a) => (a.ta1 ?? '') + (a.ack999 ?? '')).join('');
  if (!text) {
    process.stderr.write(`${file}: no interchange to acknowledge (not an X12 file?)\n`);
    return 2;
  }
  if (opts.output) writeFileSync(opts.output, text, { mode: 0o600 });
  else process.stdout.write(text);
  for (const a of acks) {
    process.stderr.write(`interchange ${a.interchange}: ${a.ta1 ? `TA1 ${a.ta1Status}` : 'no TA1'}${a.ack999 ? ', 999 written' : ', no 999 (interchange rejected)'}\n`);
  }
  return isValid(report) ? 0 : 1;
}
