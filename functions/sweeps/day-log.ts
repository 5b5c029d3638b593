import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, queryAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';

/**
 * What happened in a store's day that its daily report must show (a broken promise, a complaint closed, a bad review
 * come in, what the sweep did about an order), kept with the store's reports under `<topic>#<day>#<key>`, so the
 * report reads one day of one topic by key prefix, never a scan. The month's review summary is kept the same way
 * under its month, and the audit of admins' decisions under the day they were taken.
 */
export type DayTopic = 'breach' | 'complaint' | 'review' | 'review-summary' | 'sweep' | 'audit' | 'campaign';

const table = () => requiredEnv(ENV.reportsTable);

/** Logs an item once: the same key writes the same item (a retried step repeats nothing). */
export async function logForDay(storeId: string, day: string, topic: DayTopic, key: string, item: Record<string, unknown>): Promise<void> {
  await dynamo.send(new PutCommand({ TableName: table(), Item: { ...item, storeId, date: `${topic}#${day}#${key}`, day } }));
}

/** What was logged on a day under a topic, as it was logged (without the keys it is kept under). */
export async function loggedOn<T>(storeId: string, day: string, topic: DayTopic): Promise<T[]> {
  const items = await queryAll<T & { storeId?: string; date?: string; day?: string }>({
    TableName: table(),
    KeyConditionExpression: 'storeId = :storeId AND begins_with(#date, :prefix)',
    ExpressionAttributeNames: { '#date': 'date' },
    ExpressionAttributeValues: { ':storeId': storeId, ':prefix': `${topic}#${day}#` },
  });
  return items.map(({ storeId: _store, date: _key, day: _day, ...item }) => item as T);
}
