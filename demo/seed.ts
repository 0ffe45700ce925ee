// What the demo floor is made of: a pool of realistic items (names, descriptions, asking prices,
// appeal), the bot personas (sellers with a specialty, bidders with budgets and tastes), and the plan
// for the opening auctions. Pure: everything random comes from the Random passed in.
import type { Cents } from '../shared/protocol/index.js';
import type { Random } from '../shared/random.js';
import { intBetween, pick, shuffled, type Appeal } from './pacing.js';

export type Category = 'vintage' | 'tech' | 'music' | 'home' | 'outdoor' | 'collectibles';

export interface ItemSpec {
  /** Item_Name: [A-Za-z0-9_.-]{1,32}. */
  name: string;
  /** Free text, 1–200 characters. */
  description: string;
  /** Typical asking price. */
  price: Cents;
  category: Category;
  appeal: Appeal;
}

/** The pool the sellers list from (and relist from, so the floor never empties). */
export const ITEMS: readonly ItemSpec[] = [
  {
    name: 'leica-m3',
    description: 'Leica M3 rangefinder, 1957, double stroke, Summicron 50mm f/2, shutter recently serviced',
    price: 85_000,
    category: 'vintage',
    appeal: 'hot',
  },
  {
    name: 'eames-lounge',
    description: 'Eames lounge chair and ottoman, rosewood veneer, black leather, some patina on the arms',
    price: 240_000,
    category: 'home',
    appeal: 'normal',
  },
  {
    name: 'strat-1978',
    description: 'Fender Stratocaster 1978, sunburst, maple neck, original case, plays beautifully',
    price: 145_000,
    category: 'music',
    appeal: 'hot',
  },
  {
    name: 'ps5-disc',
    description: 'PlayStation 5 disc edition with two controllers, boxed, barely used',
    price: 32_000,
    category: 'tech',
    appeal: 'normal',
  },
  {
    name: 'macbook-air-m2',
    description: 'MacBook Air M2, 16 GB, 512 GB, midnight, battery at 94%, charger included',
    price: 78_000,
    category: 'tech',
    appeal: 'normal',
  },
  {
    name: 'rolex-datejust',
    description: 'Rolex Datejust 36 ref. 16234, 1991, papers, serviced 2023',
    price: 480_000,
    category: 'vintage',
    appeal: 'hot',
  },
  {
    name: 'lego-falcon-75192',
    description: 'LEGO Millennium Falcon UCS 75192, sealed box, minor shelf wear',
    price: 62_000,
    category: 'collectibles',
    appeal: 'hot',
  },
  {
    name: 'kitchenaid-mixer',
    description: 'KitchenAid Artisan stand mixer, empire red, 5 qt, with dough hook and whisk',
    price: 18_000,
    category: 'home',
    appeal: 'normal',
  },
  {
    name: 'vinyl-kind-of-blue',
    description: 'Miles Davis - Kind of Blue, 1959 Columbia six-eye mono pressing, VG+',
    price: 22_000,
    category: 'music',
    appeal: 'hot',
  },
  {
    name: 'brompton-m6l',
    description: 'Brompton M6L folding bike, racing green, 6 speeds, front bag included',
    price: 95_000,
    category: 'outdoor',
    appeal: 'normal',
  },
  {
    name: 'pokemon-charizard',
    description: 'Pokemon Base Set Charizard holo 4/102, unlimited, lightly played',
    price: 35_000,
    category: 'collectibles',
    appeal: 'hot',
  },
  {
    name: 'nintendo-nes',
    description: 'Nintendo NES console, two pads, Zapper and Super Mario Bros / Duck Hunt cartridge',
    price: 9_500,
    category: 'tech',
    appeal: 'normal',
  },
  {
    name: 'le-creuset-dutch',
    description: 'Le Creuset 5.5 qt Dutch oven, flame orange, no chips',
    price: 14_000,
    category: 'home',
    appeal: 'normal',
  },
  {
    name: 'moleskine-lot',
    description: 'Lot of 12 Moleskine notebooks, ruled, large, still in shrink wrap',
    price: 6_000,
    category: 'home',
    appeal: 'dud',
  },
  {
    name: 'tent-msr-hubba',
    description: 'MSR Hubba Hubba NX 2-person tent, used on three trips, footprint included',
    price: 26_000,
    category: 'outdoor',
    appeal: 'normal',
  },
  {
    name: 'typewriter-olivetti',
    description: 'Olivetti Lettera 32 portable typewriter, new ribbon, with case',
    price: 12_000,
    category: 'vintage',
    appeal: 'normal',
  },
  {
    name: 'sony-walkman-wm2',
    description: 'Sony Walkman WM-2, 1981, silver, fully working after new belts',
    price: 28_000,
    category: 'music',
    appeal: 'normal',
  },
  {
    name: 'fondue-set',
    description: 'Swiss cheese fondue set, cast iron pot, six forks, burner',
    price: 4_500,
    category: 'home',
    appeal: 'dud',
  },
  {
    name: 'comic-asm-300',
    description: 'Amazing Spider-Man #300, 1988, first full Venom, VF',
    price: 68_000,
    category: 'collectibles',
    appeal: 'hot',
  },
  {
    name: 'kayak-wilderness',
    description: 'Wilderness Systems Pungo 120 kayak, yellow, paddle and skirt',
    price: 55_000,
    category: 'outdoor',
    appeal: 'dud',
  },
  {
    name: 'rubber-duck-42',
    description: 'Collection of 42 rubber ducks, themed, one glows in the dark',
    price: 3_000,
    category: 'collectibles',
    appeal: 'dud',
  },
  {
    name: 'thinkpad-x220',
    description: 'ThinkPad X220, i5, 8 GB, SSD, classic keyboard, Linux installed',
    price: 15_000,
    category: 'tech',
    appeal: 'normal',
  },
  {
    name: 'gibson-j45',
    description: 'Gibson J-45 Standard acoustic, vintage sunburst, 2016, hard case',
    price: 210_000,
    category: 'music',
    appeal: 'normal',
  },
  {
    name: 'tiffany-lamp',
    description: 'Tiffany-style dragonfly table lamp, stained glass shade, bronze base',
    price: 38_000,
    category: 'home',
    appeal: 'dud',
  },
];

