// The wire codec's public surface (PROTOCOL.md): typed messages, field parsers, parse/format,
// TCP line framing and card helpers. Import from here rather than from the individual modules.

export * from './messages.js';
export * from './fields.js';
// Also as a namespace, for call sites where bare names like `name` or `count` would read badly.
export * as fields from './fields.js';
export * from './table.js';
export * from './parse.js';
export * from './format.js';
export * from './line-decoder.js';
export * from './card.js';
export * from './settlement.js';
export * from './increments.js';
