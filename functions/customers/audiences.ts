import { z } from 'zod';
import { sweepShardKeys, utc } from '../orders/order.js';
import { queryCounted } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';
import { monthDayOf } from './birthday.js';
import type { Customer } from './customer.js';
import { customerOfItem } from './customer-repository.js';

/** An audience, and what reading it took: the items DynamoDB read (what the read costs) against the customers found. */
export interface AudienceRead {
  customers: Customer[];
  itemsRead: number;
  queries: number;
}

const monthDaySchema = z.string().refine((value) => /^\d{2}-\d{2}$/.test(value) && monthDayOf(value) === value, "a day of the year as 'MM-DD'");
const instantSchema = z.iso.datetime({ offset: true });

type Item = Record<string, unknown>;
const audienceOf = (reads: Array<{ items: Item[]; scanned: number; queries: number }>): AudienceRead => ({
  customers: reads.flatMap((read) => read.items.map(customerOfItem)),
  itemsRead: reads.reduce((sum, read) => sum + read.scanned, 0),
  queries: reads.reduce((sum, read) => sum + read.queries, 0),
});

/** The store's customers whose birthday is that day ('MM-DD'; '02-29' is a key like any other), from the birthday index alone. */
export async function readBirthdayAudience(storeId: string, monthDay: string): Promise<AudienceRead> {
  const day = monthDaySchema.parse(monthDay);
  const read = await queryCounted<Item>({
    TableName: requiredEnv(ENV.customersTable),
    IndexName: 'customersByBirthday',
    KeyConditionExpression: 'birthdayKey = :key',
    ExpressionAttributeValues: { ':key': `${storeId}#${day}` },
  });
  return audienceOf([read]);
}

/**
 * The store's customers whose last order was placed from `fromUtcIso` to `toUtcIso`, both included (the times may
 * carry any offset; the index sorts UTC), from the last-order index alone: every shard, in parallel.
 */
export async function readLastOrderAudience(storeId: string, fromUtcIso: string, toUtcIso: string): Promise<AudienceRead> {
  const [from, to] = [utc(instantSchema.parse(fromUtcIso)), utc(instantSchema.parse(toUtcIso))];
  const reads = await Promise.all(
    sweepShardKeys(storeId).map((shardKey) =>
      queryCounted<Item>({
        TableName: requiredEnv(ENV.customersTable),
        IndexName: 'customersByLastOrder',
        KeyConditionExpression: 'lastOrderKey = :key AND lastOrderAt BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':key': shardKey, ':from': from, ':to': to },
      }),
    ),
  );
  return audienceOf(reads);
}

export const customersWithBirthday = async (storeId: string, monthDay: string): Promise<Customer[]> => (await readBirthdayAudience(storeId, monthDay)).customers;

export const customersLastOrderedBetween = async (storeId: string, fromUtcIso: string, toUtcIso: string): Promise<Customer[]> =>
  (await readLastOrderAudience(storeId, fromUtcIso, toUtcIso)).customers;
