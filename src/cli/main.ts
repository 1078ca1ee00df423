#!/usr/bin/env node
/**
 * x12gw — the gateway's command line. Each command is wired here and lives in commands/.
 * Exit codes: 0 success / valid, 1 the data has problems (invalid file, rejected claims),
 * 2 a file could not be read or is not X12 at all, 3 bad usage or configuration, 70 internal error.
 */
import { Command, CommanderError } from 'commander';
import { validateCommand } from './commands/validate.js';
import { parseCommand } from './commands/parse.js';
import { ackCommand } from './commands/ack.js';

const program = new Command();
program
  .name('x12gw')
  .description('HIPAA X12 5010 gateway: validate, parse and acknowledge X12 files; generate 837 claims; run the gateway.')
  .exitOverride()
  .showHelpAfterError('(run x12gw --help for the commands)');

program
  .command('validate')
  .description('Check X12 files against the 5010 implementation guides (envelopes, loops, segments, elements, codes). Exit 0 valid, 1 invalid, 2 unreadable / not X12.')
  .argument('<files...>', 'X12 files (837P/I/D, 835, 277CA, 276/277, 999, TA1)')
  .option('--json', 'machine-readable report on stdout')
  .action(async (files: string[], opts) => {
    process.exitCode = await validateCommand(files, opts);
  });

program
  .command('parse')
  .description('Print the loop tree of an X12 file as JSON (one record per transaction set), streamed as it is read.')
  .argument('<file>', 'X12 file')
  .option('--ndjson', 'one JSON record per line, claim by claim (flat memory for huge files)')
  .action(async (file: string, opts) => {
    process.exitCode = await parseCommand(file, opts);
  });

program
  .command('ack')
  .description('Write the 999 implementation acknowledgment (and a TA1 when the envelope is bad or ISA14=1) for an X12 file.')
  .argument('<file>', 'X12 file to acknowledge')
  .option('-o, --output <file>', 'write the acknowledgment here instead of stdout')
  .option('--control-number <n>', 'first interchange/group control number to use', '1')
  .option('--date <iso>', 'date and time to stamp (default: now)')
  .action(async (file: string, opts) => {
    process.exitCode = await ackCommand(file, opts);
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 3;
  } else {
    process.stderr.write(`x12gw: internal error: ${(err as Error).message}\n`);
    process.exitCode = 70;
  }
}
