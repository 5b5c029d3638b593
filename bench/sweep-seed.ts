import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { deriveStatus, sweepIndexKeys, type Order } from '../functions/orders/order.js';
import { transitHoursOf, type Policy } from '../functions/stores/policy.js';
import type { DueList } from '../functions/sweeps/due-orders.js';
import { putItems } from './bench-table.js';
import { measure, mulberry32, type LatencySummary } from './stats.js';

const HOUR = 3_600_000;

type Swept = NonNullable<Order['swept']>;
/** Hours before the sweep of each step of the order's life; each kind keeps clear of the policy's cutoffs. */
interface Ages {
  placed: number;
  paid?: number;
  shipped?: number;
  tracked?: number;
  delivered?: number;
  completed?: number;
  cancelled?: number;
  /** What the sweep did already, and when (hours before). */
  swept?: Partial<Record<keyof Swept, number>>;
}

interface Kind {
  name: string;
  /** How many orders in every 10,000 are of this kind. */
  per10k: number;
  /** The sweep list the order is due on this morning. */
  due?: DueList;
  /** On a sweep list, but not due yet this morning. */
  notYetDue?: true;
  ages: (random: () => number) => Ages;
}

const between = (random: () => number, low: number, high: number) => low + random() * (high - low);

const paidAgo = (paid: number): Ages => ({ placed: paid + 0.2, paid });
const shippedAgo = (shipped: number, r: () => number): Ages => ({ ...paidAgo(shipped + between(r, 2, 40)), shipped });
const deliveredAgo = (delivered: number, r: () => number): Ages => ({ ...shippedAgo(delivered + between(r, 20, 90), r), delivered });
/** Half the parcels have a carrier update since shipping: slow but moving (the sweep extends the buyer's time). */
const maybeTracked = (ages: Ages, r: () => number): Ages => (r() < 0.5 && ages.shipped !== undefined && ages.shipped > 2 ? { ...ages, tracked: between(r, 1, ages.shipped - 1) } : ages);

/**
 * The store's orders, for the default sweep policy (payment reminder after 12 h, ship-soon after 24 h, late after
 * 72 h, transit 72 h, confirm reminder after 3 days): mostly completed, about 0.4 % due on one of the four lists,
 * about twice that on a list but not yet due (so the cutoff matters), and some the sweep already dealt with (off
 * their list, but for late shipments, which stay listed until they ship).
 */
const KINDS: Kind[] = [
  { name: 'unpaid, due', per10k: 5, due: 'unpaid', ages: (r) => ({ placed: between(r, 12.5, 48) }) },
  { name: 'unpaid, not yet due', per10k: 10, notYetDue: true, ages: (r) => ({ placed: between(r, 0.1, 11.5) }) },
  { name: 'unpaid, reminded already', per10k: 3, ages: (r) => ((placed) => ({ placed, swept: { paymentReminderAt: placed - 12.2 } }))(between(r, 13, 60)) },
  { name: 'paid, not shipped, ship soon', per10k: 8, due: 'unshipped', ages: (r) => paidAgo(between(r, 24.5, 71.5)) },
  { name: 'paid, not shipped, late', per10k: 3, due: 'unshipped', ages: (r) => ((paid) => ({ ...paidAgo(paid), ...(paid > 96 ? { swept: { lateShipmentAt: paid - 72.2 } } : {}) }))(between(r, 72.5, 150)) },
  { name: 'paid, not shipped, not yet due', per10k: 15, notYetDue: true, ages: (r) => paidAgo(between(r, 0.1, 23.5)) },
  { name: 'in transit, past due', per10k: 10, due: 'inTransit', ages: (r) => maybeTracked(shippedAgo(between(r, 72.5, 200), r), r) },
  { name: 'in transit, not yet due', per10k: 30, notYetDue: true, ages: (r) => maybeTracked(shippedAgo(between(r, 1, 71.5), r), r) },
  {
    name: 'in transit, receipt extended, still moving',
    per10k: 4,
    notYetDue: true,
    ages: (r) => ((shipped) => ({ ...shippedAgo(shipped, r), tracked: between(r, 1, 60), swept: { receiptExtendedAt: shipped - 72.5 } }))(between(r, 80, 140)),
  },
  { name: 'in transit, stalled already', per10k: 2, ages: (r) => ((shipped) => ({ ...shippedAgo(shipped, r), swept: { stalledAt: shipped - 73 } }))(between(r, 90, 200)) },
  { name: 'delivered, due', per10k: 15, due: 'delivered', ages: (r) => deliveredAgo(between(r, 72.5, 240), r) },
  { name: 'delivered, not yet due', per10k: 30, notYetDue: true, ages: (r) => deliveredAgo(between(r, 0.1, 71.5), r) },
  { name: 'delivered, reminded already', per10k: 5, ages: (r) => ((delivered) => ({ ...deliveredAgo(delivered, r), swept: { confirmReminderAt: delivered - 72.2 } }))(between(r, 80, 240)) },
  { name: 'cancelled before payment', per10k: 50, ages: (r) => ((placed) => ({ placed, cancelled: placed - 0.5 }))(between(r, 24, 60 * 24)) },
];
/** Completed orders take what the other kinds leave of every 10,000. */
const COMPLETED: Kind = {
  name: 'completed',
  per10k: 10_000 - KINDS.reduce((sum, kind) => sum + kind.per10k, 0),
  ages: (r) => ((delivered) => ({ ...deliveredAgo(delivered, r), completed: delivered - between(r, 24, 96) }))(between(r, 5 * 24, 360 * 24)),
};

