import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { Order } from './order.js';

const table = () => requiredEnv(ENV.ordersTable);

export async function getOrder(storeId: string, orderId: string): Promise<Order | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { storeId, orderId } }));
  return Item as Order | undefined;
}

/** Writes the next version of an order; a concurrent writer makes this fail and the caller retries from a fresh read. */
export async function saveOrder(order: Order): Promise<void> {
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
