import { Stack, type CfnElement } from 'aws-cdk-lib';
import { CfnRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { AppFunction } from './app-function.js';

/**
 * A finding's resource for an ARN in this stack's region and account: cdk-nag writes the region and the account as
 * placeholders in an environment-agnostic synth, and as they are when the CLI knows them (`npm run synth`).
 */
const arnInThisAccount = (service: string, resourcePattern: string) => ({
  regex: `/^Resource::arn:<AWS::Partition>:${service}:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\\d{12}):${resourcePattern}$/`,
});
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface NagExceptions {
  /** Queues that stream mappings send the batches they gave up on to. */
  deadLetterQueues: IQueue[];
  /** The name prefix of the per-store webhook secrets. */
  webhookSecretPrefix: string;
}

/**
 * The AwsSolutions findings (cdk-nag) this stack accepts on purpose, each with its reason; everything else is fixed
 * in the stack, and test/cdk/nag.test.ts fails on any finding not listed here. The IAM5 wildcards are accepted one
 * resource pattern at a time, never for a whole policy.
 */
export function applyNagSuppressions(stack: Stack, exceptions: NagExceptions): void {
  const all = stack.node.findAll();
  const functions = all.filter((construct): construct is AppFunction => construct instanceof AppFunction);
  const tables = all.filter((construct): construct is Table => construct instanceof Table);
  const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);

  for (const fn of functions) {
    NagSuppressions.addResourceSuppressions(fn, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'Lambda runs nodejs22.x, the newest Node the handlers are run and tested on: the local cloud and the test suite run them in-process on the Node 20/22 of the developers and CI. Moving to nodejs24.x goes with moving those machines.',
      },
    ]);
  }
  for (const queue of exceptions.deadLetterQueues) {
    NagSuppressions.addResourceSuppressions(queue, [
      {
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself a dead-letter queue: the failure destination of a DynamoDB stream mapping, which cdk-nag does not recognise as one.',
      },
    ]);
  }
  // The admin routes have the Cognito JWT authorizer; the storefronts' route and the buyers' opt-out link cannot.
  const unauthenticated: Record<string, string> = {
    'POST /webhooks/': "Authorised in the function: a storefront cannot sign with AWS credentials or a JWT, so the ingest verifies each webhook's HMAC signature with the store's secret before storing anything.",
    'GET /optout/': 'A buyer opens it from a message, without an account: the link carries the message id and a 128-bit secret kept on that message, which the function compares before opting that one buyer out.',
  };
  for (const route of all.filter((construct): construct is CfnRoute => construct instanceof CfnRoute)) {
    const reason = Object.entries(unauthenticated).find(([prefix]) => route.routeKey.startsWith(prefix))?.[1];
    if (reason) NagSuppressions.addResourceSuppressions(route, [{ id: 'AwsSolutions-APIG4', reason }]);
  }
  for (const pool of all.filter((construct): construct is UserPool => construct instanceof UserPool)) {
    NagSuppressions.addResourceSuppressions(pool, [
      {
        id: 'AwsSolutions-COG8',
        reason: 'The Essentials tier: the pool holds a store\'s few staff, with MFA required and no self sign-up; the Plus tier\'s threat protection is priced per user and can be switched on in the pool when a store wants it.',
      },
    ]);
  }

  NagSuppressions.addStackSuppressions(stack, [
    {
      id: 'AwsSolutions-IAM5',
      reason:
        'Actions that accept no resource: X-Ray tracing (functions and state machines), CloudWatch Logs vended log delivery (state machine logging), dynamodb:ListStreams (stream mappings). test/cdk/stack.test.ts allows no other action on "*".',
      appliesTo: ['Resource::*'],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason: 'The data grants of a table cover its own secondary indexes (<table>/index/*): the indexes are part of the table, each named by the access pattern it serves.',
      appliesTo: tables.map((table) => `Resource::<${logicalId(table)}.Arn>/index/*`),
    },
    {
      id: 'AwsSolutions-IAM5',
      reason: 'Invoking one of the product\'s own functions, as CDK grants it to Step Functions and EventBridge Scheduler: the function and its versions (<function>:*).',
      appliesTo: functions.map((fn) => `Resource::<${logicalId(fn)}.Arn>:*`),
    },
    {
      id: 'AwsSolutions-IAM5',
      reason: 'Reading the executions of one named state machine (DescribeExecution, GetExecutionHistory): executions are named by case id, so they cannot be listed in advance.',
      appliesTo: [arnInThisAccount('states', 'execution:.+:\\*')],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason: 'One webhook secret per store, created when the store registers: the grant covers this stack\'s webhook secrets (the ingest reads them, the admin API writes them) and no other secret.',
      appliesTo: [arnInThisAccount('secretsmanager', `secret:${escapeRegExp(exceptions.webhookSecretPrefix)}\\*`)],
    },
  ]);
}
