/**
 * Does a JSON path ("$.lines[*].modifiers", "$.renderingProvider.npi", "$.diagnoses[0]") name a field of
 * the claim model? Walks the zod schema of src/claims/model.ts: a path is real when at least one claim
 * kind (professional, institutional, dental) has it. Pure.
 */
import { z } from 'zod';
import { Claim } from '../claims/model.js';

/** "$.lines[*].drug.ndc" → ["lines", "*", "drug", "ndc"]; undefined when it is not a path of this form. */
export function pathSteps(path: string): string[] | undefined {
  if (!/^\$(\.[A-Za-z][A-Za-z0-9]*|\[(\*|\d+)\])+$/.test(path)) return undefined;
  return path
    .slice(1)
    .split(/[.[\]]+/)
    .filter(Boolean);
}

/** The parts of a zod 4 schema's definition this walk reads. */
interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
}
const defOf = (t: z.ZodType): Def => (t as unknown as { def: Def }).def;

function walk(type: z.ZodType, steps: readonly string[]): boolean {
  const def = defOf(type);
  if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(def.type) && def.innerType) return walk(def.innerType, steps);
  if (def.type === 'pipe' && def.in) return walk(def.in, steps);
  if (def.type === 'union') return (def.options ?? []).some((o) => walk(o, steps));
  if (!steps.length) return true;
  const [step, ...rest] = steps;
  if (def.type === 'array') return (step === '*' || /^\d+$/.test(step)) && def.element !== undefined && walk(def.element, rest);
  if (def.type === 'object') {
    const field = def.shape?.[step];
    return field !== undefined && walk(field, rest);
  }
  return false;
}

export function claimFieldExists(path: string): boolean {
  const steps = pathSteps(path);
  return steps !== undefined && walk(Claim, steps);
}
