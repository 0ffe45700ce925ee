// README's flag tables, generated from the same flag tables as --help (server/cli.ts, tui/cli-args.ts,
// demo/args.ts). `npm run docs:cli` rewrites them between the `<!-- cli:NAME -->` markers;
// `--check` (part of `npm run lint`) fails when README is behind a table.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import prettier from 'prettier';
import { commandLine, toggle, type CommandSpec, type Flag } from '../shared/cli/index.js';
import { SERVER_CLI } from '../server/cli.js';
import { TUI_CLI } from '../tui/cli-args.js';
import { DEMO_CLI } from '../demo/args.js';
import { HISTORY_CLI } from '../server/history.js';

const README = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'README.md');
const SPECS: ReadonlyArray<CommandSpec<never>> = [
  SERVER_CLI,
  TUI_CLI,
  DEMO_CLI,
  HISTORY_CLI,
] as unknown as CommandSpec<never>[];

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function flagTable(flags: readonly Flag<never>[]): string {
  const rows = flags.map((f) => {
    const flag = `\`--${f.name}${f.arg ? ` ${cell(f.arg)}` : ''}\``;
    const def = f.default === undefined ? '' : `\`${cell(f.default)}\``;
    return `| ${flag} | ${def} | ${cell(f.help)} |`;
  });
  const builtin = '| `-h, --help`, `--version` | | this help, the version |';
  return ['| flag | default | meaning |', '|---|---|---|', ...rows, builtin].join('\n');
}

/** README with each block between its markers replaced; only the blocks change, nothing else is touched. */
async function withTables(readme: string): Promise<string> {
  let out = readme;
  for (const spec of SPECS) {
    const open = `<!-- cli:${spec.program} -->`;
    const close = `<!-- /cli:${spec.program} -->`;
    const a = out.indexOf(open);
    const b = out.indexOf(close);
    if (a < 0 || b < a) throw new Error(`README.md has no ${open} … ${close} block`);
    // Aligned as prettier aligns a markdown table, so the block reads well as plain text too.
    const table = await prettier.format(flagTable(spec.flags), { parser: 'markdown', printWidth: 120 });
    out = `${out.slice(0, a + open.length)}\n\n${table}\n${out.slice(b)}`;
  }
  return out;
}

const current = readFileSync(README, 'utf8');
const next = await withTables(current);
const { check } = commandLine<{ check: boolean }>({
  program: 'docs:cli',
  usage: ['npm run docs:cli -- [options]'],
  summary: "Rewrites README.md's flag tables from the commands' flag tables.",
  defaults: () => ({ check: false }),
  flags: [toggle({ name: 'check', help: 'only check, exit 1 if README is behind', apply: (o) => (o.check = true) })],
});
if (check) {
  if (next !== current) {
    process.stderr.write('README.md flag tables are behind the flag tables: run `npm run docs:cli`\n');
    process.exit(1);
  }
} else if (next !== current) {
  writeFileSync(README, next);
  process.stdout.write('README.md flag tables updated\n');
}
