// `npm run build`: the four commands as ESM bundles in dist/, for plain `node` with the production
// dependencies only. esbuild, not tsup: tsup 9 needs Node 22 and we run on Node 20; esbuild is what
// tsup wraps anyway, and it was already here (jest's config loader).
//
//   dist/auction-server.js   server/main.ts
//   dist/auction.js          tui/main.tsx, behind a two-line entry that sets NODE_ENV first
//   dist/auction-demo.js     demo/main.ts (spawns dist/auction.js for its TUI)
//   dist/auction-history.js  server/history-main.ts (past sales from the archive)
//   dist/*-HASH.js           code they share (code splitting), loaded by them
//
// The dependencies (ink, react, lowdb, …) stay external: npm installs them beside the package, and
// React's own index.js picks its production build from NODE_ENV when it is first imported.
import { build, type Plugin } from 'esbuild';
import { chmodSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');

// The TUI's entry: NODE_ENV is settled before anything can import React (a static import of React
// anywhere in the TUI's graph would otherwise load its development build, a third slower per frame).
// The TUI itself is a separate chunk, imported only after this line has run.
const TUI_ENTRY = "process.env.NODE_ENV ??= 'production';\nawait import('./tui/main.tsx');\n";
const tuiEntry: Plugin = {
  name: 'tui-entry',
  setup(b) {
    b.onResolve({ filter: /^tui-entry$/ }, () => ({ path: 'auction', namespace: 'tui-entry' }));
    b.onLoad({ filter: /.*/, namespace: 'tui-entry' }, () => ({ contents: TUI_ENTRY, loader: 'ts', resolveDir: ROOT }));
  },
};

rmSync(DIST, { recursive: true, force: true });

const started = performance.now();
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: [
    { in: 'server/main.ts', out: 'auction-server' },
    { in: 'tui-entry', out: 'auction' },
    { in: 'demo/main.ts', out: 'auction-demo' },
    { in: 'server/history-main.ts', out: 'auction-history' },
  ],
  outdir: DIST,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: '[name]-[hash]',
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'none',
  plugins: [tuiEntry],
  logLevel: 'warning',
  metafile: true,
});
for (const bin of ['auction-server.js', 'auction.js', 'auction-demo.js', 'auction-history.js'])
  chmodSync(path.join(DIST, bin), 0o755);

// The guarantee above holds only if the TUI's entry imports nothing statically (static imports run first).
const early = result.metafile.outputs['dist/auction.js'].imports.filter((i) => i.kind !== 'dynamic-import');
if (early.length) {
  throw new Error(`dist/auction.js must import the TUI dynamically; it has ${early.map((i) => i.path).join(', ')}`);
}

const files = readdirSync(DIST).filter((f) => f.endsWith('.js'));
const bytes = Object.entries(result.metafile.outputs)
  .filter(([f]) => f.endsWith('.js'))
  .reduce((n, [, o]) => n + o.bytes, 0);
process.stdout.write(
  `dist/: ${files.length} files, ${(bytes / 1024).toFixed(0)} kB of JavaScript in ${(performance.now() - started).toFixed(0)} ms\n`,
);
