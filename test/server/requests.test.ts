// Every request of PROTOCOL.md §5 against the real server over real UDP: success and each denial.
import { inProcessServer, type InProcessServer } from '../support/server.js';

let t: InProcessServer;
beforeEach(async () => {
  t = await inProcessServer();
});
afterEach(async () => {
  await t.close();
});

describe('REGISTER / LOGIN / DE-REGISTER (§4, §5)', () => {
  test('register binds the name; names are unique case-insensitively', async () => {
    const a = await t.peer();
    const b = await t.peer();
    expect(await a.register(1, 'Alice', 'buyer')).toBe('REGISTERED 1');
    expect(await b.register(1, 'alice', 'seller')).toMatch(/^REGISTER-DENIED 1 Name alice is already taken$/);
  });

  test('register must come from the address it names', async () => {
    const a = await t.peer();
    expect(await a.request(`REGISTER 2 bob buyer 127.0.0.1 ${a.port + 1} 9000 test-secret-0123456789`)).toMatch(
      /^REGISTER-DENIED 2 IP and UDP_Port must be this datagram's source address/,
    );
  });

  test('register with a bad field names the field', async () => {
    const a = await t.peer();
    expect(await a.request(`REGISTER 3 bob auctioneer 127.0.0.1 ${a.port} 9000`)).toMatch(/^REGISTER-DENIED 3 Role /);
    expect(await a.request(`REGISTER 4 b@d buyer 127.0.0.1 ${a.port} 9000`)).toMatch(/^REGISTER-DENIED 4 Name /);
  });

  test('login moves the binding; wrong secret and unknown names are denied', async () => {
    const a = await t.peer();
    await a.register(1, 'carol', 'buyer', 7000, 'carol-secret-0123456789');
    const b = await t.peer();
    // one reason for both (§5), so names cannot be probed
    expect(await b.request(`LOGIN 1 carol wrong-secret-0123456789 127.0.0.1 ${b.port} 7001`)).toBe(
      'LOGIN-DENIED 1 Unknown name or wrong secret',
    );
    expect(await b.request(`LOGIN 2 nobody carol-secret-0123456789 127.0.0.1 ${b.port} 7001`)).toBe(
      'LOGIN-DENIED 2 Unknown name or wrong secret',
    );
    expect(await b.request(`LOGIN 3 CAROL carol-secret-0123456789 127.0.0.1 ${b.port} 7001`)).toBe('LOGGED_IN 3 buyer');
    // the old address lost its binding
    expect(await a.request('SUBSCRIBE 9 anything')).toMatch(/^SUBSCRIPTION-DENIED 9 Not registered/);
  });

  test('an account registered without a secret cannot log in', async () => {
    const a = await t.peer();
    expect(await a.request(`REGISTER 1 course buyer 127.0.0.1 ${a.port} 9000`)).toBe('REGISTERED 1');
    expect(await a.request(`LOGIN 2 course some-secret-0123456789 127.0.0.1 ${a.port} 9000`)).toBe(
      'LOGIN-DENIED 2 Unknown name or wrong secret',
    );
  });

  test('de-register: only your own name, not while selling an open auction or leading one', async () => {
    const s = await t.peer();
    const b = await t.peer();
    await s.register(1, 'sam', 'seller');
    await b.register(1, 'bea', 'buyer');
    expect(await b.request('DE-REGISTER 2 sam')).toBe('DE-REGISTER-DENIED 2 Not your name: this address is bea');
    await s.request('LIST_ITEM 2 clock Old clock 5.00 60');
    expect(await s.request('DE-REGISTER 3 sam')).toBe('DE-REGISTER-DENIED 3 You sell clock, which is still open');
    await b.request('BID 3 clock 5.00');
    expect(await b.request('DE-REGISTER 4 bea')).toBe('DE-REGISTER-DENIED 4 You lead the auction for clock');
    const c = await t.peer();
    await c.register(1, 'cid', 'buyer');
    expect(await c.request('DE-REGISTER 2 cid')).toBe('DE-REGISTERED 2');
    expect(await c.request('SUBSCRIBE 3 clock')).toMatch(/^SUBSCRIPTION-DENIED 3 Not registered/);
    const u = await t.peer();
    expect(await u.request('DE-REGISTER 1 cid')).toMatch(/^DE-REGISTER-DENIED 1 Not registered/);
  });
});

