/**
 * What the simulated clearinghouse received twice (issue 17, `x12gw demo --instances`): read from its
 * `processed/` folder, where every interchange it took is kept, and a repeat of an interchange it had
 * already seen (same sender and ISA13) is kept as `<name>.duplicate-<sha8>`.
 *
 * A duplicate sent is
 *  - an original claim (CLM05-3 = 1, or none) whose patient control number (CLM01) arrived in two
 *    distinct interchanges — a replacement (7) or void (8) is a deliberate resubmission and not counted;
 *  - an ISA13 reused: a repeat under a seen control number whose bytes differ from the first copy (a
 *    retry of the same file sends the same bytes, and the clearinghouse's duplicate check drops it: that
 *    is the design, not a duplicate).
 * Metadata only: the result holds counts, never a claim's contents.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readX12 } from '../guides/reader.js';
import { flattenTree } from '../guides/tree.js';
import { component, element } from '../x12/elements.js';

export interface SentDuplicates {
  /** Original claims received in more than one interchange. */
  claimsInTwoInterchanges: number;
  /** Control numbers received again with different bytes. */
  reusedControlNumbers: number;
  /** The two together: what `demo --json` reports as `duplicatesSent`. */
  total: number;
}

/** Counts the duplicates in a simulator folder (the `dir` given to createSimulator). */
export function countSentDuplicates(simDir: string): SentDuplicates {
  const processed = join(simDir, 'processed');
  const interchangesOf = new Map<string, Set<string>>();
  let reused = 0;
  for (const name of readdirSync(processed).sort()) {
    const at = name.indexOf('.duplicate-');
    if (at >= 0) {
      if (!readFileSync(join(processed, name)).equals(readFileSync(join(processed, name.slice(0, at))))) reused++;
      continue;
    }
    readX12(readFileSync(join(processed, name)), {
      buildTree: true,
      onTransaction: (root, ctx) => {
        if (!root) return;
        for (const s of flattenTree(root)) {
          if (s.id !== 'CLM') continue;
          const frequency = component(s, 5, 3);
          if (frequency === '7' || frequency === '8') continue;
          const pcn = element(s, 1);
          const seen = interchangesOf.get(pcn) ?? new Set<string>();
          seen.add(ctx.interchange.controlNumber);
          interchangesOf.set(pcn, seen);
        }
      },
    });
  }
  const twice = [...interchangesOf.values()].filter((s) => s.size > 1).length;
  return { claimsInTwoInterchanges: twice, reusedControlNumbers: reused, total: twice + reused };
}
