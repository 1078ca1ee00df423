import { describe, expect, it } from 'vitest';
import { plainProblem } from '../../../src/api/web/plain-words.js';

describe('correction problems in plain words', () => {
  it('says what to do instead of the schema’s wording, and drops codes and documentation paths', () => {
    const missing = plainProblem({ code: 'SCHEMA', message: 'The claim does not fit the claim model here: Invalid input: expected string, received undefined.', fix: 'Add this required field.' });
    expect(missing).toBe('This field is required. Fill it in.');
    const other = plainProblem({ code: 'SCHEMA', message: 'The claim does not fit the claim model here: Invalid option.', fix: 'Correct the field as the claim model (docs/claim-model.md) describes.' });
    expect(other).not.toMatch(/docs\/|SCHEMA|Invalid input|\[/);
    const scrub = plainProblem({ code: 'NPI-CHECK-DIGIT', message: 'The NPI check digit is wrong (see docs/scrubber.md).', fix: 'Copy the NPI again from the provider’s record.' });
    expect(scrub).toBe('The NPI check digit is wrong. Copy the NPI again from the provider’s record.');
  });
});
