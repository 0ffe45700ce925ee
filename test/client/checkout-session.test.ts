// The TCP side against a real net.Socket playing the auction server at closure (PROTOCOL.md §7).
import net from 'node:net';
import { CheckoutListener } from '../../shared/client/checkout-session.js';
import type { CheckoutConversation } from '../../shared/client/checkout-session.js';
import { waitForCheckoutMessage } from '../../shared/client/bot.js';

const CARD = '4111111111111111'; // Luhn-valid test number
const NOW = Date.UTC(2025, 0, 15); // January 2025: 12/30 is valid, 12/24 has expired

/** The auction server's end of one checkout connection: writes raw chunks, reads lines. */
async function serverSide(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let buffered = '';
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  socket.on('data', (d) => {
    buffered += d.toString('utf8');
    let i: number;
    while ((i = buffered.indexOf('\n')) >= 0) {
      lines.push(buffered.slice(0, i));
      buffered = buffered.slice(i + 1);
      waiters.splice(0).forEach((w) => w());
    }
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    write: (text: string) => new Promise<void>((resolve) => socket.write(text, () => resolve())),
    async nextLine(): Promise<string> {
      while (lines.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
      return lines.shift() as string;
    },
    end: () => socket.end(),
    destroy: () => socket.destroy(),
    closed,
  };
}

describe('CheckoutListener', () => {
  let listener: CheckoutListener | null = null;
  const notices: string[] = [];
  let opened: Array<(s: CheckoutConversation) => void> = [];
  const sessions: CheckoutConversation[] = [];

  beforeEach(async () => {
    notices.length = 0;
    sessions.length = 0;
    opened = [];
    listener = await CheckoutListener.listen({
      host: '127.0.0.1',
      port: 0,
      now: () => NOW,
      onCheckout: (s) => {
        sessions.push(s);
        opened.splice(0).forEach((f) => f(s));
      },
      onNotice: (t) => notices.push(t),
    });
  });
  afterEach(async () => {
    await listener?.close();
    listener = null;
  });

  const nextCheckout = () => new Promise<CheckoutConversation>((resolve) => opened.push(resolve));

  test('WINNER and INFORM_Req split across chunks; inform() writes INFORM_Res echoing the RQ#', async () => {
    const server = await serverSide(listener!.port);
    const checkout = nextCheckout();
    await server.write('WIN');
    await server.write('NER 12 lamp 12.50 sam\nINFORM_R');
    const session = await checkout;
    expect(session.opening).toEqual({ type: 'WINNER', rq: '12', item: 'lamp', finalPrice: 1250, seller: 'sam' });
    expect(session.informReq).toBeNull();

    const informReq = waitForCheckoutMessage(session, 'INFORM_Req');
    await server.write('eq 13 lamp 12.50\r');
    await server.write('\n');
    expect(await informReq).toEqual({ type: 'INFORM_Req', rq: '13', item: 'lamp', finalPrice: 1250 });

    await session.inform({ name: 'bob', card: CARD, expiry: '12/30', address: '1 Main St, Montreal' });
    expect(await server.nextLine()).toBe(`INFORM_Res 13 bob ${CARD} 12/30 1 Main St, Montreal`);

    const done = waitForCheckoutMessage(session, 'PURCHASE_COMPLETE');
    const ended = new Promise((resolve) => session.on('end', resolve));
    await server.write('PURCHASE_COMPLETE 14 lamp 12.50\n');
    expect(await done).toEqual({ type: 'PURCHASE_COMPLETE', rq: '14', item: 'lamp', finalPrice: 1250 });
    server.end();
    expect(await ended).toBe('closed');
    expect(notices).toEqual([]);
  });

  test('inform() called before the INFORM_Req waits for it; a second answer is refused', async () => {
    const server = await serverSide(listener!.port);
    const checkout = nextCheckout();
    await server.write('SOLD 20 lamp 12.50 bob\n');
    const session = await checkout;
    const informed = session.inform({ name: 'sam', card: CARD, expiry: '01/25', address: '2 Side St' });
    await server.write('INFORM_Req 21 lamp 12.50\n');
    await informed;
    expect(await server.nextLine()).toBe(`INFORM_Res 21 sam ${CARD} 01/25 2 Side St`);
    await expect(session.inform({ name: 'sam', card: CARD, expiry: '01/25', address: '2 Side St' })).rejects.toThrow(
      'already answered',
    );
    server.destroy();
  });

  test('details the server would refuse are not sent, and the error never shows the card', async () => {
    const server = await serverSide(listener!.port);
    const checkout = nextCheckout();
    await server.write('WINNER 30 lamp 12.50 sam\nINFORM_Req 31 lamp 12.50\n');
    const session = await checkout;
    const bad = '4111111111111112';
    for (const details of [
      { name: 'bob', card: bad, expiry: '12/30', address: 'x' },
      { name: 'bob', card: CARD, expiry: '12/24', address: 'x' },
      { name: 'bob', card: CARD, expiry: '13/30', address: 'x' },
      { name: 'bob', card: CARD, expiry: '12/30', address: '  ' },
    ]) {
      const err = await session.inform(details).then(
        () => null,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(err!.message).not.toContain(details.card);
    }
    // Nothing was written: the next line we read is the one from a valid answer.
    await session.inform({ name: 'bob', card: CARD, expiry: '12/30', address: 'x' });
    expect(await server.nextLine()).toBe(`INFORM_Res 31 bob ${CARD} 12/30 x`);
    server.destroy();
  });

  test('garbage and oversized lines are skipped with a notice; the conversation goes on', async () => {
    const server = await serverSide(listener!.port);
    const checkout = nextCheckout();
    await server.write('HELLO there\n');
    await server.write('INFORM_Req 40 lamp 12.50\n'); // before any opening
    await server.write(`SOLD 41 ${'x'.repeat(5000)} 1.00 bob\n`);
    await server.write('SOLD 42 lamp 12.50 bob\n');
    const session = await checkout;
    expect(session.opening).toMatchObject({ type: 'SOLD', rq: '42' });
    expect(notices).toHaveLength(3);
    expect(sessions).toHaveLength(1);
    server.destroy();
  });

  test('NON_OFFER then the server closes: the session ends', async () => {
    const server = await serverSide(listener!.port);
    const checkout = nextCheckout();
    await server.write('NON_OFFER 50 lamp\n');
    const session = await checkout;
    const ended = new Promise((resolve) => session.on('end', resolve));
    const informed = session.inform({ name: 'sam', card: CARD, expiry: '12/30', address: 'x' });
    server.end();
    expect(await ended).toBe('closed');
    await expect(informed).rejects.toThrow('closed');
    await server.closed;
  });

  test('close() drops open connections', async () => {
    const server = await serverSide(listener!.port);
    const checkout = nextCheckout();
    await server.write('WINNER 60 lamp 12.50 sam\n');
    const session = await checkout;
    const ended = new Promise((resolve) => session.on('end', resolve));
    await listener!.close();
    listener = null;
    await ended;
    await server.closed;
  });

  test('the server reconnects with only the outcome: the earlier conversation is reopened with it', async () => {
    const first = await serverSide(listener!.port);
    const checkout = nextCheckout();
    await first.write('WINNER 70 lamp 12.50 sam\nINFORM_Req 70 lamp 12.50\n');
    const session = await checkout;
    await session.inform({ name: 'bea', card: CARD, expiry: '12/30', address: '1 Main St' });
    expect(await first.nextLine()).toBe(`INFORM_Res 70 bea ${CARD} 12/30 1 Main St`);
    const ended = new Promise((resolve) => session.on('end', resolve));
    first.destroy();
    await ended;

    const again = await serverSide(listener!.port);
    const reopened = nextCheckout();
    await again.write('PURCHASE_COMPLETE 70 lamp 12.50\n');
    const resumed = await reopened;
    expect(resumed.opening).toEqual(session.opening);
    expect(await waitForCheckoutMessage(resumed, 'PURCHASE_COMPLETE')).toMatchObject({
      item: 'lamp',
      finalPrice: 1250,
    });
    again.end();
    await again.closed;
  });

  test('an outcome for an RQ# this client never saw is reported, not taken as a checkout', async () => {
    const server = await serverSide(listener!.port);
    await server.write('CANCEL 99 Card number fails the Luhn check\n');
    server.end();
    await server.closed;
    expect(sessions).toEqual([]);
    expect(notices.join('\n')).toContain('Ignored CANCEL 99 before WINNER/SOLD/NON_OFFER');
  });
});
