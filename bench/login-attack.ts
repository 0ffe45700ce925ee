// Honest LOGIN latency while another address floods wrong-secret LOGINs (issue 20.3): the server runs
// as a child process (`--limits remote`, the default: loopback, hence this attacker, is not limited);
// the attacker at 127.0.0.71 keeps `--flood` LOGINs in flight (each answered one replaced at once),
// the honest client at 127.0.0.1 logs in at a person's pace (a pause of 50–250 ms between tries).
// Prints the honest LOGINs' successes and median / p90 latency, alone and under the attack, and the
// server's CPU use in each phase (from /proc: on a shared machine a steadier figure than latency).
//   npx tsx bench/login-attack.ts [seconds per phase, default 10] [LOGINs in flight, default 200]
import dgram from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SERVER_ENTRY, spawnListening } from '../scripts/lib/processes.js';

const seconds = Number(process.argv[2] ?? 10);
const inFlight = Number(process.argv[3] ?? 200);
const SECRET = 'honest-secret-0123456789';

async function socket(ip: string): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  s.bind(0, ip);
  await once(s, 'listening');
  return s;
}

/** The process's CPU time so far (user + system, in ms) from /proc/PID/stat; NaN where there is none. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in ticks of 1/100 s
  } catch {
    return NaN;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'login-attack-'));
  const server = await spawnListening(process.execPath, [
    ...SERVER_ENTRY,
    ...['--udp-port', '0', '--db', path.join(dir, 'db.json'), '--quiet'],
  ]);
  const port = server.udpPort;
  try {
    const honest = await socket('127.0.0.1');
    const hp = honest.address().port;
    const waiting = new Map<string, (t: string) => void>();
    honest.on('message', (b) => {
      const t = b.toString();
      waiting.get(t.split(' ')[1])?.(t);
    });
    let rq = 0;
    const request = (text: (q: number) => string): Promise<string> => {
      const q = String(++rq);
      const p = new Promise<string>((resolve) => waiting.set(q, resolve));
      honest.send(text(rq), port, '127.0.0.1');
      return Promise.race([p, sleep(10_000).then(() => 'TIMEOUT')]);
    };
    const reg = await request((q) => `REGISTER ${q} honest buyer 127.0.0.1 ${hp} 9 ${SECRET}`);
    if (!reg.startsWith('REGISTERED')) throw new Error(reg);

    type Phase = { ok: number; tries: number; p50: number; p90: number; cpu: number };
    const phase = async (): Promise<Phase> => {
      const lat: number[] = [];
      let tries = 0;
      const start = performance.now();
      const cpu0 = cpuMs(server.child.pid);
      const until = start + seconds * 1000;
      while (performance.now() < until) {
        tries++;
        const t0 = performance.now();
        const r = await request((q) => `LOGIN ${q} honest ${SECRET} 127.0.0.1 ${hp} 9`);
        if (r.startsWith('LOGGED_IN')) lat.push(performance.now() - t0);
        await sleep(50 + Math.random() * 200);
      }
      const cpu = (cpuMs(server.child.pid) - cpu0) / (performance.now() - start);
      return { ok: lat.length, tries, p50: pct(lat, 50), p90: pct(lat, 90), cpu };
    };
    const alone = await phase();

    const attacker = await socket('127.0.0.71');
    const ap = attacker.address().port;
    let n = 0;
    let stop = false;
    const attack = (): void =>
      attacker.send(`LOGIN ${++n} honest wrong-secret-${n}-0123456789 127.0.0.71 ${ap} 9`, port, '127.0.0.1');
    let answered = 0;
    attacker.on('message', () => {
      answered++;
      if (!stop) attack();
    });
    for (let i = 0; i < inFlight; i++) attack();
    const t0 = performance.now();
    const during = await phase();
    stop = true;
    const attackRate = answered / ((performance.now() - t0) / 1000);
    const fmt = (p: Phase): string =>
      `${p.ok}/${p.tries} LOGGED_IN, median ${p.p50.toFixed(1)} ms, p90 ${p.p90.toFixed(1)} ms,` +
      ` server CPU ${(p.cpu * 100).toFixed(0)}%`;
    process.stdout.write(
      `honest LOGIN alone:                          ${fmt(alone)}\n` +
        `with ${inFlight} wrong LOGINs in flight from 127.0.0.71: ${fmt(during)}` +
        ` (the attacker got ${attackRate.toFixed(0)} replies/s)\n`,
    );
    honest.close();
    attacker.close();
  } finally {
    server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
