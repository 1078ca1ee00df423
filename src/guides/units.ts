/**
 * The loop each guide is streamed by: one claim, one claim payment, one claim status at a time. Readers
 * that must hold flat memory on huge files ask the engine for these units instead of whole trees.
 */
export const DEFAULT_UNITS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  '837P': ['2300'],
  '837I': ['2300'],
  '837D': ['2300'],
  '835': ['2100'],
  '277CA': ['2200D'],
  '277': ['2200D', '2200E'],
  '276': ['2200D', '2200E'],
  '999': ['2000'],
});
