/**
 * The shape of the data that describes X12 — checked by zod whenever a map is loaded.
 *
 * Two kinds of files live in `mappings/`:
 *  - `mappings/x12/dictionary.json`: the X12 5010 data dictionary for every segment our guides use
 *    (element data types and lengths, composites, segment syntax notes such as P0304). It is the same
 *    for every guide, so guides do not repeat it.
 *  - `mappings/guides/<id>.json`: one implementation guide each — loops, segments, qualifiers,
 *    usage, repeats and code values, referring to dictionary elements by position.
 */
import { z } from 'zod';
import { mapSchemaSlot } from './map-schema-slot.js';

/** R = required, S = situational, N = not used (guide usage). */
export const GuideUsage = z.enum(['R', 'S', 'N']);
export type GuideUsage = z.infer<typeof GuideUsage>;

/** X12 data element types. N0..N9 are implied-decimal numerics; R is a decimal number. */
export const ElementType = z.enum(['AN', 'ID', 'DT', 'TM', 'R', 'N', 'N0', 'N1', 'N2', 'N3', 'N4', 'B']);
export type ElementType = z.infer<typeof ElementType>;

// ---------------------------------------------------------------------------------------------
// Dictionary
// ---------------------------------------------------------------------------------------------

export const DictionaryElement = z.object({
  name: z.string(),
  type: ElementType,
  min: z.number().int().min(0),
  max: z.number().int().positive(),
  /** The external code source of the element wherever it is used (e.g. 156 → "state-province"), unless a guide says otherwise. */
  codeList: z.string().optional(),
});
export type DictionaryElement = z.infer<typeof DictionaryElement>;

/** One element slot of a segment or composite in the dictionary: a simple element number or a composite id. */
export const DictionarySlot = z.object({
  /** Data element number ("98") or composite id ("C023"). */
  ref: z.string(),
  /** X12 requirement designator: M mandatory, O optional, X relational (see the segment's syntax notes). */
  req: z.enum(['M', 'O', 'X']),
  /** Maximum repetitions of this element (repetition separator); 1 when absent. */
  repeat: z.number().int().positive().optional(),
});
export type DictionarySlot = z.infer<typeof DictionarySlot>;

/** X12 syntax note, e.g. "P0304" (paired), "R0203" (at least one), "C0403" (if first then all others), "E0102" (only one), "L010203" (if first then at least one other). */
export const SyntaxNote = z.string().regex(/^[PRECL](\d\d){2,}$/);

export const DictionaryComposite = z.object({
  name: z.string(),
  components: z.array(DictionarySlot).min(1),
  syntax: z.array(SyntaxNote).optional(),
});
export type DictionaryComposite = z.infer<typeof DictionaryComposite>;

export const DictionarySegment = z.object({
  name: z.string(),
  elements: z.array(DictionarySlot).min(1),
  syntax: z.array(SyntaxNote).optional(),
});
export type DictionarySegment = z.infer<typeof DictionarySegment>;

export const Dictionary = z.object({
  version: z.literal('005010'),
  elements: z.record(z.string().regex(/^\d+$/), DictionaryElement),
  composites: z.record(z.string().regex(/^C\d{3}$/), DictionaryComposite),
  segments: z.record(z.string().regex(/^[A-Z][A-Z0-9]{1,2}$/), DictionarySegment),
});
export type Dictionary = z.infer<typeof Dictionary>;

// ---------------------------------------------------------------------------------------------
// Implementation-guide maps
// ---------------------------------------------------------------------------------------------

/** A component of a composite element as the guide uses it. */
export const ComponentRule = z.object({
  /** 1-based position inside the composite (CLM05-1 → 1). */
  pos: z.number().int().min(1),
  name: z.string().optional(),
  usage: GuideUsage,
  /** The code values the guide allows here (when the guide lists them). */
  codes: z.array(z.string()).optional(),
  /** Name of an external code list in `mappings/codes/` (when the guide points to an external list). */
  codeList: z.string().optional(),
  /**
   * The codes are not checked when another element of the segment (or another component of the same
   * composite) holds one of `values` — e.g. LQ02 holds NCPDP reject codes, not RARCs, when LQ01 is "RX".
   */
  codesUnless: z.object({ element: z.number().int().min(1).optional(), component: z.number().int().min(1).optional(), values: z.array(z.string()).min(1) }).optional(),
  /** Guide restrictions that narrow the dictionary (rare). */
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().positive().optional(),
  note: z.string().optional(),
});
export type ComponentRule = z.infer<typeof ComponentRule>;

