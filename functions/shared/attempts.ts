import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './aws.js';

/**
 * Counts a failed attempt on a record that a stream delivers (a webhook delivery, an outgoing message).
 * Below `maxAttempts` the caller lets the stream retry; at the last one `giveUp` is written on the record
 * (where an admin finds it) and the stream moves on, so one bad record never holds up the others.
 */
export async function countFailedAttempt(options: {
  table: string;
  key: Record<string, string>;
  error: unknown;
  now: Date;
  maxAttempts: number;
  giveUp: Record<string, string>;
}): Promise<'retry' | 'gave_up'> {
  const message = options.error instanceof Error ? `${options.error.name}: ${options.error.message}` : String(options.error);
  const { Attributes } = await dynamo.send(
    new UpdateCommand({
      TableName: options.table,
      Key: options.key,
      UpdateExpression: 'ADD attempts :one SET lastError = :error, lastAttemptAt = :now',
      ExpressionAttributeValues: { ':one': 1, ':error': message.slice(0, 1000), ':now': options.now.toISOString() },
      ReturnValues: 'ALL_NEW',
    }),
  );
  if (Number(Attributes?.attempts ?? 0) < options.maxAttempts) return 'retry';
  const names = Object.keys(options.giveUp);
  await dynamo.send(
    new UpdateCommand({
      TableName: options.table,
      Key: options.key,
      UpdateExpression: `SET ${names.map((_name, index) => `#g${index} = :g${index}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(names.map((name, index) => [`#g${index}`, name])),
      ExpressionAttributeValues: Object.fromEntries(names.map((name, index) => [`:g${index}`, options.giveUp[name]])),
    }),
  );
  return 'gave_up';
}