/** Storefront times carry their own offset (CONTRACT.md); the sweep's keys are UTC regardless. */
const storefrontTime = (ms: number) => new Date(ms + 8 * HOUR).toISOString().replace('Z', '+08:00');

/** Every 10,000 orders repeat one pattern of kinds, each kind evenly spaced, so due orders are spread over the seeding. */
const PATTERN: Kind[] = (() => {
  const kinds = [...KINDS, COMPLETED];
  const placed = new Map<Kind, number>(kinds.map((kind) => [kind, 0]));
  const behind = (kind: Kind, slot: number) => kind.per10k * (slot + 1) - 10_000 * (placed.get(kind) ?? 0);
  return Array.from({ length: 10_000 }, (_, slot) => {
    const kind = kinds.reduce((best, candidate) => (behind(candidate, slot) > behind(best, slot) ? candidate : best));
    placed.set(kind, (placed.get(kind) ?? 0) + 1);
    return kind;
  });
})();

const CARRIERS = ['SF Express', 'ZTO Express', 'YTO Express', 'JD Logistics'];
const PRODUCTS = [
  { sku: 'LINEN-SHIRT-M', name: '亚麻衬衫 M 码', unitPrice: 19_900 },
  { sku: 'TEA-SET-6', name: '青瓷茶具六件套', unitPrice: 36_800 },
  { sku: 'SILK-SCARF', name: '真丝围巾', unitPrice: 12_800 },
  { sku: 'BAMBOO-TOWEL-2', name: '竹纤维毛巾两条装', unitPrice: 3_900 },
  { sku: 'RICE-COOKER-3L', name: '智能电饭煲 3L', unitPrice: 29_900 },
] as const;

/** Order ids in seeding order, which is also their order in the table (a reader can split the store by them). */
export const orderIdOf = (index: number) => `o-${String(index).padStart(8, '0')}`;

