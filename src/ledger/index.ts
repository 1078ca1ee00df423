export * from './lifecycle.js';
export * from './schema.js';
export * from './migrations.js';
export * from './db.js';
export * from './posting-types.js';
export * from './outcome.js';
export * from './ledger.js';
