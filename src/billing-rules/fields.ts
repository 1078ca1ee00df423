/**
 * The claim fields a biller can correct on the workbench, by JSON path into the claim as the practice
 * sent it (the same paths the scrubber's findings name), and small helpers to read and write them. Pure.
 */

export interface EditableField {
  path: string;
  label: string;
}

/** Fields always offered on the correction form (the flagged ones are added to these). */
export const COMMON_FIELDS: readonly EditableField[] = [
  { path: '$.subscriber.memberId', label: 'Member id (NM109, 2010BA)' },
  { path: '$.subscriber.name.last', label: 'Subscriber last name (NM103)' },
  { path: '$.subscriber.name.first', label: 'Subscriber first name (NM104)' },
  { path: '$.subscriber.birthDate', label: 'Subscriber birth date (DMG02)' },
  { path: '$.billingProvider.npi', label: 'Billing provider NPI (NM109, 2010AA)' },
  { path: '$.payer.id', label: 'Payer id (NM109, 2010BB)' },
  { path: '$.diagnoses[0]', label: 'Principal diagnosis (HI01)' },
  { path: '$.priorAuthorization', label: 'Prior authorization (REF*G1)' },
];

const LABELS = new Map(COMMON_FIELDS.map((f) => [f.path, f.label]));

/** A readable label for any JSON path ("$.lines[1].charge" → "Line 2 charge"). */
export function fieldLabel(path: string): string {
  const known = LABELS.get(path);
  if (known) return known;
  const modifier = /^\$\.lines\[(\d+)\]\.modifiers\[(\d+)\]$/.exec(path);
  if (modifier) return `Line ${Number(modifier[1]) + 1} modifier ${Number(modifier[2]) + 1}`;
  const line = /^\$\.lines\[(\d+)\]\.(\w+)$/.exec(path);
  if (line) return `Line ${Number(line[1]) + 1} ${words(line[2])}`;
  return path
    .replace(/^\$\.?/, '')
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? `#${Number(p) + 1}` : words(p)))
    .join(' › ');
}

const words = (camel: string) => camel.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();

type Key = string | number;

/** "$.lines[2].charge" → ["lines", 2, "charge"]; undefined for anything that is not a plain path. */
export function parsePath(path: string): Key[] | undefined {
  if (!/^\$(\.[A-Za-z_][A-Za-z0-9_]*|\[\d{1,4}\])+$/.test(path)) return undefined;
  const keys: Key[] = [];
  for (const m of path.slice(1).matchAll(/\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)) keys.push(m[1] ?? Number(m[2]));
  return keys;
}

const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export function getPath(value: unknown, path: string): unknown {
  const keys = parsePath(path);
  if (!keys) return undefined;
  let cur: unknown = value;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<Key, unknown>)[k];
  }
  return cur;
}

/** A copy of `value` with `path` set (missing objects created; an empty string removes the field). */
export function setPath<T>(value: T, path: string, next: unknown): T {
  const keys = parsePath(path);
  if (!keys || keys.some((k) => typeof k === 'string' && FORBIDDEN.has(k))) throw new Error('not an editable field path');
  const root = structuredClone(value) as unknown as Record<Key, unknown>;
  let cur: Record<Key, unknown> = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = typeof keys[i + 1] === 'number' ? [] : {};
    cur = cur[k] as Record<Key, unknown>;
  }
  const last = keys[keys.length - 1];
  if (next === '' && !Array.isArray(cur)) delete cur[last];
  else cur[last] = next;
  return root as unknown as T;
}

/** Fields that hold lists, edited as comma-separated text; the pointers are numbers. */
const LIST_FIELD = /\.(modifiers|diagnosisPointers)$/;

/**
 * An edit typed like the field it replaces: a list from comma-separated text ("25, 59" → ["25", "59"];
 * pointers "1,2" → [1, 2]), a number where the claim has a number; text otherwise.
 */
export function typedEdit(path: string, before: unknown, text: string): unknown {
  if (Array.isArray(before) || LIST_FIELD.test(path)) {
    const items = text === '' ? [] : text.split(',').map((x) => x.trim()).filter(Boolean);
    const numeric = /diagnosisPointers$/.test(path) || (Array.isArray(before) && before.length > 0 && before.every((x) => typeof x === 'number'));
    return numeric ? items.map((x) => (/^\d+$/.test(x) ? Number(x) : x)) : items;
  }
  if (typeof before === 'number' && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

/** Whether an edit leaves the field as it was. */
export const sameValue = (before: unknown, after: unknown) => (typeof after === 'string' && !Array.isArray(before) ? String(before ?? '') === after : JSON.stringify(before ?? null) === JSON.stringify(after));

