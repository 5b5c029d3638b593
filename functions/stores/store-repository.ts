import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, scanAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import type { Store, StoreRegistration } from './store.js';

const table = () => requiredEnv(ENV.storesTable);

/** The registered stores; the stores table holds one small item per store, so reading it whole is cheap. */
export const listStores = () => scanAll<Store>({ TableName: table() });

export async function getStore(storeId: string): Promise<Store | undefined> {
  const { Item } = await dynamo.send(new GetCommand({ TableName: table(), Key: { storeId } }));
  return Item as Store | undefined;
}

export async function putStore(storeId: string, registration: Omit<StoreRegistration, 'webhookSecret'>, now: Date): Promise<Store> {
  const existing = await getStore(storeId);
  const store: Store = {
    platform: registration.platform,
    timezone: registration.timezone,
    policy: registration.policy,
    agents: registration.agents,
    supervisors: registration.supervisors,
    storeId,
    createdAt: existing?.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await dynamo.send(new PutCommand({ TableName: table(), Item: store }));
  return store;
}

/** How long the ingest trusts a store's registration it read, keeping the hot path to one write. */
const STORE_CACHE_MS = 60_000;
const storeCache = new Map<string, { store: Store; readAt: number }>();

/** A registered store, from this process's cache when read in the last minute. */
export async function getStoreCached(storeId: string, now: Date): Promise<Store | undefined> {
  const cached = storeCache.get(storeId);
  if (cached && now.getTime() - cached.readAt < STORE_CACHE_MS) return cached.store;
  const store = await getStore(storeId);
  if (store) storeCache.set(storeId, { store, readAt: now.getTime() });
  return store;
}