describe('LIST_ITEM, SUBSCRIBE, DE-SUBSCRIBE, CATALOG (§5)', () => {
  test('listing: sellers only, unique among unfinished auctions, fields checked', async () => {
    const s = await t.peer();
    const b = await t.peer();
    await s.register(1, 'sam', 'seller');
    await b.register(1, 'bea', 'buyer');
    const announce = b.next(/^AUCTION_ANNOUNCE \d+ lamp /);
    expect(await s.request('LIST_ITEM 2 lamp A  brass   lamp 12.5 60')).toBe('ITEM_LISTED 2');
    expect(await announce).toMatch(/^AUCTION_ANNOUNCE \d+ lamp A brass lamp 12\.50 60$/);
    expect(await s.request('LIST_ITEM 3 LAMP Another 3 60')).toBe(
      'LIST-DENIED 3 Item_Name LAMP is in use by an unfinished auction',
    );
    expect(await b.request('LIST_ITEM 2 vase Blue 3 60')).toBe('LIST-DENIED 2 Only sellers can list items');
    expect(await s.request('LIST_ITEM 4 vase Blue 3.001 60')).toBe(
      'LIST-DENIED 4 Start_Price must be a positive amount with at most 2 decimals',
    );
    expect(await s.request('LIST_ITEM 5 vase Blue 3 0')).toMatch(/^LIST-DENIED 5 Duration /);
    const u = await t.peer();
    expect(await u.request('LIST_ITEM 1 vase Blue 3 60')).toMatch(/^LIST-DENIED 1 Not registered/);
  });

  test('subscribe answers SUBSCRIBED then the current state; de-subscribe; unknown items denied', async () => {
    const s = await t.peer();
    const b = await t.peer();
    await s.register(1, 'sam', 'seller');
    await b.register(1, 'bea', 'buyer');
    await s.request('LIST_ITEM 2 lamp Brass lamp 12.50 60');
    expect(await b.request('SUBSCRIBE 2 lamp')).toBe('SUBSCRIBED 2');
    expect(await b.next(/^AUCTION_ANNOUNCE \d+ lamp Brass lamp 12\.50 (60|59)$/)).toBeTruthy();
    expect(await b.request('SUBSCRIBE 3 nothing')).toBe('SUBSCRIPTION-DENIED 3 No open auction named nothing');
    expect(await b.request('DE-SUBSCRIBE 4 lamp')).toBe('DE-SUBSCRIBED 4');
    expect(await b.request('DE-SUBSCRIBE 5 lamp')).toBe('DE-SUBSCRIBE-DENIED 5 You are not subscribed to lamp');
  });

  test('catalog lists every open auction with the same RQ#, in name order, for any verified address (a watcher here)', async () => {
    const s = await t.peer();
    await s.register(1, 'sam', 'seller');
    await s.request('LIST_ITEM 2 lamp Brass lamp 12.50 60');
    await s.request('LIST_ITEM 3 desk Oak desk 80 120');
    const anon = await t.peer();
    expect(await anon.request('CATALOG 76')).toBe('CATALOG-DENIED 76 Address not verified: WATCH or LOGIN first');
    const cookie = (await anon.request('WATCH 1')).split(' ')[2];
    expect(await anon.request(`WATCH 2 ${cookie}`)).toMatch(/^WATCHING 2 /);
    const end = anon.next(/^CATALOG_END 77 /);
    anon.send('CATALOG 77');
    expect(await end).toMatch(/^CATALOG_END 77 2 2 - \d+$/);
    expect(anon.received.filter((l) => l.startsWith('CATALOG_ITEM 77 '))).toEqual([
      expect.stringMatching(/^CATALOG_ITEM 77 desk sam 80\.00 0 - 1[12]\d Oak desk$/),
      expect.stringMatching(/^CATALOG_ITEM 77 lamp sam 12\.50 0 - [56]\d Brass lamp$/),
    ]);
  });
});

describe('WATCH (§5 ext)', () => {
  test('challenge, then watching; a watcher receives bid updates without an account', async () => {
    const s = await t.peer();
    const b = await t.peer();
    const w = await t.peer();
    await s.register(1, 'sam', 'seller');
    await b.register(1, 'bea', 'buyer');
    const challenge = await w.request('WATCH 1');
    const m = /^WATCH-CHALLENGE 1 ([A-Za-z0-9_-]+)$/.exec(challenge);
    expect(m).not.toBeNull();
    expect(await w.request('WATCH 2 forged-cookie')).toMatch(/^WATCH-CHALLENGE 2 /);
    expect(await w.request(`WATCH 3 ${m![1]}`)).toBe('WATCHING 3 60');
    await s.request('LIST_ITEM 2 lamp Brass lamp 12.50 60');
    await w.next(/^AUCTION_ANNOUNCE \d+ lamp /);
    expect(await b.request('BID 2 lamp 13')).toBe('BID_ACCEPTED 2');
    expect(await w.next(/^BID_UPDATE /)).toMatch(/^BID_UPDATE \d+ lamp 13\.00 bea (60|59)$/);
  });
});
