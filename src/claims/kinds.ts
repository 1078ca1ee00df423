/** The three claim kinds and the implementation guide each is written with. */
import type { ClaimKind } from './model.js';

export interface KindInfo {
  /** Guide map id in mappings/guides. */
  guideId: '837P' | '837I' | '837D';
  /** ST03 / GS08 */
  version: string;
  /** Service lines a claim may carry (2400 repeat). */
  maxLines: number;
  /** Claims under one subscriber (2000B) or patient (2000C) level (2300 repeat); more go under another level. */
  maxClaimsPerLevel: number;
  /** SV101-1 / SV202-1 / SV301-1 and SVD03-1 */
  procedureQualifier: 'HC' | 'AD';
}

export const KINDS: Readonly<Record<ClaimKind, KindInfo>> = Object.freeze({
  professional: { guideId: '837P', version: '005010X222A1', maxLines: 50, maxClaimsPerLevel: 100, procedureQualifier: 'HC' },
  institutional: { guideId: '837I', version: '005010X223A2', maxLines: 999, maxClaimsPerLevel: 100, procedureQualifier: 'HC' },
  dental: { guideId: '837D', version: '005010X224A2', maxLines: 50, maxClaimsPerLevel: 100, procedureQualifier: 'AD' },
});

export function kindOfGuide(guideId: string): ClaimKind | undefined {
  for (const [kind, info] of Object.entries(KINDS)) if (info.guideId === guideId) return kind as ClaimKind;
  return undefined;
}
