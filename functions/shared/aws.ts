import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand, type QueryCommandInput, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';

// Created once per process and reused across invocations. Endpoints come from the standard
// AWS_ENDPOINT_URL_* variables, which is all the local cloud changes.
export const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
export const sfn = new SFNClient({});

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

type Page = { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> };

async function allPages<T>(read: (start: Record<string, unknown> | undefined) => Promise<Page>): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await read(start);
    items.push(...((page.Items ?? []) as T[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item of a query, with what reading them took: the items DynamoDB read (what a read costs) and the requests. */
export async function queryCounted<T>(input: QueryCommandInput): Promise<{ items: T[]; scanned: number; queries: number }> {
  const items: T[] = [];
  let scanned = 0;
  let queries = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    queries += 1;
    scanned += page.ScannedCount ?? 0;
    items.push(...((page.Items ?? []) as T[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, scanned, queries };
}

/** Every item of a query, page after page. */
export const queryAll = <T>(input: QueryCommandInput) =>
  allPages<T>((ExclusiveStartKey) => dynamo.send(new QueryCommand({ ...input, ExclusiveStartKey })));

/** Every item of a table, page after page; only for tables whose size is bounded (stores). */
export const scanAll = <T>(input: ScanCommandInput) =>
  allPages<T>((ExclusiveStartKey) => dynamo.send(new ScanCommand({ ...input, ExclusiveStartKey })));
