import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { Store, StoreRegistration } from './store.js';

const table = () => requiredEnv(ENV.storesTable);

export async function getStore(storeId: string): Promise<Store | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { storeId } }));
  return Item as Store | undefined;
}

export async function putStore(storeId: string, registration: StoreRegistration, now: Date): Promise<Store> {
  const existing = await getStore(storeId);
  const store: Store = {
    ...registration,
    storeId,
    createdAt: existing?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await dynamo.send(new PutCommand({ TableName: table(), Item: store }));
  return store;
}
