import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { synthesizeTemplate } from '../../cdk/synth.js';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    templateFile: string;
  }
}

let dynamo: DynamoDbLocal | undefined;
let directory: string | undefined;

/** One DynamoDB Local and one synthesized template for the whole run; each test file gets its own tables. */
export async function setup(project: TestProject): Promise<void> {
  directory = mkdtempSync(path.join(tmpdir(), 'after-sales-test-'));
  const templateFile = path.join(directory, 'template.json');
  writeFileSync(templateFile, JSON.stringify(synthesizeTemplate()));
  dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('templateFile', templateFile);
}

export async function teardown(): Promise<void> {
  await dynamo?.stop();
  if (directory) rmSync(directory, { recursive: true, force: true });
}
