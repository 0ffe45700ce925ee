// How we were started, so that hints name commands the person has (issue 19.7): the installed bins
// (`auction`, `auction-server`, `auction-demo`, from the package's dist/ bundles) or, from a checkout,
// the npm scripts (`npm start`, `npm run server`, `npm run demo`). The bundles are .js files and the
// source runs as .ts/.tsx through tsx, so the module's own file name tells which.
import { fileURLToPath } from 'node:url';

export type Command = 'server' | 'tui' | 'demo';

const BIN: Record<Command, string> = { server: 'auction-server', tui: 'auction', demo: 'auction-demo' };
const SCRIPT: Record<Command, string> = { server: 'npm run server', tui: 'npm start', demo: 'npm run demo' };

/** Whether a module at this file URL runs from the build (an installed package) rather than the source. */
export function fromBuild(moduleUrl: string): boolean {
  return !/\.tsx?$/.test(fileURLToPath(moduleUrl));
}

/** True when this process runs the installed commands (dist/), false from a checkout's source. */
export const INSTALLED = fromBuild(import.meta.url);

/**
 * The command line that runs `command` with `args`, as this person would type it: `auction-server
 * --udp-port 5000` when installed, `npm run server -- --udp-port 5000` from a checkout.
 */
export function commandLine(command: Command, args = '', installed = INSTALLED): string {
  if (installed) return args ? `${BIN[command]} ${args}` : BIN[command];
  return args ? `${SCRIPT[command]} -- ${args}` : SCRIPT[command];
}
