/** Claims out: the claim model, the scrubber, the 837P/I/D writers and batching, and the 837 reader. */
export * from './model.js';
export * from './partner.js';
export * from './kinds.js';
export * from './intake.js';
export * from './pipeline.js';
export * from './batch-writer.js';
export { EDITS, scrubClaim, blocks, type ScrubOptions } from './scrub/scrub.js';
export type { ScrubFinding, Edit } from './scrub/types.js';
export { npiCheckDigitValid, npiCheckDigit } from './scrub/formats.js';
export { read837, create837Reader, type ReadClaim } from './read/read-837.js';
export { prepareClaim, claimLoopOf } from './write/prepare.js';