export interface SellerPersona {
  name: string;
  categories: readonly Category[];
  /** How often this seller accepts a lower price when the server asks (NEGOTIATE_REQ). */
  acceptRate: number;
  address: string;
}

export interface BidderPersona {
  name: string;
  /** Total the bidder will have committed across the auctions it leads. */
  budget: Cents;
  likes: readonly Category[];
  /** Multiplies this bidder's valuations: >1 keen, <1 bargain hunter. */
  eagerness: number;
  address: string;
}

export const SELLERS: readonly SellerPersona[] = [
  { name: 'vintage_vera', categories: ['vintage', 'home'], acceptRate: 0.7, address: '12 Rue Saint-Paul, Montreal QC' },
  { name: 'gadget_gus', categories: ['tech', 'outdoor'], acceptRate: 0.5, address: '300 King St W, Toronto ON' },
  { name: 'groove_records', categories: ['music'], acceptRate: 0.6, address: '44 Crescent St, Montreal QC' },
  {
    name: 'attic_finds',
    categories: ['collectibles', 'home', 'outdoor'],
    acceptRate: 0.8,
    address: '7 Elm Ave, Ottawa ON',
  },
];

export const BIDDERS: readonly BidderPersona[] = [
  {
    name: 'maria_k',
    budget: 600_000,
    likes: ['vintage', 'home', 'music'],
    eagerness: 1.05,
    address: '5 Oak Lane, Laval QC',
  },
  { name: 'tom.b', budget: 150_000, likes: ['tech', 'collectibles'], eagerness: 1.0, address: '88 Bank St, Ottawa ON' },
  {
    name: 'collector42',
    budget: 900_000,
    likes: ['collectibles', 'vintage'],
    eagerness: 1.15,
    address: '1200 Peel St, Montreal QC',
  },
  {
    name: 'bargain_bea',
    budget: 80_000,
    likes: ['home', 'outdoor', 'tech', 'music'],
    eagerness: 0.85,
    address: '19 Maple Cres, Quebec QC',
  },
  {
    name: 'dj_okafor',
    budget: 400_000,
    likes: ['music', 'tech'],
    eagerness: 1.1,
    address: '230 Queen St E, Toronto ON',
  },
  {
    name: 'hikerjane',
    budget: 200_000,
    likes: ['outdoor', 'home'],
    eagerness: 1.0,
    address: '3 Lakeshore Rd, Kingston ON',
  },
  {
    name: 'nguyen.p',
    budget: 500_000,
    likes: ['tech', 'vintage', 'collectibles'],
    eagerness: 0.95,
    address: '640 Rue Sherbrooke, Montreal QC',
  },
  {
    name: 'old_sam',
    budget: 1_200_000,
    likes: ['vintage', 'music', 'home'],
    eagerness: 1.0,
    address: '11 Church St, Halifax NS',
  },
  {
    name: 'lucia.r',
    budget: 300_000,
    likes: ['home', 'collectibles', 'outdoor'],
    eagerness: 1.05,
    address: '9 Via Roma Ave, Vancouver BC',
  },
  {
    name: 'techie_raj',
    budget: 450_000,
    likes: ['tech', 'music', 'collectibles'],
    eagerness: 1.1,
    address: '77 Bay St, Toronto ON',
  },
];

