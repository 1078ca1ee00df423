/**
 * Claim-model problems in a biller's words. zod says *what* failed ("unrecognized_keys", "invalid_type");
 * a biller needs to know which field, what is wrong with it and what to do. Every problem of a claim is
 * reported (zod collects them all), each with its JSON path and a fix; an unknown key is named with the
 * nearest known key ("did you mean …") so a typo never silently loses a field.
 *
 * Messages never quote the claim's values (PHI): they name fields, allowed codes and lengths only.
 */
import { z } from 'zod';
import { jsonPath } from './intake.js';
import { BLANK_TEXT_MESSAGE } from './model.js';
import type { ScrubFinding } from './scrub/types.js';

type Issue = z.core.$ZodIssue;

/** Levenshtein distance with adjacent transpositions (optimal string alignment), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/**
 * The known key closest to `key`, when it is close enough to be a likely typo: at most a third of the
 * key's length in edits (and at least 1; case does not count), or a known key it begins (5 letters or more).
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(key, k);
    if (!best || distance < best.distance) best = { key: k, distance };
  }
  if (!best) return undefined;
  if (best.distance <= Math.max(1, Math.floor(key.length / 3))) return best.key;
  // A shortened or lengthened name ("predetermination" for "predeterminationNumber").
  const lower = key.toLowerCase();
  return key.length >= 5 ? known.find((k) => k.toLowerCase().startsWith(lower) || (k.length >= 5 && lower.startsWith(k.toLowerCase()))) : undefined;
}

/** Unwraps optional/default/nullable wrappers down to the schema that holds the shape. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

/** The union member whose literal fields (e.g. `kind`) accept the raw value. */
function unionMember(options: readonly z.ZodType[], raw: unknown): z.ZodType | undefined {
  const record = (raw ?? {}) as Record<string, unknown>;
  return options.find((o) => o instanceof z.ZodObject && Object.entries(o.shape as Record<string, z.ZodType>).every(([k, s]) => !(s instanceof z.ZodLiteral) || s.safeParse(record[k]).success));
}

/** The keys the model knows for the object at `path` of `raw` (empty when the path leads to no object). */
export function knownKeysAt(schema: z.ZodType, raw: unknown, path: readonly PropertyKey[]): string[] {
  let s: z.ZodType | undefined = unwrap(schema);
  let value = raw;
  for (let i = 0; ; i++) {
    if (s instanceof z.ZodDiscriminatedUnion || s instanceof z.ZodUnion) s = unionMember(s.options as z.ZodType[], value);
    if (!s) return [];
    s = unwrap(s);
    if (i === path.length) return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
    const step = path[i];
    if (s instanceof z.ZodObject && typeof step === 'string') s = (s.shape as Record<string, z.ZodType | undefined>)[step];
    else if (s instanceof z.ZodArray && typeof step === 'number') s = s.element as z.ZodType;
    else return [];
    value = (value as Record<PropertyKey, unknown> | undefined)?.[step];
  }
}

export interface ModelFinding {
  code: string;
  field: string;
  message: string;
  fix: string;
}

const words: Record<string, string> = { string: 'text in quotes', number: 'a number', boolean: 'true or false', array: 'a list in [ ]', object: 'a group of fields in { }', int: 'a whole number' };
const listOf = (values: readonly unknown[]): string => values.map((v) => `"${String(v)}"`).join(', ');

/** The value at `path` of `raw` (undefined when the path leads nowhere). */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const step of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[step] : undefined;
  return v;
}

/** Empty, or spaces only. */
const isBlank = (v: unknown): boolean => typeof v === 'string' && !/[^ ]/.test(v);

/** An empty field, or one of spaces only (the same to a biller and to the 837: nothing to write). */
const EMPTY = (field: string, value: unknown): ModelFinding => ({
  code: 'FIELD-EMPTY',
  field,
  message: value === '' ? 'The field is empty.' : 'The field holds only spaces.',
  fix: 'Fill it in, or leave the field out when it does not apply.',
});

