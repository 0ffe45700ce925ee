// The TUI given the servers of a house (--server A,B): the header names the server in use, and a move
// to the next one is said in the event log and the status line.
import { afterEach, describe, expect, it } from '@jest/globals';
import { cleanup } from 'ink-testing-library';
import { waitForFrame, waitForText } from '../testing/frames.js';
import { renderApp } from '../testing/render-app.js';

afterEach(() => cleanup());

const A = { host: '127.0.0.1', port: 7000 };
const B = { host: '127.0.0.1', port: 7001 };
const header = (frame: string) => frame.split('\n')[0];

describe('several servers', () => {
  it('the header names the server in use; a move is told in the log and the status line', async () => {
    const app = renderApp({ servers: ['127.0.0.1:7000', '127.0.0.1:7001'] });
    app.online();
    let frame = await waitForText(app.lastFrame, 'online');
    expect(header(frame)).toContain('127.0.0.1:7000');

    // As the core does: offline, then the move.
    app.client.emit('connection', { state: 'offline', rttMs: null });
    app.client.emit('server', { server: B, from: A, answered: true });
    const moved = 'Moved to 127.0.0.1:7001 — 127.0.0.1:7000 did not answer';
    frame = await waitForFrame(app.lastFrame, (f) => f.split(moved).length === 3, 'the move in the log and status');
    expect(header(frame)).toContain('127.0.0.1:7001');
    expect(header(frame)).not.toContain('127.0.0.1:7000');
    // The move says which server did not answer: no second line saying so.
    expect(frame).not.toContain('does not answer; retrying');

    app.online();
    frame = await waitForText(app.lastFrame, 'Server 127.0.0.1:7001 answers');
    expect(header(frame)).toContain('● online');
  });

  it('going round servers none of which answers: the status line follows, the log is not flooded', async () => {
    const app = renderApp({ servers: ['127.0.0.1:7000', '127.0.0.1:7001'] });
    app.client.emit('connection', { state: 'offline', rttMs: null });
    app.client.emit('server', { server: B, from: A, answered: false });
    let frame = await waitForText(app.lastFrame, 'Trying 127.0.0.1:7001 — 127.0.0.1:7000 does not answer');
    expect(header(frame)).toContain('127.0.0.1:7001');
    // Not "unreachable": the house may be electing a leader; the client moves on.
    expect(header(frame)).toMatch(/✖ NO ANSWER · (next|trying the next) server/);
    app.client.emit('server', { server: A, from: B, answered: false });
    frame = await waitForText(app.lastFrame, 'Trying 127.0.0.1:7000 — 127.0.0.1:7001 does not answer');
    expect(frame.split('Trying ').length).toBe(2); // the status line only
    expect(app.store.getSnapshot().log.filter((e) => e.text.startsWith('Trying'))).toEqual([]);
  });

  it('back online after going round: the status line says which server answers, no stale "Trying"', async () => {
    const app = renderApp({ servers: ['127.0.0.1:7000', '127.0.0.1:7001'] });
    app.online();
    await waitForText(app.lastFrame, 'online');
    app.client.emit('connection', { state: 'offline', rttMs: null });
    app.client.emit('server', { server: B, from: A, answered: true });
    app.client.emit('server', { server: A, from: B, answered: false });
    app.client.emit('server', { server: B, from: A, answered: false });
    await waitForText(app.lastFrame, 'Trying 127.0.0.1:7001 — 127.0.0.1:7000 does not answer');
    app.online();
    const frame = await waitForFrame(
      app.lastFrame,
      (f) => f.split('Server 127.0.0.1:7001 answers').length === 3,
      'the answer in the log and the status line',
    );
    expect(frame).not.toContain('Trying ');
    expect(header(frame)).toContain('● online');
  });

  it('one server: as before, the server is named and its silence logged', async () => {
    const app = renderApp();
    app.online();
    await waitForText(app.lastFrame, 'online');
    app.client.emit('connection', { state: 'offline', rttMs: null });
    const frame = await waitForText(app.lastFrame, 'Server 127.0.0.1:5000 does not answer; retrying');
    expect(header(frame)).toContain('127.0.0.1:5000');
  });
});
