export * from './finding.js';
export * from './delimiters.js';
export * from './tokenizer.js';
export * from './elements.js';
export * from './envelope-reader.js';
export * from './writer.js';
