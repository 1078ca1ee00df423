/** One 835 adjustment on the claim page: the knowledge base's explanation and next action (remarks explained inside). */
import { explainDenial } from '../../denials/explain.js';
import { html, type Html } from './layout.js';

export function adjustmentMeaning(group: string, carc: string, remarks: readonly string[]): Html {
  const x = explainDenial(group, carc, remarks);
  return html`${x.explanation} <span class="next-action muted">${x.nextActionText}</span>`;
}
