import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, queryAll } from '../shared/aws.js';
import { ENV, requiredEnv } from '../shared/env.js';

/**
 * What happened in a store's day that its daily report must show (a broken promise, a complaint closed), kept with
 * the store's reports under `<topic>#<day>#<key>`, so the report reads one day of one topic by key prefix, never a scan.
 */
export type DayTopic = 'breach' | 'complaint';

const table = () => requiredEnv(ENV.reportsTable);

/** Logs an item once: the same key writes the same item (a retried step repeats nothing). */
export async function logForDay(storeId: string, day: string, topic: DayTopic, key: string, item: Record<string, unknown>): Promise<void> {
  await dynamo.send(new PutCommand({ TableName: table(), Item: { ...item, storeId, date: `${topic}#${day}#${key}`, day } }));
}

export function loggedOn<T>(storeId: string, day: string, topic: DayTopic): Promise<T[]> {
  return queryAll<T>({
    TableName: table(),
    KeyConditionExpression: 'storeId = :storeId AND begins_with(#date, :prefix)',
    ExpressionAttributeNames: { '#date': 'date' },
    ExpressionAttributeValues: { ':storeId': storeId, ':prefix': `${topic}#${day}#` },
  });
}
