// The side-effect edge of the CLI layer, for entry points: --help and --version print and exit 0, a bad
// command line prints one line `PROGRAM: MESSAGE` and a hint to --help on stderr and exits 2.
import { helpHint, helpText, parseCommandLine, type CommandSpec } from './command-line.js';
import { packageInfo, protocolDocs } from './package-info.js';

/** The exit code of every command-line mistake (as in most Unix tools). */
export const USAGE_EXIT = 2;

/** --help as printed: the table's help plus where the wire protocol is documented. */
export function fullHelp<O>(spec: CommandSpec<O>): string {
  return helpText(spec, [`The wire protocol: ${protocolDocs()}`]);
}

/** Parses process.argv (or `argv`) for `spec`; returns the options or exits. */
export function commandLine<O>(spec: CommandSpec<O>, argv: readonly string[] = process.argv.slice(2)): O {
  const r = parseCommandLine(spec, argv);
  switch (r.kind) {
    case 'run':
      return r.options;
    case 'help':
      process.stdout.write(fullHelp(spec));
      return process.exit(0);
    case 'version':
      process.stdout.write(`${spec.program} ${packageInfo().version}\n`);
      return process.exit(0);
    case 'error':
      return usageError(spec, r.message);
  }
}

/** A command-line mistake found after parsing (e.g. an account missing from the profile): same style, exit 2. */
export function usageError<O>(spec: CommandSpec<O>, message: string): never {
  process.stderr.write(`${spec.program}: ${message}\n${helpHint(spec)}\n`);
  process.exit(USAGE_EXIT);
}

/** A failure that is not the command line's fault (a busy port, a damaged file): one line, exit 1. */
export function fatal(program: string, message: string, code = 1): never {
  process.stderr.write(`${program}: ${message}\n`);
  process.exit(code);
}
