import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stackTemplate } from '../local/cloud.js';
import { createTableInput, localDynamoClient, startDynamoDbLocal } from '../local/dynamodb.js';
import { LocalTemplate } from '../local/template.js';

const REGION = 'us-east-1';

/** A table of the synthesized template, found by one of its indexes. */
function tableWithIndex(template: LocalTemplate, indexName: string): string {
  const found = template
    .resourcesOfType('AWS::DynamoDB::Table')
    .find(([, resource]) => JSON.stringify(resource.Properties?.GlobalSecondaryIndexes ?? []).includes(`"${indexName}"`));
  if (!found) throw new Error(`bench: the template has no table with the index ${indexName}`);
  return found[0];
}

export interface BenchTable {
  TableName: string;
  db: DynamoDBDocumentClient;
  stop: () => Promise<void>;
}

/**
 * DynamoDB Local in memory with one table created as the synthesized template defines it (found by one of its
 * indexes), and the environment that points the product's own DynamoDB client and table variable at it.
 */
export async function startBenchTable(indexName: string, tableEnv: string): Promise<BenchTable> {
  const dynamoLocal = await startDynamoDbLocal();
  const client = localDynamoClient(dynamoLocal.endpoint);
  const template = new LocalTemplate(stackTemplate(), REGION, '', {});
  const logicalId = tableWithIndex(template, indexName);
  const TableName = template.tableName(logicalId);
  await client.send(new CreateTableCommand(createTableInput(template, logicalId)));
  Object.assign(process.env, { AWS_REGION: REGION, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_ENDPOINT_URL_DYNAMODB: dynamoLocal.endpoint, [tableEnv]: TableName });
  return {
    TableName,
    db: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    stop: async () => {
      client.destroy();
      await dynamoLocal.stop();
    },
  };
}

/**
 * The read units the product's own DynamoDB client is charged, from its requests' answers. DynamoDB reports them only
 * when asked; asking changes nothing of what is read. Loaded late: the client takes its endpoint when it is created.
 */
export async function productReadUnits(): Promise<{ reset: () => void; units: () => number }> {
  const { dynamo } = await import('../functions/shared/aws.js');
  let units = 0;
  dynamo.middlewareStack.add(
    (next) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      units += (result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity?.CapacityUnits ?? Number.NaN;
      return result;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
  return { reset: () => (units = 0), units: () => units };
}

/** One BatchWriteItem of items (25 at most), sent again with what DynamoDB left unprocessed until all are written. */
export async function putItems(db: DynamoDBDocumentClient, table: string, items: ReadonlyArray<object>): Promise<void> {
  let requests: Array<{ PutRequest: { Item: Record<string, unknown> } }> = items.map((Item) => ({ PutRequest: { Item: { ...Item } } }));
  while (requests.length > 0) {
    const { UnprocessedItems } = await db.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
    requests = (UnprocessedItems?.[table] ?? []) as typeof requests;
  }
}