/** A test card that passes the Luhn check (PROTOCOL.md §2) and an expiry two years ahead of `now`. */
export const TEST_CARD = '4111111111111111';
export function testExpiry(now: Date): string {
  return `${String(now.getMonth() + 1).padStart(2, '0')}/${String((now.getFullYear() + 2) % 100).padStart(2, '0')}`;
}

/** The seller who would list an item: one whose specialty it is (the first such in SELLERS if rng picks none). */
export function sellerFor(rng: Random, item: ItemSpec, sellers: readonly SellerPersona[] = SELLERS): SellerPersona {
  const fits = sellers.filter((s) => s.categories.includes(item.category));
  return fits.length > 0 ? pick(rng, fits) : pick(rng, sellers);
}

export interface OpeningLot {
  item: ItemSpec;
  seller: string;
  startPrice: Cents;
  /** Seconds. */
  duration: number;
}

export const MIN_DURATION_S = 30;
export const MAX_DURATION_S = 600;

/** A listing duration in seconds: mostly a few minutes, some short and hectic, a few long (30 s – 10 min). */
export function durationFor(rng: Random, speed = 1): number {
  const r = rng();
  const s = r < 0.35 ? intBetween(rng, 30, 90) : r < 0.8 ? intBetween(rng, 90, 240) : intBetween(rng, 240, 600);
  return Math.max(1, Math.round(s / speed));
}

/** An asking price near the item's usual price (±15 %, on a round number). */
export function askingPrice(rng: Random, item: ItemSpec): Cents {
  const p = item.price * (0.85 + 0.3 * rng());
  const unit = p < 10_000 ? 100 : p < 100_000 ? 500 : 5_000;
  return Math.max(unit, Math.round(p / unit) * unit);
}

/**
 * The opening floor: `count` (8–12) distinct items, each with a seller, an asking price and a duration.
 * At least two close within the first 75 s (to show a finish early), and durations are spread so
 * closings keep coming.
 */
export function openingPlan(rng: Random, count: number, speed = 1, pool: readonly ItemSpec[] = ITEMS): OpeningLot[] {
  const n = Math.max(1, Math.min(count, pool.length));
  const items = shuffled(rng, pool).slice(0, n);
  return items.map((item, i) => {
    const seller = sellerFor(rng, item).name;
    const duration = i < 2 ? Math.max(1, Math.round(intBetween(rng, 30, 75) / speed)) : durationFor(rng, speed);
    return { item, seller, startPrice: askingPrice(rng, item), duration };
  });
}
