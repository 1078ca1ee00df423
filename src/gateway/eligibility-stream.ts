/**
 * A 271 (eligibility answers) read from its chunks, for posting in chunks (src/gateway/inbox.ts, issue 12
 * round 6), one subscriber loop at a time through the collector the whole read uses
 * (src/eligibility/read-271.ts `EligibilityCollector`):
 *  1. `EligibilitySurvey`: the whole file validated first (a file broken at its end is never half
 *     posted); the answers are counted, not kept. Fails exactly when `parseResponse` does.
 *  2. `EligibilityAnswerStream`: the file again (structure only), giving each answer in file order — the
 *     list `parseResponse` gives (test/property/answer-streams.property.test.ts).
 * Pure: the caller pushes the chunks.
 */
import type { EligibilityAnswer } from '../eligibility/model.js';
import { EligibilityCollector } from '../eligibility/read-271.js';
import { X12Reader, type ReadReport } from '../guides/reader.js';
import { QueuedItems } from './item-stream.js';
import { failure, fatal, type ParseFailure } from './read-responses.js';

export class EligibilitySurvey {
  private answers = 0;
  private readonly collector = new EligibilityCollector(() => this.answers++);
  private readonly reader: X12Reader;

  constructor(file: string) {
    this.reader = new X12Reader({ file, units: EligibilityCollector.units, onUnit: (u, p, x) => this.collector.onUnit(u, p, x) });
  }

  push(chunk: Buffer): void {
    this.reader.push(chunk);
  }

  end(): { kind: '271'; report: ReadReport; answers: number } | ParseFailure {
    const report = this.reader.end();
    if (fatal(report) || this.answers === 0) return failure('271', report, '271-UNREADABLE', 'the 271 cannot be read (broken envelope or no subscriber/dependent answer)');
    return { kind: '271', report, answers: this.answers };
  }
}

export class EligibilityAnswerStream extends QueuedItems<EligibilityAnswer> {
  constructor(file: string) {
    super();
    const collector = new EligibilityCollector(this.add);
    this.read(new X12Reader({ file, structureOnly: true, units: EligibilityCollector.units, onUnit: (u, p, x) => collector.onUnit(u, p, x) }));
  }
}
