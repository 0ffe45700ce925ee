import { describe, expect, it } from '@jest/globals';
import { pathToFileURL } from 'node:url';
import { commandLine, fromBuild, INSTALLED } from './invocation.js';

describe('invocation: hints name the commands the person has (issue 19.7)', () => {
  it('the build (dist/*.js) is the installed package; the source (.ts, .tsx) is a checkout', () => {
    expect(fromBuild(pathToFileURL('/usr/lib/node_modules/terminal-auction/dist/main-AB12CD.js').href)).toBe(true);
    expect(fromBuild(pathToFileURL('/work/tui/invocation.ts').href)).toBe(false);
    expect(fromBuild(pathToFileURL('/work/tui/main.tsx').href)).toBe(false);
    expect(INSTALLED).toBe(false); // these tests run the source
  });

  it.each([
    [true, 'server', '--udp-port 5000', 'auction-server --udp-port 5000'],
    [true, 'tui', '--server 127.0.0.1:5000', 'auction --server 127.0.0.1:5000'],
    [true, 'server', '', 'auction-server'],
    [false, 'server', '--udp-port 5000', 'npm run server -- --udp-port 5000'],
    [false, 'tui', '--server 127.0.0.1:5000', 'npm start -- --server 127.0.0.1:5000'],
    [false, 'server', '', 'npm run server'],
  ] as const)('installed %s: %s %j is %j', (installed, command, args, expected) => {
    expect(commandLine(command, args, installed)).toBe(expected);
  });
});