/** A data element as the guide uses it. Elements a segment rule does not list are "not used". */
export const ElementRule = ComponentRule.extend({
  /** 1-based position in the segment (NM103 → 3). */
  pos: z.number().int().min(1),
  /** For composite elements: the components the guide uses (unlisted components are not used). */
  components: z.array(ComponentRule).optional(),
  /** Maximum repetitions the guide allows for a repeating element (overrides the dictionary). */
  repeat: z.number().int().positive().optional(),
});
export type ElementRule = z.infer<typeof ElementRule>;

/** Tells apart segments that share an id in the same loop (NM1*85 vs NM1*87): element `element` (and `component`) must hold one of `values`. */
export const Qualifier = z.object({
  element: z.number().int().min(1),
  component: z.number().int().min(1).optional(),
  values: z.array(z.string()).min(1),
});
export type Qualifier = z.infer<typeof Qualifier>;

/** "&gt;1" in a guide means unbounded. */
export const MaxUse = z.union([z.number().int().positive(), z.literal('>1')]);
export type MaxUse = z.infer<typeof MaxUse>;

export const SegmentRule = z.object({
  kind: z.literal('segment'),
  id: z.string().regex(/^[A-Z][A-Z0-9]{1,2}$/),
  /** The guide's name for this use of the segment, e.g. "Billing Provider Name". */
  name: z.string(),
  usage: GuideUsage,
  max: MaxUse,
  qualifier: Qualifier.optional(),
  elements: z.array(ElementRule),
  /** The guide's situational rule in words (what SNIP 4 checks in code refer to). */
  note: z.string().optional(),
});
export type SegmentRule = z.infer<typeof SegmentRule>;

export interface LoopRule {
  kind: 'loop';
  /** Guide loop id, e.g. "2000A", "2010AA", "2300". */
  id: string;
  name: string;
  usage: GuideUsage;
  max: MaxUse;
  /** The first child must be the segment that starts the loop (with its qualifier). */
  children: Array<SegmentRule | LoopRule>;
  note?: string;
}

export const LoopRule: z.ZodType<LoopRule> = z.lazy(() =>
  z.object({
    kind: z.literal('loop'),
    id: z.string().min(1),
    name: z.string(),
    usage: GuideUsage,
    max: MaxUse,
    children: z.array(z.union([SegmentRule, LoopRule])).min(1),
    note: z.string().optional(),
  }),
);

export const GuideMap = z.object({
  /** Short id used in file names and code: "837P", "835", "277CA", "999", "TA1", ... */
  id: z.string(),
  name: z.string(),
  /** ST01 (for TA1, "TA1": it is an interchange-level segment, not a transaction set). */
  transactionSet: z.string(),
  /** GS08 / ST03 implementation convention reference, e.g. "005010X222A1". */
  version: z.string(),
  /** Other GS08 strings that real files send for the same guide (errata, base versions). */
  versionAliases: z.array(z.string()).default([]),
  /** GS01 functional identifier code ("HC" for 837, "HP" for 835, "FA" for 999, "HN" for 277). */
  functionalGroup: z.string(),
  /**
   * The transaction set: ST, then the header segments and loops, then SE — in guide order. Table
   * boundaries (header / detail / summary) are not modelled separately; loops nest as the guide nests
   * them (2000B inside 2000A, 2000C inside 2000B).
   */
  structure: z.array(z.union([SegmentRule, LoopRule])).min(1),
});
export type GuideMap = z.infer<typeof GuideMap>;

// ---------------------------------------------------------------------------------------------
// Code lists (`mappings/codes/<name>.json`)
// ---------------------------------------------------------------------------------------------

export const CodeList = z.object({
  /** File name without extension, e.g. "carc". */
  name: z.string(),
  title: z.string(),
  /** Who maintains the list and as of when the values here were taken. */
  source: z.string(),
  /** Code value → description. */
  codes: z.record(z.string(), z.string()),
  /** Codes the maintainer has retired (still decoded, flagged as retired when seen on new files). */
  retired: z.array(z.string()).optional(),
});
export type CodeList = z.infer<typeof CodeList>;

// load.ts finds the schemas here without importing zod itself (map-schema-slot.ts).
mapSchemaSlot.schemas = { CodeList, Dictionary, GuideMap };
