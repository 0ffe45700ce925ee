// End to end, issue 19.6: a dead server shows as unreachable within 3 s and the TUI comes back by
// itself when it is back; a sign-up the server did not answer is sent again by itself. Real server
// processes (killed, restarted on the same port and db), the real TUI in tmux.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, spawnServer, TSX, type ServerProcess } from '../../test/support/server.js';
import { describeWithTmux, TmuxSession } from '../../test/support/tmux.js';

const TAG = `${process.pid}-${Date.now()}`;
const buyer = new TmuxSession(`live-e2e-buyer-${TAG}`);
const newcomer = new TmuxSession(`live-e2e-new-${TAG}`);
let dir = '';
let server: ServerProcess | null = null;
let port = 0;

const context = () => `Server output (last 3000 chars):\n${(server?.output() ?? '').slice(-3000)}`;
const waitFor = (t: TmuxSession, predicate: (s: string) => boolean, what: string, timeoutMs = 20_000) =>
  t.waitFor(predicate, what, { timeoutMs, context, pollMs: 25 });
const header = (s: string) => s.split('\n')[0] ?? '';

function startTui(t: TmuxSession, args: string): void {
  t.start(
    `cd ${ROOT} && ${TSX} tui/main.tsx --server 127.0.0.1:${port} ${args}; echo "[tui exited with $?]"; sleep 60`,
  );
}
const serve = () => spawnServer(['--udp-port', String(port), '--db', join(dir, 'db.json')]);

describeWithTmux('liveness.e2e')('issue 19.6: a dead server is seen within 3 s (real server, real terminal)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'live-e2e-'));
    server = await spawnServer(['--udp-port', '0', '--db', join(dir, 'db.json')]);
    port = server.address.port;
  }, 60_000);

  afterAll(async () => {
    buyer.kill();
    newcomer.kill();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a killed server shows as unreachable within 3 s; restarted, the TUI is online again by itself', async () => {
    startTui(buyer, `--user e2e_live --role buyer --profile ${join(dir, 'buyer.json')}`);
    await waitFor(buyer, (t) => header(t).includes('online') && t.includes('Logged in as e2e_live'), 'online');
    const killedAt = Date.now();
    await server!.kill('SIGKILL');
    await waitFor(buyer, (t) => header(t).includes('UNREACHABLE'), 'unreachable', 10_000);
    const seenAfter = Date.now() - killedAt;
    expect(seenAfter).toBeLessThan(3000);
    server = await serve();
    await waitFor(buyer, (t) => header(t).includes('online') && !header(t).includes('UNREACHABLE'), 'online again');
  }, 90_000);

  it('a sign-up the server did not answer is sent again by itself once it answers', async () => {
    const pid = server!.child.pid!;
    startTui(newcomer, `--profile ${join(dir, 'new.json')}`);
    await waitFor(newcomer, (t) => t.includes('Create your account') && header(t).includes('online'), 'the form');
    process.kill(pid, 'SIGSTOP');
    try {
      newcomer.type('e2e_newbie\r');
      await waitFor(newcomer, (t) => t.includes('the server did not answer: registering again'), 'no answer', 30_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const s = await waitFor(
      newcomer,
      (t) => t.includes('e2e_newbie buyer') && header(t).includes('online'),
      'registered',
    );
    expect(s).not.toContain('Create your account');
  }, 90_000);
});
