// The command-line layer: flag tables (option/toggle rows), parsing, --help from the table, validators
// built on the protocol's field parsers, and the exit-or-return edge for entry points.
export * from './command-line.js';
export * from './package-info.js';
export * from './run.js';
export * as validate from './validators.js';
