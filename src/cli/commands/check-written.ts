/**
 * `x12gw generate` never calls a file "generated" unless our own validator accepts it: each 837 is
 * validated with the guide maps, and a file with an error finding is deleted and reported as an error
 * with the positions of what failed (codes and positions only, no values).
 *
 * Issue 12: the bytes are validated as they are written (`validateWhileWriting`: the same reader
 * `x12gw validate` uses, fed each chunk the sink writes), not by reading the file again; the verdict is
 * the same as `checkWritten837`'s, which reads a finished file.
 */
import { unlinkSync } from 'node:fs';
import { allFindings, isValid, type ReadReport } from '../../guides/reader.js';
import { describePosition } from '../../x12/finding.js';
import type { OutputFile } from '../../claims/batch-writer.js';
import type { ClaimOutcome } from '../../claims/pipeline.js';
import { fileReader, readFile } from './validate.js';

export interface WrittenCheck {
  /** True when our validator accepts the file. */
  valid: boolean;
  /** When not valid: one outcome naming the file and what failed (the file has been deleted). */
  outcome?: ClaimOutcome;
}

/** Validates one written 837 by reading it; deletes it and describes the failure when it does not pass. */
export async function checkWritten837(path: string, info: OutputFile, claims: number): Promise<WrittenCheck> {
  return writtenVerdict(await readFile(path), path, info, claims);
}

/** Validation of an 837 fed the bytes being written to `path` (positions name `path`'s base name). */
export interface WhileWriting {
  push(bytes: Buffer): void;
  /** The report once every byte has been pushed. */
  end(): ReadReport;
}

export function validateWhileWriting(path: string): WhileWriting {
  const reader = fileReader(path);
  return { push: (bytes) => reader.push(bytes), end: () => reader.end() };
}

/** The check's verdict on a report of the file at `path`; an invalid file is deleted. */
export function writtenVerdict(report: ReadReport, path: string, info: OutputFile, claims: number): WrittenCheck {
  if (isValid(report)) return { valid: true };
  unlinkSync(path);
  const errors = allFindings(report).filter((f) => f.severity === 'error');
  const first = errors
    .slice(0, 3)
    .map((f) => `${describePosition(f.position)} [${f.code}]`)
    .join('; ');
  return {
    valid: false,
    outcome: {
      claimId: '',
      source: {},
      partnerId: info.partnerId,
      accepted: false,
      findings: [
        {
          claimId: '',
          code: 'OUTPUT-INVALID',
          field: '$',
          message: `The 837 written for partner ${info.partnerId} (file ${info.index}, ${claims} claim(s)) fails our own validator with ${errors.length} error(s)${first ? `, first: ${first}` : ''}; it was deleted and its claims were not generated.`,
          fix: 'Nothing was sent. Report it to the gateway maintainers with the batch file; validate a copy with x12gw validate to see every finding.',
          severity: 'error',
        },
      ],
    },
  };
}

