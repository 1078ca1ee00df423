/**
 * The zod schemas of the map files, once src/guides/map-schema.ts has been evaluated in this thread (it
 * fills the slot). load.ts reads maps through them only when a map is not the bytes the manifest vouches
 * for (or trust is off), and imports map-schema.ts (with zod, ~40–110 ms of a thread's start-up) only then:
 * it never imports it statically, so a thread whose maps are all vouched for never loads zod.
 */
import type { z } from 'zod';
import type { CodeList, Dictionary, GuideMap } from './map-schema.js';

export interface MapSchemas {
  CodeList: z.ZodType<CodeList>;
  Dictionary: z.ZodType<Dictionary>;
  GuideMap: z.ZodType<GuideMap>;
}

export const mapSchemaSlot: { schemas?: MapSchemas } = {};
