/**
 * SNIP 4 for inbound 837s: the situational rules of the guides that can be decided from the file itself
 * (the "Required when …" notes of mappings/guides/837*.json). Each rule is checked on one 2300 claim loop
 * with the loops above it (`path`: 2000A billing provider, 2000B subscriber, 2000C patient when present).
 * The list, with the note each comes from, is in docs/engine.md ("SNIP levels").
 */
import { childLoop, findSegment, findSegments } from '../../guides/tree.js';
import type { LoopNode } from '../../guides/walker.js';
import type { Finding, Position } from '../../x12/finding.js';
import type { Segment } from '../../x12/tokenizer.js';

const GUIDES = new Set(['837P', '837I', '837D']);

const at = (base: Position, loop: string, seg: Segment, element?: number): Position => ({ ...base, loop, segmentId: seg.id, ...(element !== undefined ? { element } : {}), segmentNumber: seg.number, byteOffset: seg.offset });
const components = (seg: Segment, element: number): string[] => (seg.elements[element] ?? '').split(seg.delimiters.component);
const finding = (code: string, severity: Finding['severity'], message: string, position: Position): Finding => ({ code, severity, snip: 4, message, position });

/** The SNIP 4 findings of one 2300 claim loop. */
export function situationalFindings(guideId: string, claim: LoopNode, path: readonly LoopNode[], base: Position = {}): Finding[] {
  if (!GUIDES.has(guideId)) return [];
  const clm = findSegment(claim, 'CLM');
  if (!clm) return [];
  const out: Finding[] = [];
  const billing = path.find((l) => l.id === '2000A');
  const subscriber = path.find((l) => l.id === '2000B');
  const patient = path.find((l) => l.id === '2000C');
  const sbr = subscriber && findSegment(subscriber, 'SBR');

  // 2000B SBR02 / 2000C: the patient level is used only when the patient is not the subscriber.
  if (sbr) {
    const relationship = sbr.elements[2] ?? '';
    if (patient && relationship === '18') {
      out.push(finding('837-PATIENT-LEVEL-NOT-USED', 'error', 'The subscriber is the patient (SBR02 = 18), so the patient level (2000C) must not be sent; the claim belongs under the subscriber (2000B).', at(base, '2000B', sbr, 2)));
    }
    if (!patient && relationship !== '18') {
      out.push(finding('837-PATIENT-LEVEL-REQUIRED', 'error', 'The subscriber is not the patient (SBR02 is not 18), so the claim must be under a patient level (2000C) naming the patient; it is under the subscriber (2000B). When the subscriber is the patient, send SBR02 = 18.', at(base, '2000B', sbr, 2)));
    }
    // 2010BA N3/N4 and DMG: required when the subscriber is the patient (837P, 837I).
    if (!patient && relationship === '18' && guideId !== '837D') {
      const name = subscriber && childLoop(subscriber, '2010BA');
      const nm1 = name && findSegment(name, 'NM1');
      if (name && nm1) {
        if (!findSegment(name, 'DMG')) out.push(finding('837-SUBSCRIBER-DEMOGRAPHICS', 'error', 'The subscriber is the patient, so the subscriber demographic information (DMG in 2010BA: birth date and gender) is required.', at(base, '2010BA', nm1)));
        if (!findSegment(name, 'N3') || !findSegment(name, 'N4')) out.push(finding('837-SUBSCRIBER-ADDRESS', 'error', 'The subscriber is the patient, so the subscriber address (N3 and N4 in 2010BA) is required.', at(base, '2010BA', nm1)));
      }
    }
  }

  // 2300 REF*F8: required when CLM05-3 is 7 (replacement) or 8 (void).
  const frequency = components(clm, 5)[2] ?? '';
  if ((frequency === '7' || frequency === '8') && !findSegment(claim, 'REF', ['F8'])) {
    out.push(finding('837-PAYER-CLAIM-NUMBER', 'error', `The claim is a ${frequency === '7' ? 'replacement' : 'void'} (CLM05-3 = ${frequency}), so the payer's claim control number of the original claim (REF*F8 in 2300) is required.`, at(base, '2300', clm, 5)));
  }

  if (guideId === '837P') {
    // CLM11: accident state (CLM11-4) when CLM11-1 or -2 is AA; accident date (DTP*439) when AA or OA.
    const causes = findSegment(claim, 'CLM') ? components(clm, 11) : [];
    const related = causes.slice(0, 2);
    if (related.includes('AA') && !(causes[3] ?? '')) {
      out.push(finding('837-ACCIDENT-STATE', 'error', 'The claim is related to an auto accident (CLM11 = AA), so the state where it happened (CLM11-4) is required.', at(base, '2300', clm, 11)));
    }
    if ((related.includes('AA') || related.includes('OA')) && !findSegment(claim, 'DTP', ['439'])) {
      out.push(finding('837-ACCIDENT-DATE', 'error', 'The claim is related to an accident (CLM11 = AA or OA), so the accident date (DTP*439 in 2300) is required.', at(base, '2300', clm, 11)));
    }
    // 2310B rendering provider: sent only when it differs from the billing provider (2010AA).
    const rendering = childLoop(claim, '2310B');
    const renderingNm1 = rendering && findSegment(rendering, 'NM1');
    const billingName = billing && childLoop(billing, '2010AA');
    const billingNm1 = billingName && findSegment(billingName, 'NM1');
    if (renderingNm1 && billingNm1 && renderingNm1.elements[9] && renderingNm1.elements[9] === billingNm1.elements[9]) {
      out.push(finding('837-RENDERING-SAME-AS-BILLING', 'warning', 'The rendering provider (2310B) has the same identifier as the billing provider (2010AA); the guide sends 2310B only when the rendering provider differs. Leave it out.', at(base, '2310B', renderingNm1, 9)));
    }
  }

  // 2010AB pay-to address: sent only when it differs from the billing provider address.
  const payTo = billing && childLoop(billing, '2010AB');
  const billingName = billing && childLoop(billing, '2010AA');
  if (payTo && billingName) {
    const address = (l: LoopNode) => [...findSegments(l, 'N3'), ...findSegments(l, 'N4')].map((s) => s.elements.slice(1).join('|')).join('/');
    const payToNm1 = findSegment(payTo, 'NM1');
    if (payToNm1 && address(payTo) !== '' && address(payTo) === address(billingName)) {
      out.push(finding('837-PAY-TO-SAME-AS-BILLING', 'warning', 'The pay-to address (2010AB) is the same as the billing provider address (2010AA); the guide sends 2010AB only when the address for payment differs. Leave it out.', at(base, '2010AB', payToNm1)));
    }
  }
  return out;
}
