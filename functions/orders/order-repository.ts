import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionFailure } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import { sweepIndexKeys, type Order, type SweepKeys } from './order.js';

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
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await getOrder(storeId, orderId);
    const changed = change(current);
    if (!changed) return current;
    // Index keys are derived afresh each time, so a key whose condition ended disappears from the item.
    const { unshippedKey: _u, inTransitKey: _t, deliveredKey: _d, ...next } = changed as Order & SweepKeys;
    try {
      await saveOrder({ ...next, ...sweepIndexKeys(next) });
      return { ...next, version: next.version + 1 };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new Error(`order ${orderId} kept changing under concurrent writers`);
}
