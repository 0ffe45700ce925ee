// The package's own package.json, found from this module's location: two levels up from the source
// (shared/cli/), one level up from the build (dist/). Read once, when --version or --help asks.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = 'terminal-auction';

let cached: { root: string; version: string } | null = null;

export function packageInfo(): { root: string; version: string } {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === NAME) return (cached = { root: dir, version: pkg.version ?? '0.0.0' });
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`${NAME}: cannot find its package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** Where the wire protocol as this project implements it is documented, for --help. */
export function protocolDocs(): string {
  return path.join(packageInfo().root, 'docs', 'protocol.md');
}
