/**
 * A claim turned into segments once, when it is added to a batch: its three hierarchy levels (with the
 * keys that group claims sharing them) and its claim loop. Checking here that no value holds a
 * delimiter means a bad claim is refused alone, before any byte of its transaction set is written.
 */
import type { Delimiters } from '../../x12/delimiters.js';
import type { ElementValue } from '../../x12/writer.js';
import { anyDelimiterOf } from '../delimiter-test.js';
import type { Claim } from '../model.js';
import { dentalClaimLoop } from './dental.js';
import { institutionalClaimLoop } from './institutional.js';
import { billingProviderLevel, patientLevel, subscriberLevel } from './levels.js';
import { professionalClaimLoop } from './professional.js';
import type { Segments } from './segments.js';

export interface PreparedClaim {
  claim: Claim;
  billingProvider: Segments;
  billingProviderKey: string;
  subscriber: Segments;
  subscriberKey: string;
  patient: Segments;
  patientKey: string;
  claimLoop: Segments;
}

export interface DelimiterClash {
  segmentId: string;
  /** 1-based element position */
  element: number;
  character: string;
}

export function claimLoopOf(claim: Claim): Segments {
  switch (claim.kind) {
    case 'professional':
      return professionalClaimLoop(claim);
    case 'institutional':
      return institutionalClaimLoop(claim);
    case 'dental':
      return dentalClaimLoop(claim);
  }
}

export function prepareClaim(claim: Claim): PreparedClaim {
  const billingProvider = billingProviderLevel(claim);
  const subscriber = subscriberLevel(claim);
  const patient = patientLevel(claim);
  return {
    claim,
    billingProvider,
    billingProviderKey: JSON.stringify(billingProvider),
    subscriber,
    subscriberKey: JSON.stringify(subscriber),
    patient,
    patientKey: JSON.stringify(patient),
    claimLoop: claimLoopOf(claim),
  };
}

/** The first of `chars` in `text`; `any` (when there is one) rules most texts out in one scan. */
function clashInText(text: string, chars: string[], any: RegExp | undefined): string | undefined {
  if (any && !any.test(text)) return undefined;
  return chars.find((c) => text.includes(c));
}

export function clashIn(value: ElementValue, chars: string[], any: RegExp | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return clashInText(value, chars, any);
  const parts = Array.isArray(value) ? value : value.repeat.flat();
  for (const p of parts) {
    const c = p ? clashInText(p, chars, any) : undefined;
    if (c) return c;
  }
  return undefined;
}

/** The first value of a prepared claim that contains one of the interchange's delimiters. */
export function findDelimiterClash(p: PreparedClaim, d: Delimiters): DelimiterClash | undefined {
  const chars = [d.element, d.component, d.segment, d.repetition].filter(Boolean);
  const any = anyDelimiterOf(d);
  for (const segments of [p.billingProvider, p.subscriber, p.patient, p.claimLoop]) {
    for (const s of segments) {
      for (let i = 0; i < s.elements.length; i++) {
        const character = clashIn(s.elements[i], chars, any);
        if (character) return { segmentId: s.id, element: i + 1, character };
      }
    }
  }
  return undefined;
}
