// End to end, as two users: the real server (temp dir, UDP port 0, --inform-timeout 60) and two real
// TUIs in tmux (a seller and a buyer, each with its own profile). The seller lists an item through the
// listing form, the buyer bids with the keyboard, the auction closes, the server connects to both over
// TCP and both complete checkout by typing into their panes. Then the disk: one transaction with the
// right amounts and last four digits only, and no full card number in the db, its change log, the
// server log or either profile. Lots close when the test moves the server's test clock (and awaits the
// close), never on a wall clock a busy machine can miss; the payment window is 10 minutes for the same reason.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveFiles } from '../../server/store/archive.js';
import { readDurableStateWithHistory } from '../../server/store/log-store.js';
import { tableRow as rowOf } from '../testing/frames.js';
import { ROOT, startServerProcess, TSX, type ServerProcess } from '../../test/support/server.js';
import { describeWithTmux, TmuxSession } from '../../test/support/tmux.js';

const TAG = `${process.pid}-${Date.now()}`;
const SELLER = `checkout-e2e-seller-${TAG}`;
const BUYER = `checkout-e2e-buyer-${TAG}`;
const dir = mkdtempSync(join(tmpdir(), 'checkout-e2e-'));
const dbPath = join(dir, 'db.json');
const logPath = join(dir, 'db.log');
const sellerProfile = join(dir, 'seller-profile.json');
const buyerProfile = join(dir, 'buyer-profile.json');
// Top level, so the dir goes even when the suite is skipped (no tmux).
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BUYER_CARD = '4111111111111111';
const SELLER_CARD = '5555555555554444';
const BUYER_ADDRESS = '12 Buyer Road, Springfield';
const SELLER_ADDRESS = '9 Seller Lane, Shelbyville';
const ITEM = 'e2e-clock';
/** An expiry two years ahead, as MM/YY. */
const EXPIRY = (() => {
  const d = new Date();
  return `${String(d.getMonth() + 1).padStart(2, '0')}${String((d.getFullYear() + 2) % 100).padStart(2, '0')}`;
})();

let server: ServerProcess | null = null;

// tmux session names are global to the machine: unique per run, so two checkouts testing at once never share one.
const terms = new Map([SELLER, BUYER].map((name) => [name, new TmuxSession(`${name}-${process.pid}-${Date.now()}`)]));
const term = (session: string): TmuxSession => terms.get(session)!;
const keys = (session: string, ...k: string[]): void => term(session).keys(...k);
/** Literal text (no key-name lookup). */
const type = (session: string, text: string): void => term(session).type(text);

/** Polls a screen until `predicate` holds (no fixed sleeps); fails with both screens. */
const waitForScreen = (
  session: string,
  predicate: (s: string) => boolean,
  what: string,
  timeoutMs = 45_000,
): Promise<string> =>
  term(session).waitFor(predicate, what, {
    timeoutMs,
    context: () =>
      `Other screen:\n${term(session === SELLER ? BUYER : SELLER).screen()}\nServer output:\n${server?.output() ?? ''}`,
  });

function startTui(session: string, user: string, role: 'buyer' | 'seller', profile: string): void {
  const command = [
    `cd ${ROOT} &&`,
    `${TSX} tui/main.tsx --server ${server!.address.host}:${server!.address.port} --user ${user} --role ${role} --profile ${profile} --inform-timeout 600;`,
    'echo "[tui exited with $?]"; sleep 60',
  ].join(' ');
  term(session).start(command);
}

/** Types the payment details into an open checkout pane (the cursor starts on the card) and sends them. */
async function pay(session: string, card: string, addr: string): Promise<void> {
  type(session, card);
  await waitForScreen(
    session,
    (t) => t.includes(card.replace(/(.{4})(?=.)/g, '$1 ')) && t.includes('✓ Luhn check passes'),
    'the card in groups of four',
  );
  keys(session, 'Tab');
  type(session, EXPIRY);
  await waitForScreen(session, (t) => t.includes(`${EXPIRY.slice(0, 2)}/${EXPIRY.slice(2)}`), 'the expiry');
  keys(session, 'Tab');
  type(session, addr);
  const form = await waitForScreen(session, (t) => t.includes(addr), 'the address');
  expect(form).not.toContain(card); // grouped, never as one run of digits
  if (process.env.CHECKOUT_E2E_CAPTURE_DIR) {
    mkdirSync(process.env.CHECKOUT_E2E_CAPTURE_DIR, { recursive: true });
    writeFileSync(
      join(process.env.CHECKOUT_E2E_CAPTURE_DIR, `${session === BUYER ? 'buyer' : 'seller'}-form.txt`),
      form,
    );
  }
  keys(session, 'Enter');
  await waitForScreen(
    session,
    (t) => t.includes('Details sent') || /COMPLETE|SHIPPING INFO/.test(t),
    'the details sent',
  );
}

