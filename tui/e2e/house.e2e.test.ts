// End to end, issue 18.4: the TUI given two servers (`--server A,B`) moves to the second when the first
// is killed, says so, logs in there and bids there. Two real server processes with their own db stand in
// for a house (the client cannot tell); the real TUI in tmux.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { AuctionClient } from '../../shared/client/auction-client.js';
import { ROOT, spawnServer, tempDb, TSX, type ServerProcess } from '../../test/support/server.js';
import { describeWithTmux, TmuxSession } from '../../test/support/tmux.js';

const TAG = `${process.pid}-${Date.now()}`;
const buyer = new TmuxSession(`house-e2e-${TAG}`);
const cleanups: Array<() => void> = [];
const servers: ServerProcess[] = [];
const sellers: AuctionClient[] = [];
let profileDir = '';

const context = () => servers.map((s, i) => `Server ${i} (last 1500 chars):\n${s.output().slice(-1500)}`).join('\n');
const waitFor = (predicate: (s: string) => boolean, what: string, timeoutMs = 20_000) =>
  buyer.waitFor(predicate, what, { timeoutMs, context, pollMs: 25 });
const header = (s: string) => s.split('\n')[0] ?? '';

describeWithTmux('house.e2e')('issue 18.4: --server A,B (two real servers, real terminal)', () => {
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const { dir, args } = tempDb(cleanups);
      profileDir ||= dir;
      const server = await spawnServer(args);
      servers.push(server);
      // The same lot on both, as a house would have it.
      const seller = await AuctionClient.create({
        server: server.address,
        identity: { name: 'e2e_sam', role: 'seller', secret: 'e2e-sam-secret-0123456789' },
        register: true,
        catalogEveryMs: 0,
      });
      sellers.push(seller);
      const out = await seller.listItem('e2e-lamp', 'A red lamp', 500, 600);
      expect(out.ok && out.reply.type).toBe('ITEM_LISTED');
    }
  }, 60_000);

  afterAll(async () => {
    buyer.kill();
    await Promise.all(sellers.map((s) => s.close()));
    await Promise.all(servers.map((s) => s.stop()));
    cleanups.forEach((c) => c());
  });

  it('the first server killed: the TUI moves to the second, says so, logs in there, and a bid goes through', async () => {
    const [a, b] = servers.map((s) => `127.0.0.1:${s.udpPort}`);
    const profile = join(profileDir, 'buyer.json');
    buyer.start(
      `cd ${ROOT} && ${TSX} tui/main.tsx --server ${a},${b} --user e2e_house --role buyer --profile ${profile}; ` +
        'echo "[tui exited with $?]"; sleep 60',
    );
    await waitFor(
      (t) => header(t).includes(a) && header(t).includes('online') && t.includes('e2e-lamp'),
      'online on the first server',
    );
    await servers[0].kill('SIGKILL');
    const moved = `Moved to ${b} — ${a} did not answer`;
    const s = await waitFor(
      (t) => t.includes(moved) && header(t).includes(b) && header(t).includes('online') && !t.includes('logging in'),
      'moved, online and logged in on the second',
    );
    expect(header(s)).not.toContain(a);
    await servers[1].events.until('bound', (e) => e.name === 'e2e_house');
    buyer.keys('+'); // the minimum bid on the selected lot (the only one)
    await servers[1].events.until('bid', (e) => e.bidder === 'e2e_house' && e.cents === 500);
    await waitFor((t) => /e2e-lamp.*e2e_house/.test(t), 'the bid in the table');
  }, 90_000);
});
