/** The claim model as JSON Schema (draft 2020-12), generated from the zod schemas: docs/claim-model.schema.json. */
import { z } from 'zod';
import { BatchHeader, Claim } from './model.js';

export function claimModelJsonSchema(): Record<string, unknown> {
  const claim = z.toJSONSchema(Claim, { io: 'input', unrepresentable: 'any' });
  const header = z.toJSONSchema(BatchHeader, { io: 'input', unrepresentable: 'any' });
  const { $schema, ...claimBody } = claim as Record<string, unknown>;
  delete (header as Record<string, unknown>).$schema;
  return {
    $schema,
    $id: 'https://x12-gateway.example/claim-model.schema.json',
    title: 'x12-gateway claim batch',
    description: 'A batch of claims for x12gw generate: the batch header and its claims (professional, institutional, dental). Amounts are decimal strings, dates ISO YYYY-MM-DD. Generated from src/claims/model.ts; do not edit.',
    type: 'object',
    properties: { ...(header as { properties: object }).properties, claims: { type: 'array', items: { $ref: '#/$defs/Claim' } } },
    required: ['claims'],
    additionalProperties: false,
    $defs: { Claim: claimBody },
  };
}
