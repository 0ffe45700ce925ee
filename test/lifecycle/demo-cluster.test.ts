// `npm run demo -- --cluster --no-tui` (issue 18.5): the demo's own house of two servers on a real
// 3-node nats-server cluster, bots spread across both. Bids are accepted; `--kill-after` SIGKILLs the
// leading server and bids are accepted again through the other; SIGINT stops everything, exit 0.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ROOT } from '../../scripts/lib/processes.js';
import { WAIT_MS } from '../../scripts/lib/event-log.js';
import { describeWithNats } from '../support/nats.js';

describeWithNats('demo --cluster')('npm run demo -- --cluster --no-tui', () => {
  let demo: ChildProcessWithoutNullStreams | null = null;
  afterEach(() => {
    if (demo && demo.exitCode === null) demo.kill('SIGKILL');
  });

  test('bids go on through the other server after one is SIGKILLed, and Ctrl-C stops it all', async () => {
    const d = spawn(
      process.execPath,
      ['--import', 'tsx', 'demo/main.ts', '--cluster', '--no-tui', '--kill-after', '2', '--speed', '4', '--seed', '5'],
      { cwd: ROOT, stdio: 'pipe' },
    );
    demo = d;
    const lines: string[] = [];
    let waiter: { re: RegExp; from: number; resolve: (line: string) => void } | null = null;
    let out = '';
    const check = (): void => {
      if (!waiter) return;
      const i = lines.findIndex((l, k) => k >= waiter!.from && waiter!.re.test(l));
      if (i < 0) return;
      const w = waiter;
      waiter = null;
      w.resolve(lines[i]);
    };
    d.stdout.on('data', (b: Buffer) => {
      const parts = (out + b.toString()).split('\n');
      out = parts.pop() ?? '';
      lines.push(...parts);
      check();
    });
    d.stderr.on('data', (b: Buffer) => lines.push(`stderr: ${b.toString()}`));
    /** The first line matching `re` after line `from`, with its index. */
    const line = (re: RegExp, from = 0): Promise<number> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no line ${re} within ${WAIT_MS} ms:\n${lines.join('\n')}`)),
          WAIT_MS,
        );
        waiter = {
          re,
          from,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(lines.indexOf(l, from));
          },
        };
        check();
      });
    const exited = new Promise<number | null>((r) => d.once('exit', (code) => r(code)));

    const house = await line(/^house of 2 servers (\S+:\d+),(\S+:\d+) on NATS /);
    await line(/^\S+ bids \$\d+\.\d\d on /, house);
    const killed = await line(/^SIGKILLed the server on \S+ \(--kill-after 2\); the floor goes on through \S+$/);
    // Several, so that no reply still in flight from the killed server at the kill can pass for them.
    let after = killed;
    for (let n = 0; n < 5; n++) after = await line(/^\S+ bids \$\d+\.\d\d on /, after + 1);
    d.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(lines).toContain('Demo stopped.');
  });
});
