import { queryCounted } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import { sweepShardKeys, type Order } from '../orders/order.js';
import type { Policy } from '../stores/policy.js';

/** The sweep lists of orders, each read from its sparse index up to the moment the orders on it become due. */
export const dueLists = {
  unpaid: { indexName: 'ordersUnpaidSince', key: 'unpaidKey', sort: 'unpaidSince' },
  unshipped: { indexName: 'ordersUnshippedSince', key: 'unshippedKey', sort: 'unshippedSince' },
  inTransit: { indexName: 'ordersInTransitDue', key: 'inTransitKey', sort: 'transitDueAt' },
  delivered: { indexName: 'ordersDeliveredSince', key: 'deliveredKey', sort: 'deliveredSince' },
} as const;
export type DueList = keyof typeof dueLists;

const hoursBefore = (now: Date, hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();

/** Up to when each list is due: the policy's hours before now (a parcel's own due time is already in its key). */
export function dueCutoffs(now: Date, policy: Policy['sweep']): Record<DueList, string> {
  return {
    unpaid: hoursBefore(now, policy.paymentReminderHours),
    unshipped: hoursBefore(now, policy.shipSoonHours),
    inTransit: now.toISOString(),
    delivered: hoursBefore(now, policy.confirmReminderDays * 24),
  };
}

export interface DueOrders {
  lists: Record<DueList, Order[]>;
  /** Items DynamoDB read to find them (what a read costs), against the items found. */
  itemsRead: number;
  queries: number;
}

/** One list of one store: every shard of its index, up to the cutoff, page after page. */
async function readList(storeId: string, list: DueList, cutoff: string): Promise<{ items: Order[]; scanned: number; queries: number }> {
  const { indexName, key, sort } = dueLists[list];
  const read = { items: [] as Order[], scanned: 0, queries: 0 };
  for (const shardKey of sweepShardKeys(storeId)) {
    const shard = await queryCounted<Order>({
      TableName: requiredEnv(ENV.ordersTable),
      IndexName: indexName,
      KeyConditionExpression: '#key = :key AND #sort <= :cutoff',
      ExpressionAttributeNames: { '#key': key, '#sort': sort },
      ExpressionAttributeValues: { ':key': shardKey, ':cutoff': cutoff },
    });
    read.items.push(...shard.items);
    read.scanned += shard.scanned;
    read.queries += shard.queries;
  }
  return read;
}

/** The store's orders due on each sweep list now: the reads follow the backlog, never the size of the orders table. */
export async function findDueOrders(storeId: string, now: Date, policy: Policy['sweep']): Promise<DueOrders> {
  const cutoffs = dueCutoffs(now, policy);
  const names = Object.keys(dueLists) as DueList[];
  const read = await Promise.all(names.map((list) => readList(storeId, list, cutoffs[list])));
  return {
    lists: Object.fromEntries(names.map((list, i) => [list, read[i]?.items ?? []])) as Record<DueList, Order[]>,
    itemsRead: read.reduce((sum, one) => sum + one.scanned, 0),
    queries: read.reduce((sum, one) => sum + one.queries, 0),
  };
}
