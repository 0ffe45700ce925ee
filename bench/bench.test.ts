// The bench end to end in quick mode with small numbers: the ideal server, our server over a small
// history, and the SIGKILL check. Checks the result JSON is well formed and nothing acknowledged was
// lost — never a timing (the machine may be busy).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runToExit } from '../scripts/lib/processes.js';

const run = (args: string[]) => runToExit(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args]);

const finite = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);

test('npm run bench (quick, small) writes a well-formed result with 0 acknowledged bids lost', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'auction-bench-test-'));
  try {
    const out = path.join(dir, 'result.json');
    const { code, output } = await run([
      '--quick',
      '--duration',
      '1.5',
      '--bidders',
      '12',
      '--items',
      '3',
      '--subs',
      '2',
      '--watchers',
      '1',
      '--history',
      '0,2000',
      '--memory-pairs',
      '1',
      '--out',
      out,
    ]);
    expect({ code, tail: output.slice(-2000) }).toEqual({ code: 0, tail: expect.any(String) });
    const r = JSON.parse(readFileSync(out, 'utf8'));
    expect(r.machine).toEqual(expect.objectContaining({ cpus: expect.any(Number), node: expect.any(String) }));
    expect(
      r.scenarios.map((s: { server: string; history: number; storm: string }) => `${s.server}/${s.history}/${s.storm}`),
    ).toEqual(['ideal/0/plain', 'ours/0/plain', 'ours/0/max', 'ours/2000/plain']);
    // the storm with maxima: maximum bids were answered (more bids recorded than requests), none lost
    const withMaxima = r.scenarios.find((s: { storm: string }) => s.storm === 'max');
    expect(withMaxima.recordedPerRequest).toBeGreaterThan(1);
    expect(finite(r.ratios.maxima.throughput) && finite(r.ratios.maxima.recordedThroughput)).toBe(true);
    for (const s of r.scenarios) {
      for (const k of [
        'acceptedPerS',
        'repliesPerS',
        'serverCpuS',
        'serverPeakRssMb',
        'serverCpuUsPerBid',
        'durationS',
      ])
        expect([k, finite(s[k])]).toEqual([k, true]);
      for (const k of ['p50', 'p99', 'p999']) expect(finite(s.latencyMs[k]) && finite(s.fanoutMs[k])).toBe(true);
      expect(s.accepted).toBeGreaterThan(0);
      expect(s.updates.expected).toBeGreaterThan(0);
      expect(finite(s.updates.received) && finite(s.updates.lostPct)).toBe(true);
      if (s.server === 'ours') {
        expect(finite(s.dbBytes) && finite(s.writesPerS) && finite(s.bidsPerWrite)).toBe(true);
      }
    }
    expect(finite(r.ratios.vsIdeal.throughput) && finite(r.ratios.vsIdeal.p99)).toBe(true);
    expect(finite(r.ratios.historyScaling.throughput)).toBe(true);
    // the fsync'd server against the same build with --memory, one pair
    expect(r.memoryPairs.map((s: { server: string }) => s.server)).toEqual(['ours', 'memory']);
    expect(finite(r.ratios.vsMemory.accepted.median) && finite(r.ratios.vsMemory.cpuPerBid.median)).toBe(true);
    expect(output).toMatch(/fsync\/memory accepted bids\/s = \d+\.\d\d/);
    expect(r.kill).toEqual(
      expect.objectContaining({ lostAcknowledged: 0, storedButRejected: 0, storedNeverSent: 0, ok: true }),
    );
    expect(r.kill.acknowledged).toBeGreaterThan(0);
    expect(r.kill.restoredBids).toBeGreaterThanOrEqual(r.kill.acknowledged);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