/** One order of the given kind as the order projection holds it after its events, with its sweep keys. */
function orderItem(storeId: string, index: number, kind: Kind, random: () => number, now: number, policy: Policy['sweep']): Order {
  const ages = kind.ages(random);
  const at = (hours: number) => storefrontTime(now - hours * HOUR);
  const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
    const { sku, name, unitPrice } = PRODUCTS[Math.floor(random() * PRODUCTS.length)] ?? PRODUCTS[0];
    return { sku, name, quantity: 1 + Math.floor(random() * 2), unitPrice };
  });
  const order: Order = {
    storeId,
    orderId: orderIdOf(index),
    status: 'created',
    buyer: { id: `buyer-${index % 400_000}`, name: '顾客', phone: `138${String(index % 100_000_000).padStart(8, '0')}` },
    items: lines,
    total: lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
    shippingInsurance: index % 3 === 0,
    placedAt: at(ages.placed),
    version: 1,
  };
  if (ages.paid !== undefined) order.paidAt = at(ages.paid);
  if (ages.shipped !== undefined) Object.assign(order, { shippedAt: at(ages.shipped), carrier: CARRIERS[index % CARRIERS.length], trackingNo: `SF${String(index).padStart(12, '0')}`, trackingStatus: 'in_transit' });
  if (ages.tracked !== undefined) order.lastTrackingAt = at(ages.tracked);
  if (ages.delivered !== undefined) Object.assign(order, { deliveredAt: at(ages.delivered), trackingStatus: 'delivered' });
  if (ages.completed !== undefined) order.completedAt = at(ages.completed);
  if (ages.cancelled !== undefined) order.cancelledAt = at(ages.cancelled);
  if (ages.swept) order.swept = Object.fromEntries(Object.entries(ages.swept).map(([mark, hours]) => [mark, at(hours)]));
  order.status = deriveStatus(order);
  order.version = 1 + ['placedAt', 'paidAt', 'shippedAt', 'lastTrackingAt', 'deliveredAt', 'completedAt', 'cancelledAt'].filter((field) => field in order).length;
  // What the order repository writes: the projection with its sweep keys, for the carrier's transit time.
  return { ...order, ...sweepIndexKeys(order, transitHoursOf(policy, order.carrier)) };
}

export interface SeededStore {
  orders: number;
  /** The orders the seeding made due, by list: what the sweep must find. */
  due: Record<DueList, Set<string>>;
  /** Orders on a list but not due yet this morning. */
  notYetDue: number;
  seconds: number;
  perSecond: number;
  writers: number;
  /** One BatchWriteItem of 25 orders. */
  batchWrite: LatencySummary;
}

const BATCH = 25;

/**
 * Seeds one store's orders with BatchWriteItem (25 items a request) from a few concurrent writers, reporting progress
 * every 5 %. The mix is the same on every run: a fixed pattern, a seeded generator, and each batch built before its
 * request goes out, so batches take the generator's numbers in order whichever writer sends them.
 */
export async function seedStore(
  db: DynamoDBDocumentClient,
  options: { table: string; storeId: string; orders: number; now: Date; policy: Policy['sweep']; writers: number; log: (line: string) => void },
): Promise<SeededStore> {
  const { table, storeId, orders, policy, writers, log } = options;
  const due: Record<DueList, Set<string>> = { unpaid: new Set(), unshipped: new Set(), inTransit: new Set(), delivered: new Set() };
  let notYetDue = 0;
  const random = mulberry32(20261124);
  let written = 0;
  let reported = 0;
  const started = performance.now();
  const writeBatch = async (batch: number): Promise<void> => {
    const items: Order[] = [];
    for (let index = batch * BATCH; index < Math.min(orders, (batch + 1) * BATCH); index++) {
      const kind = PATTERN[index % PATTERN.length] ?? COMPLETED;
      const item = orderItem(storeId, index, kind, random, options.now.getTime(), policy);
      if (kind.due) due[kind.due].add(item.orderId);
      if (kind.notYetDue) notYetDue++;
      items.push(item);
    }
    await putItems(db, table, items);
    written += items.length;
    if (written - reported >= orders / 20 || written === orders) {
      reported = written;
      const seconds = (performance.now() - started) / 1000;
      log(`  ${written.toLocaleString('en-US')} of ${orders.toLocaleString('en-US')} orders (${Math.round((100 * written) / orders)} %) in ${seconds.toFixed(0)} s, ${Math.round(written / seconds).toLocaleString('en-US')} a second`);
    }
  };
  const batchWrite = await measure(Math.ceil(orders / BATCH), writers, writeBatch);
  const seconds = (performance.now() - started) / 1000;
  return { orders, due, notYetDue, seconds, perSecond: orders / seconds, writers, batchWrite };
}

/** The kinds of order in the mix and their share, for the results. */
export const seedMix = (): Array<{ name: string; per10k: number; due?: DueList; notYetDue: boolean }> =>
  [...KINDS, COMPLETED].map(({ name, per10k, due, notYetDue }) => ({ name, per10k, ...(due ? { due } : {}), notYetDue: notYetDue === true }));

