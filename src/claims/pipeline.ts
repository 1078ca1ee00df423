/**
 * Claims in, 837 files out, one claim at a time: schema → scrubber → the partner's batch writer.
 * Every claim gets an outcome (accepted or not, with its findings); a bad claim never stops the others.
 * Claims are routed by partner (claim.partnerId, else the batch default): one interchange per partner
 * file. No I/O here: files go to the `openFile` sinks the caller provides.
 */
import { createBatchWriter, type BatchWriter, type BatchWriterOptions, type WrittenFile } from './batch-writer.js';
import { acceptClaim } from './accept-claim.js';
import type { BatchHeader } from './model.js';
import type { PartnerProfile } from './partner.js';
import type { ScrubFinding } from './scrub/types.js';
import { blocks } from './scrub/scrub.js';
import { partnerHint, partnerRuleFindings } from './snip/partner-rules.js';

export interface ClaimSource {
  /** 1-based line of an NDJSON file. */
  line?: number;
  /** 0-based index in a JSON batch's claims array. */
  index?: number;
  /** Where in a translated source the claim came from ("Bundle.entry[0].resource"). */
  path?: string;
}

export interface ClaimOutcome {
  claimId: string;
  source: ClaimSource;
  partnerId?: string;
  accepted: boolean;
  findings: ScrubFinding[];
}

export interface PipelineOptions extends Omit<BatchWriterOptions, 'partner' | 'header'> {
  /** Looks a partner profile up by id (undefined when there is none). */
  partners: (id: string) => PartnerProfile | undefined;
  /** Partner for claims that name none. */
  defaultPartnerId?: string;
  header?: BatchHeader;
  /** Today (ISO) for the scrubber. */
  today: string;
  /** Edit codes to skip. */
  skipEdits?: readonly string[];
}

export interface Pipeline {
  accept(raw: unknown, source: ClaimSource): ClaimOutcome;
  /** Writes everything queued; the files per partner. */
  end(): WrittenFile[];
}

const finding = (claimId: string, code: string, field: string, message: string, fix: string): ScrubFinding => ({ claimId, code, field, message, fix, severity: 'error' });

export function createPipeline(options: PipelineOptions): Pipeline {
  const writers = new Map<string, BatchWriter>();
  const seenClaimIds = new Set<string>();

  function writerFor(partner: PartnerProfile): BatchWriter {
    let w = writers.get(partner.id);
    if (!w) writers.set(partner.id, (w = createBatchWriter({ ...options, partner, header: options.header })));
    return w;
  }

  return {
    accept(raw, source) {
      // SNIP 7: the partner's rules (edits it turned off, fields and codes it requires) for claims to it.
      const hinted = partnerHint(raw, options.defaultPartnerId);
      const rules = hinted ? options.partners(hinted)?.rules : undefined;
      const result = acceptClaim(raw, { today: options.today, seenClaimIds, skip: [...(options.skipEdits ?? []), ...(rules?.skipEdits ?? [])], delimiters: options.delimiters });
      if (result.claim && rules) {
        result.findings.push(...partnerRuleFindings(result.claim, rules, result.claimId, hinted!));
        result.accepted = !blocks(result.findings);
      }
      const outcome: ClaimOutcome = { claimId: result.claimId, source, accepted: false, findings: result.findings };
      const partnerId = result.claim?.partnerId ?? options.defaultPartnerId;
      outcome.partnerId = partnerId;
      if (!result.claim) return outcome;
      const partner = partnerId ? options.partners(partnerId) : undefined;
      if (!partner) {
        outcome.findings.push(
          partnerId
            ? finding(result.claimId, 'PARTNER-UNKNOWN', '$.partnerId', 'No partner profile has this partner id.', 'Use the id of a profile in config/partners (or pass --partner).')
            : finding(result.claimId, 'PARTNER-MISSING', '$.partnerId', 'The claim names no partner and the batch has no default.', 'Set partnerId on the batch or the claim (or pass --partner).'),
        );
        return outcome;
      }
      if (!result.accepted) return outcome;
      const clash = writerFor(partner).add(result.claim);
      if (clash) {
        outcome.findings.push(finding(result.claimId, 'DELIMITER-IN-VALUE', '$', `A value written to ${clash.segmentId}${String(clash.element).padStart(2, '0')} holds the delimiter "${clash.character}".`, `Remove the "${clash.character}" character from the claim.`));
        return outcome;
      }
      outcome.accepted = true;
      return outcome;
    },
    end() {
      const files: WrittenFile[] = [];
      for (const w of writers.values()) files.push(...w.end());
      return files;
    },
  };
}
