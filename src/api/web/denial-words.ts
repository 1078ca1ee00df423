/** One 835 adjustment on the claim page: the knowledge base's explanation and next action (remarks explained inside). */
import { explainDenial } from '../../denials/explain.js';
import { html, type Html } from './layout.js';

export function adjustmentMeaning(group: string, carc: string, remarks: readonly string[]): Html {
  const x = explainDenial(group, carc, remarks);
  return html`${x.explanation} <span class="next-action muted">${x.nextActionText}</span>`;
}

/**
 * The form fields that correct a reason's field: a line's modifiers (an array in the claim model) are
 * edited as its first modifier, offered with the line's procedure code (a bundling or modifier denial is
 * fixed by either); any other field as it is.
 */
export function editableFields(field: string | undefined): string[] {
  if (!field) return [];
  const m = /^(\$\.lines\[\d+\])\.modifiers$/.exec(field);
  return m ? [`${m[1]}.modifiers[0]`, `${m[1]}.procedureCode`] : [field];
}