function describe(issue: Issue, schema: z.ZodType, raw: unknown): ModelFinding[] {
  const field = jsonPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const known = knownKeysAt(schema, raw, issue.path);
        const guess = closestKey(key, known);
        return {
          code: 'FIELD-UNKNOWN',
          field: jsonPath([...issue.path, key]),
          message: `"${key}" is not a field the claim can carry here, so it would be lost.`,
          fix: guess ? `Did you mean "${guess}"? Rename the field.` : known.length ? `Remove it, or use one of the fields allowed here: ${known.join(', ')}.` : 'Remove it.',
        };
      });
    case 'invalid_type': {
      if (/received undefined/.test(issue.message)) return [{ code: 'FIELD-MISSING', field, message: 'This required field is missing.', fix: `Add it (${words[issue.expected] ?? issue.expected}).` }];
      if (issue.expected === 'string' && /received number/.test(issue.message)) {
        return [{ code: 'FIELD-TYPE', field, message: 'The value is written as a number; it must be text in quotes.', fix: 'Write it in quotes, e.g. "95.50" (amounts are always written as text, never as bare numbers).' }];
      }
      return [{ code: 'FIELD-TYPE', field, message: `The value must be ${words[issue.expected] ?? issue.expected}.`, fix: `Write it as ${words[issue.expected] ?? issue.expected}.` }];
    }
    case 'invalid_value':
      return [{ code: 'FIELD-VALUE', field, message: `The value is not one of the allowed codes (${listOf(issue.values)}).`, fix: `Use one of: ${listOf(issue.values)}.` }];
    case 'invalid_union':
      {
        // A discriminated union names its discriminator and the values it takes (zod adds them to the issue).
        const { discriminator, options } = issue as { discriminator?: unknown; options?: unknown };
        if (typeof discriminator === 'string' && Array.isArray(options)) {
          return [{ code: 'FIELD-VALUE', field, message: `The "${discriminator}" is missing or not one of ${listOf(options)}.`, fix: `Set "${discriminator}" to one of: ${listOf(options)}.` }];
        }
      }
      return [{ code: 'FIELD-VALUE', field, message: 'The value fits none of the forms allowed here.', fix: 'Check the field against the examples in the claim samples.' }];
    case 'too_small':
      if (issue.origin === 'string') {
        if (isBlank(valueAt(raw, issue.path))) return [EMPTY(field, valueAt(raw, issue.path))];
        return [{ code: 'FIELD-TOO-SHORT', field, message: `The value is shorter than the ${String(issue.minimum)} characters the 837 needs.`, fix: `Write it in full (at least ${String(issue.minimum)} characters, as on the card or the provider's record), or leave the field out when it does not apply.` }];
      }
      if (issue.origin === 'array') return [{ code: 'FIELD-MISSING', field, message: `At least ${String(issue.minimum)} entry is needed here.`, fix: 'Add the entry.' }];
      return [{ code: 'FIELD-VALUE', field, message: `The value must be at least ${String(issue.minimum)}.`, fix: `Use ${String(issue.minimum)} or more.` }];
    case 'too_big':
      if (issue.origin === 'string') return [{ code: 'FIELD-TOO-LONG', field, message: `The value is longer than the ${String(issue.maximum)} characters the 837 allows.`, fix: `Shorten it to ${String(issue.maximum)} characters.` }];
      if (issue.origin === 'array') return [{ code: 'FIELD-TOO-MANY', field, message: `There are more than the ${String(issue.maximum)} entries allowed here.`, fix: `Keep at most ${String(issue.maximum)}.` }];
      return [{ code: 'FIELD-VALUE', field, message: `The value must be at most ${String(issue.maximum)}.`, fix: `Use ${String(issue.maximum)} or less.` }];
    case 'invalid_format': {
      if (issue.message === BLANK_TEXT_MESSAGE) return [EMPTY(field, valueAt(raw, issue.path))];
      // Our regexes carry a message in plain words ("a date is written YYYY-MM-DD"); zod's default does not.
      const plain = /^(Invalid|Too)/.test(issue.message) ? undefined : issue.message;
      return [{ code: 'FIELD-FORMAT', field, message: plain ? `The value is not written the right way: ${plain}.` : 'The value is not written the right way.', fix: plain ? `Write it so: ${plain}.` : 'Use letters, digits and dashes only.' }];
    }
    default:
      return [{ code: 'FIELD-VALUE', field, message: 'The value is not allowed here.', fix: 'Check the field against the examples in the claim samples.' }];
  }
}

/** Every problem zod found, in a biller's words, with its path and fix. */
export function modelFindings(schema: z.ZodType, raw: unknown, issues: readonly Issue[], claimId: string): ScrubFinding[] {
  // A blank or empty text field fails both its length and its not-blank check: one FIELD-EMPTY for it.
  const seen = new Set<string>();
  return issues
    .flatMap((issue) => describe(issue, schema, raw))
    .filter((f) => f.code !== 'FIELD-EMPTY' || (!seen.has(f.field) && seen.add(f.field)))
    .map((f) => ({ claimId, ...f, severity: 'error' as const }));
}
