import { ENV, requiredEnv } from '../shared/env.js';
import { queryAll } from '../shared/aws.js';
import { sweepShardKeys } from '../orders/order.js';
import { customerOf } from './customer-repository.js';
import type { Customer } from './customer.js';

const table = () => requiredEnv(ENV.customersTable);

/** Customers whose birthday (MM-DD) it is, from the birthday index. */
export async function customersWithBirthday(storeId: string, monthDay: string): Promise<Customer[]> {
  const items = await queryAll<Record<string, unknown>>({
    TableName: table(),
    IndexName: 'customersByBirthday',
    KeyConditionExpression: 'birthdayKey = :key',
    ExpressionAttributeValues: { ':key': `${storeId}#${monthDay}` },
  });
  return items.map(customerOf);
}

/** Customers whose last order was placed within [from, to] (UTC instants), from the last-order index, all shards. */
export async function customersLastOrderedBetween(storeId: string, from: string, to: string): Promise<Customer[]> {
  const shards = await Promise.all(
    sweepShardKeys(storeId).map((key) =>
      queryAll<Record<string, unknown>>({
        TableName: table(),
        IndexName: 'customersByLastOrder',
        KeyConditionExpression: 'lastOrderKey = :key AND lastOrderAt BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':key': key, ':from': from, ':to': to },
      }),
    ),
  );
  return shards.flat().map(customerOf);
}
