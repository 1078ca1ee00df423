/**
 * A correction problem in a biller's words: no codes in brackets, no "see docs/…", and the claim model's
 * schema messages ("Invalid input: expected string, received undefined") said as what to do. Pure.
 */
export interface Problem {
  code: string;
  message: string;
  fix: string;
}

const DOCS = /\s*\(?\b(?:see\s+)?docs\/[\w./-]+\)?/gi;

function schemaText(message: string): { message: string; fix: string } {
  if (/received undefined/.test(message)) return { message: 'This field is required.', fix: 'Fill it in.' };
  if (/expected number|expected int/.test(message)) return { message: 'This must be a number.', fix: 'Enter digits only, like 2.' };
  if (/expected array/.test(message)) return { message: 'This must be a list.', fix: 'Separate the values with commas.' };
  if (/too_small|at least|>=/.test(message)) return { message: 'This is too short or too small.', fix: 'Check the value against the claim.' };
  if (/too_big|at most|<=/.test(message)) return { message: 'This is too long or too large.', fix: 'Check the value against the claim.' };
  return { message: 'This value is not in the form the payer needs.', fix: 'Check it against the claim.' };
}

/** The message and fix to show, in one sentence each. */
export function plainProblem(p: Problem): string {
  const { message, fix } = p.code === 'SCHEMA' ? schemaText(p.message) : { message: p.message, fix: p.fix };
  return `${message.replace(DOCS, '').trim()} ${fix.replace(DOCS, '').replace(/\(\s*\)/g, '').trim()}`.replace(/\s+/g, ' ').replace(/\s+\./g, '.').trim();
}
