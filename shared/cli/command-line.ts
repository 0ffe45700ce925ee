// The one command-line layer of every entry point (server, TUI, demo, benchmarks). Each entry point
// declares a table of flags (one row per flag: name, value placeholder, help, default, validator, where
// the value goes); this module tokenises with node:util parseArgs, refuses what the table does not
// allow with one error style, and generates --help from the same table. Pure: no process, no output.
import { parseArgs } from 'node:util';
import type { FieldResult } from '../protocol/fields.js';

/** Checks and converts one flag value. The reason follows the flag's name: `--udp-port must be …`. */
export type Validator<T> = (text: string) => FieldResult<T>;

/** One row of a flag table. Build rows with option() and toggle(), which type the value. */
export interface Flag<O> {
  /** Long name without the dashes: 'udp-port' is `--udp-port`. */
  readonly name: string;
  /** Placeholder of the value in --help (`PORT`); absent for a switch, which takes no value. */
  readonly arg?: string;
  /** One sentence for --help; `\n` starts a new line. */
  readonly help: string;
  /** The default as --help shows it (`5000`); absent: none shown. */
  readonly default?: string;
  readonly parse?: Validator<unknown>;
  /** Puts the (validated) value into the options; a switch gets `true`. */
  readonly apply: (options: O, value: unknown) => void;
}

/** A flag that takes a value: `--name VALUE` or `--name=VALUE`. */
export function option<O, T>(row: {
  name: string;
  arg: string;
  help: string;
  default?: string | number;
  parse: Validator<T>;
  apply: (options: O, value: T) => void;
}): Flag<O> {
  return {
    ...row,
    default: row.default === undefined ? undefined : String(row.default),
    apply: row.apply as (options: O, value: unknown) => void,
  };
}

/** A switch: `--name`, no value. */
export function toggle<O>(row: { name: string; help: string; apply: (options: O) => void }): Flag<O> {
  return { name: row.name, help: row.help, apply: (o) => row.apply(o) };
}

export interface CommandSpec<O> {
  /** The command's name as installed (`auction-server`): the prefix of every error line. */
  readonly program: string;
  /** Usage lines after `Usage: ` (the first is the installed command). */
  readonly usage: readonly string[];
  /** What the command does, a short paragraph. */
  readonly summary: string;
  readonly flags: readonly Flag<O>[];
  /** The options before any flag is applied. */
  readonly defaults: () => O;
  /** Rules between flags, once all are read: a message, or null when the combination is fine. */
  readonly check?: (options: O, given: ReadonlySet<string>) => string | null;
  /** Printed after the options in --help. */
  readonly notes?: string;
}

export type CommandLine<O> =
  { kind: 'run'; options: O } | { kind: 'help' } | { kind: 'version' } | { kind: 'error'; message: string };

/** Every command has these two; a table cannot redefine them. */
const BUILTIN = {
  help: { short: 'h', help: 'show this help' },
  version: { short: undefined, help: 'print the version' },
} as const;

export function parseCommandLine<O>(spec: CommandSpec<O>, argv: readonly string[]): CommandLine<O> {
  const rows = new Map(spec.flags.map((f) => [f.name, f]));
  // strict: false, so that unknown flags, positionals and missing values come back as tokens and get
  // our messages instead of parseArgs' own; every flag is `multiple` so a repeated one can be refused.
  const options: Record<string, { type: 'string' | 'boolean'; multiple: true; short?: string }> = {};
  for (const f of spec.flags) options[f.name] = { type: f.arg ? 'string' : 'boolean', multiple: true };
  for (const [name, b] of Object.entries(BUILTIN)) {
    options[name] = { type: 'boolean', multiple: true, ...(b.short ? { short: b.short } : {}) };
  }
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });

  // --help and --version win over any other problem on the line, as in most CLIs.
  for (const t of tokens)
    if (t.kind === 'option' && (t.name === 'help' || t.name === 'version')) return { kind: t.name };

  const o = spec.defaults();
  const given = new Set<string>();
  let afterTerminator = false;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') {
      afterTerminator = true;
      continue;
    }
    if (t.kind === 'positional') {
      return error(
        afterTerminator || !t.value.startsWith('-')
          ? `unexpected argument "${t.value}" (options start with --)`
          : `unknown option ${t.value}`,
      );
    }
    const row = rows.get(t.name);
    if (!row || t.rawName === `-${t.name}`) return error(`unknown option ${t.rawName}`);
    const flag = `--${row.name}`;
    if (given.has(row.name)) return error(`${flag} given twice`);
    given.add(row.name);
    if (!row.arg) {
      if (t.value !== undefined) return error(`${flag} takes no value`);
      row.apply(o, true);
      continue;
    }
    // `--user --spectate`: parseArgs takes the next word as the value; a word that looks like a flag
    // is far more likely a forgotten value than a value starting with a dash (`--user=-x` still works).
    // A negative number is a value, for its validator to judge.
    const value = t.value;
    if (value === undefined || value === '' || (!t.inlineValue && /^-[^\d.]/.test(value))) {
      return error(`${flag} needs a value (${row.arg})`);
    }
    const parsed = row.parse ? row.parse(value) : { ok: true as const, value };
    if (!parsed.ok) return error(`${flag} ${parsed.reason} (got "${value}")`);
    row.apply(o, parsed.value);
  }
  const problem = spec.check?.(o, given) ?? null;
  return problem === null ? { kind: 'run', options: o } : error(problem);
}

function error(message: string): { kind: 'error'; message: string } {
  return { kind: 'error', message };
}

/** The line after an error: where to look (the first usage line's command, with --help). */
export function helpHint<O>(spec: CommandSpec<O>): string {
  return `Try "${spec.usage[0].replace(/\s*\[options\]$/, '')} --help" for the options.`;
}

const WIDTH = 100;

/** --help, generated from the table. `links` are extra lines at the end (e.g. the protocol's docs). */
export function helpText<O>(spec: CommandSpec<O>, links: readonly string[] = []): string {
  const rows: Array<[string, string]> = spec.flags.map((f) => [
    `--${f.name}${f.arg ? ` ${f.arg}` : ''}`,
    f.default === undefined ? f.help : `${f.help} (default ${f.default})`,
  ]);
  rows.push(['-h, --help', BUILTIN.help.help], ['--version', BUILTIN.version.help]);
  const col = Math.min(28, Math.max(...rows.map(([l]) => l.length)) + 2);
  const lines = [`Usage: ${spec.usage[0]}`, ...spec.usage.slice(1).map((u) => `       ${u}`), ''];
  lines.push(...wrap(spec.summary, WIDTH), '', 'Options:');
  for (const [left, help] of rows) {
    const body = help.split('\n').flatMap((p) => wrap(p, WIDTH - col - 2));
    if (left.length > col - 2) lines.push(`  ${left}`, ...body.map((b) => `${' '.repeat(col + 2)}${b}`));
    else lines.push(`  ${left.padEnd(col)}${body[0]}`, ...body.slice(1).map((b) => `${' '.repeat(col + 2)}${b}`));
  }
  if (spec.notes) lines.push('', ...spec.notes.split('\n').flatMap((p) => wrap(p, WIDTH)));
  if (links.length) lines.push('', ...links);
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  if (text === '') return [''];
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  out.push(line);
  return out;
}