describeWithTmux('checkout.e2e')('checkout end to end (real server, two real terminals)', () => {
  beforeAll(async () => {
    server = await startServerProcess(dbPath, ['--quiet', '--events', '--inform-timeout', '600'], { testClock: true });
    startTui(SELLER, 'e2e_seller', 'seller', sellerProfile);
    startTui(BUYER, 'e2e_buyer', 'buyer', buyerProfile);
  }, 120_000);

  afterAll(async () => {
    for (const t of terms.values()) t.kill();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seller lists, buyer bids, both complete checkout in their panes; the sale is on disk, the cards are not', async () => {
    await Promise.all([
      waitForScreen(
        SELLER,
        (t) => t.includes('Logged in as e2e_seller (seller)') && t.includes('online'),
        'the seller logged in',
      ),
      waitForScreen(
        BUYER,
        (t) => t.includes('Logged in as e2e_buyer (buyer)') && t.includes('online'),
        'the buyer logged in',
      ),
    ]);

    // The seller lists through the listing form: l, name, Tab, description, Tab, start price, Tab, duration, Enter.
    await term(SELLER).pressUntil(['l'], (t) => t.includes('List an item'), 'the listing form');
    keys(SELLER, 'C-u'); // an "l" sent again may have reached the name field
    type(SELLER, ITEM);
    keys(SELLER, 'Tab');
    type(SELLER, 'Antique brass mantel clock');
    keys(SELLER, 'Tab');
    type(SELLER, '25');
    keys(SELLER, 'Tab');
    type(SELLER, '600');
    await waitForScreen(
      SELLER,
      (t) => t.includes('Antique brass mantel clock') && /\b600\b/.test(t),
      'the listing typed',
    );
    keys(SELLER, 'Enter');
    await waitForScreen(SELLER, (t) => t.includes(`Listed ${ITEM} at $25.00`), 'the listing accepted');

    // The buyer sees it live (the only row, selected) and bids the minimum with b, Enter.
    await waitForScreen(BUYER, (t) => rowOf(t, ITEM).includes('▶'), 'the listing on the buyer screen');
    keys(BUYER, 'b');
    await waitForScreen(BUYER, (t) => t.includes(`BID ${ITEM}`), 'the bid prompt');
    keys(BUYER, 'Enter');
    await waitForScreen(BUYER, (t) => t.includes(`Bid $25.00 on ${ITEM} accepted`), 'the bid accepted');
    await server!.events.until('bid', (e) => e.item === ITEM);

    // The auction closes (now); the server connects to both over TCP: a pane opens on each screen.
    await server!.advanceClock(600_000);
    await server!.events.until('auction-closed', (e) => e.item === ITEM && e.winner === 'e2e_buyer');
    const [sellerPane, buyerPane] = await Promise.all([
      waitForScreen(
        SELLER,
        (t) => t.includes(`Checkout · ${ITEM}`) && t.includes('left to answer'),
        'the seller checkout pane',
      ),
      waitForScreen(
        BUYER,
        (t) => t.includes(`Checkout · ${ITEM}`) && t.includes('left to answer'),
        'the buyer checkout pane',
      ),
    ]);
    expect(buyerPane).toContain(`You won ${ITEM} for $25.00 · seller e2e_seller`);
    expect(sellerPane).toContain(`You sold ${ITEM} for $25.00 · buyer e2e_buyer`);
    expect(buyerPane).toContain('--inform-timeout 600 s, counted from the INFORM_Req');
    expect(buyerPane).toMatch(/⏱ (10:00|9:[0-5]\d) left to answer/);

    await pay(BUYER, BUYER_CARD, BUYER_ADDRESS);
    await pay(SELLER, SELLER_CARD, SELLER_ADDRESS);

    const buyerDone = await waitForScreen(
      BUYER,
      (t) => t.includes('PURCHASE COMPLETE'),
      'PURCHASE_COMPLETE on the buyer screen',
    );
    const sellerDone = await waitForScreen(
      SELLER,
      (t) => t.includes('SHIPPING INFO'),
      'Shipping_Info on the seller screen',
    );
    expect(buyerDone).toContain(`${ITEM} is yours for $25.00, charged to card •••• 1111.`);
    expect(sellerDone).toContain(`Ship ${ITEM} to e2e_buyer, ${BUYER_ADDRESS}`);
    expect(sellerDone).toContain('Credit to card •••• 4444: $22.50');
    // Shown in groups of four while typed; once sent, only the last four digits.
    const grouped = (card: string) => card.replace(/(.{4})(?=.)/g, '$1 ');
    for (const s of [buyerDone, sellerDone]) {
      expect(s).not.toContain(BUYER_CARD);
      expect(s).not.toContain(SELLER_CARD);
      expect(s).not.toContain(grouped(BUYER_CARD));
      expect(s).not.toContain(grouped(SELLER_CARD));
    }
    if (process.env.CHECKOUT_E2E_CAPTURE_DIR) {
      mkdirSync(process.env.CHECKOUT_E2E_CAPTURE_DIR, { recursive: true });
      writeFileSync(join(process.env.CHECKOUT_E2E_CAPTURE_DIR, 'buyer.txt'), buyerDone);
      writeFileSync(join(process.env.CHECKOUT_E2E_CAPTURE_DIR, 'seller.txt'), sellerDone);
    }

    // On disk: one transaction, buyer charged the final price, seller credited 90%, the house 10%, last four only
    // (live, or already moved with its auction to the history archive, §8).
    const durable = readDurableStateWithHistory(dbPath);
    expect(durable.transactions).toHaveLength(1);
    expect(durable.transactions[0]).toMatchObject({
      item: ITEM,
      buyer: 'e2e_buyer',
      seller: 'e2e_seller',
      chargedCents: 2500,
      creditedCents: 2250,
      commissionCents: 250,
      buyerCardLast4: '1111',
      sellerCardLast4: '4444',
    });

    // No full card number anywhere on disk: db.json, its change log segments, the history archive, the server
    // log, the profiles.
    const files = [
      ...readdirSync(dir)
        .filter((f) => (f.startsWith('db.json') && f !== 'db.json.history') || f === 'db.log')
        .map((f) => join(dir, f)),
      ...archiveFiles(dbPath).map((f) => f.file),
    ];
    expect(files).toEqual(expect.arrayContaining([dbPath, logPath]));
    for (const f of [...files, sellerProfile, buyerProfile]) {
      const text = readFileSync(f, 'utf8');
      expect({ file: f, buyerCard: text.includes(BUYER_CARD), sellerCard: text.includes(SELLER_CARD) }).toEqual({
        file: f,
        buyerCard: false,
        sellerCard: false,
      });
    }
    expect(readFileSync(logPath, 'utf8')).toContain('****1111');
    // The address is remembered in the profile (0600) for next time; the card is not.
    const profile = JSON.parse(readFileSync(buyerProfile, 'utf8')) as {
      accounts: Array<{ name: string; address?: string }>;
    };
    expect(profile.accounts.find((a) => a.name === 'e2e_buyer')?.address).toBe(BUYER_ADDRESS);
    expect(statSync(buyerProfile).mode & 0o777).toBe(0o600);

    // Enter closes each pane; the market is back.
    keys(BUYER, 'Enter');
    keys(SELLER, 'Enter');
    await waitForScreen(
      BUYER,
      (t) => !t.includes(`Checkout · ${ITEM}`) && t.includes('Auctions'),
      'the buyer pane closed',
    );
    await waitForScreen(
      SELLER,
      (t) => !t.includes(`Checkout · ${ITEM}`) && t.includes('Auctions'),
      'the seller pane closed',
    );
  }, 120_000);

  it('NON_OFFER: the seller is told nothing sold, and r relists the item as it was listed', async () => {
    keys(SELLER, 'l');
    await waitForScreen(SELLER, (t) => t.includes('List an item'), 'the listing form');
    type(SELLER, 'e2e-stool');
    keys(SELLER, 'Tab');
    type(SELLER, 'Three-legged milking stool');
    keys(SELLER, 'Tab');
    type(SELLER, '5');
    keys(SELLER, 'Tab');
    type(SELLER, '10m');
    await waitForScreen(
      SELLER,
      (t) => t.includes('Three-legged milking stool') && t.includes('10m'),
      'the listing typed',
    );
    keys(SELLER, 'Enter');
    await waitForScreen(SELLER, (t) => t.includes('Listed e2e-stool at $5.00'), 'the listing accepted');
    // Nobody bids; it closes (now): the server sends NON_OFFER over TCP.
    await server!.events.until('listed', (e) => e.item === 'e2e-stool');
    await server!.advanceClock(600_000);
    const pane = await waitForScreen(
      SELLER,
      (t) => t.includes('e2e-stool closed with no bid: nothing sold'),
      'the NON_OFFER pane',
    );
    expect(pane).toContain('r relists it: LIST_ITEM e2e-stool "Three-legged milking stool" at $5.00 for 600 s');
    if (process.env.CHECKOUT_E2E_CAPTURE_DIR)
      writeFileSync(join(process.env.CHECKOUT_E2E_CAPTURE_DIR, 'seller-non-offer.txt'), pane);
    keys(SELLER, 'r');
    await waitForScreen(SELLER, (t) => t.includes('✓ Relisted e2e-stool'), 'the relist accepted');
    // The first listing (closed, nothing sold) is in the history archive by now, the relisting live (§8).
    const stools = Object.values(readDurableStateWithHistory(dbPath).auctions).filter((a) => a.item === 'e2e-stool');
    expect(stools.map((a) => [a.seller, a.description, a.startCents, a.durationS])).toEqual([
      ['e2e_seller', 'Three-legged milking stool', 500, 600],
      ['e2e_seller', 'Three-legged milking stool', 500, 600],
    ]);
  }, 120_000);
});
