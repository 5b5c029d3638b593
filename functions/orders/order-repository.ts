import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionFailure, queryAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import { policyOf, transitHoursOf } from '../stores/policy.js';
import { getStoreCached } from '../stores/store-repository.js';
import { campaignIndexKeys, orderIndexKeyNames, sweepIndexKeys, sweepShardKeys, type Order } from './order.js';

const table = () => requiredEnv(ENV.ordersTable);

export async function getOrder(storeId: string, orderId: string): Promise<Order | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { storeId, orderId } }));
  return Item as Order | undefined;
}

/** Writes the next version of an order; a concurrent writer makes this fail and the caller retries from a fresh read. */
async function saveOrder(order: Order): Promise<void> {
  const previous = order.version;
  await dynamo.send(
    new PutCommand({
      TableName: table(),
      Item: { ...order, version: previous + 1 },
      ConditionExpression: previous === 0 ? 'attribute_not_exists(orderId)' : 'version = :previous',
      ExpressionAttributeValues: previous === 0 ? undefined : { ':previous': previous },
    }),
  );
}

/**
 * Read, change, write with optimistic locking, retried when another writer came first. `change` gets the
 * fresh order (or undefined) and returns the next one, or undefined when there is nothing to change.
 */
export async function updateOrder(storeId: string, orderId: string, change: (current: Order | undefined) => Order | undefined): Promise<Order | undefined> {
  // The carrier's transit time decides when a parcel is due; a policy change applies from each order's next write.
  const sweepPolicy = policyOf(await getStoreCached(storeId, new Date())).sweep;
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await getOrder(storeId, orderId);
    const changed = change(current);
    if (!changed) return current;
    // Index keys are derived afresh each time, so a key whose condition ended disappears from the item.
    const next = { ...changed };
    for (const name of orderIndexKeyNames) delete (next as Record<string, unknown>)[name];
    try {
      await saveOrder({ ...next, ...sweepIndexKeys(next, transitHoursOf(sweepPolicy, next.carrier)), ...campaignIndexKeys(next) });
      return { ...next, version: next.version + 1 };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new Error(`order ${orderId} kept changing under concurrent writers`);
}

/** The item that finds an order by its parcel's tracking number, beside the store's orders (read consistently, like any order). */
const parcelKey = (trackingNo: string) => `parcel#${trackingNo}`;

export async function registerOrderParcel(storeId: string, orderId: string, trackingNo: string): Promise<void> {
  await dynamo.send(new PutCommand({ TableName: table(), Item: { storeId, orderId: parcelKey(trackingNo), parcelOf: orderId } }));
}

export async function findOrderByTracking(storeId: string, trackingNo: string): Promise<Order | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { storeId, orderId: parcelKey(trackingNo) }, ConsistentRead: true }));
  return typeof Item?.parcelOf === 'string' ? getOrder(storeId, Item.parcelOf) : undefined;
}

/** Orders delivered from `from` to `through` (UTC instants, both included), from the delivered-on index, every shard at once. */
export async function ordersDeliveredBetween(storeId: string, from: string, through: string): Promise<Order[]> {
  const shards = await Promise.all(
    sweepShardKeys(storeId).map((key) =>
      queryAll<Order>({
        TableName: table(),
        IndexName: 'ordersDeliveredOn',
        KeyConditionExpression: 'deliveredOnKey = :key AND deliveredUtc BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':key': key, ':from': from, ':to': through },
      }),
    ),
  );
  return shards.flat();
}

