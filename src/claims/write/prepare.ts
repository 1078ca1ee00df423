/**
 * A claim turned into segments once, when it is added to a batch: its three hierarchy levels (with the
 * keys that group claims sharing them) and its claim loop. Checking here that no value holds a
 * delimiter means a bad claim is refused alone, before any byte of its transaction set is written.
 */
import type { Delimiters } from '../../x12/delimiters.js';
import type { ElementValue } from '../../x12/writer.js';
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

function clashIn(value: ElementValue, chars: string[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return chars.find((c) => value.includes(c));
  const parts = Array.isArray(value) ? value : value.repeat.flat();
  for (const p of parts) {
    const c = p ? chars.find((ch) => p.includes(ch)) : undefined;
    if (c) return c;
  }
  return undefined;
}

/** The first value of a prepared claim that contains one of the interchange's delimiters. */
export function findDelimiterClash(p: PreparedClaim, d: Delimiters): DelimiterClash | undefined {
  const chars = [d.element, d.component, d.segment, d.repetition].filter(Boolean);
  for (const segments of [p.billingProvider, p.subscriber, p.patient, p.claimLoop]) {
    for (const s of segments) {
      for (let i = 0; i < s.elements.length; i++) {
        const character = clashIn(s.elements[i], chars);
        if (character) return { segmentId: s.id, element: i + 1, character };
      }
    }
  }
  return undefined;
}
