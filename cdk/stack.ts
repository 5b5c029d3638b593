import { ArnFormat, CfnParameter, Duration, RemovalPolicy, Stack, TimeZone, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke as ScheduleLambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { adminRouteKeys } from '../functions/admin/route-keys.js';
import { ENV } from '../functions/shared/env.js';
import { returnsDefinition } from '../workflows/returns.js';
import { AppFunction } from './app-function.js';
import { DataTables } from './data-tables.js';

export interface AfterSalesStackProps extends StackProps {
  /** The time zone of the daily schedules (the store's; DOMAIN.md's default is Asia/Shanghai). */
  timezone?: string;
}

const methodOf = (routeKey: string) => routeKey.split(' ')[0] as HttpMethod;
const pathOf = (routeKey: string) => routeKey.split(' ')[1] ?? '/';

export class AfterSalesStack extends Stack {
  constructor(scope: Construct, id: string, props: AfterSalesStackProps = {}) {
    super(scope, id, props);
    const tables = new DataTables(this, 'Data');
    // One Secrets Manager secret per store holds its webhook secrets (current and, during a rotation, previous).
    const webhookSecretPrefix = `after-sales/${this.stackName}/webhook-secret/`;
    const adminToken = new CfnParameter(this, 'AdminToken', {
      type: 'String',
      noEcho: true,
      minLength: 16,
      description: 'Bearer token for the admin API (until the Cognito authorizer replaces it).',
    });

    const paymentProviderUrl = new CfnParameter(this, 'PaymentProviderUrl', {
      type: 'String',
      description: 'Base URL of the payment service that pays refunds (POST <url>/refunds with an Idempotency-Key header).',
    });
    const fulfilmentServiceUrl = new CfnParameter(this, 'FulfilmentServiceUrl', {
      type: 'String',
      description: 'Base URL of the warehouse/fulfilment service that ships exchange replacements (POST <url>/shipments with an Idempotency-Key header).',
    });

    // Human tasks: the one mechanism every workflow's waits go through.
    const openTask = new AppFunction(this, 'OpenTask', { entry: 'functions/tasks/open-task.ts', description: 'Opens a human task for a waiting workflow' })
      .bindTable(tables.tasks, ENV.tasksTable, 'readWrite')
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindTable(tables.cases, ENV.casesTable, 'readWrite');

    // Returns and refunds.
    const returnSteps = new AppFunction(this, 'ReturnSteps', { entry: 'functions/returns/steps.ts', description: 'Steps of the returns workflow' })
      .bindTable(tables.cases, ENV.casesTable, 'readWrite')
      .bindTable(tables.messages, ENV.messagesTable, 'readWrite')
      .bindTable(tables.orders, ENV.ordersTable, 'read')
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindTable(tables.customers, ENV.customersTable, 'readWrite')
      .bindTable(tables.tasks, ENV.tasksTable, 'readWrite');
    returnSteps.addEnvironment(ENV.paymentProviderUrl, paymentProviderUrl.valueAsString);
    returnSteps.addEnvironment(ENV.fulfilmentServiceUrl, fulfilmentServiceUrl.valueAsString);
    const returnsName = `${this.stackName}-returns`;
    const returns = new StateMachine(this, 'ReturnsWorkflow', {
      stateMachineName: returnsName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(returnsDefinition(this, { steps: returnSteps, openTask })),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'ReturnsWorkflowLogs', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY }),
        level: LogLevel.ERROR,
        includeExecutionData: false,
      },
      comment: 'After-sales requests: refunds, returns, exchanges; every wait has a deadline',
    });
    // Opening a wait may end it at once (the buyer withdrew between two waits). A grant on the machine's
    // reference would make the machine depend on itself, so this one names the machine by its fixed name.
    openTask.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:SendTaskSuccess'],
        resources: [this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: returnsName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }),
    );

    // Webhooks: acknowledge after one durable write; process from the stream.
    const ingest = new AppFunction(this, 'WebhookIngest', { entry: 'functions/webhooks/ingest.ts', description: 'Verifies and stores storefront webhooks' })
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindSecrets(webhookSecretPrefix, ENV.webhookSecretPrefix, 'read')
      .bindTable(tables.inbox, ENV.inboxTable, 'readWrite');
    const processor = new AppFunction(this, 'WebhookProcessor', {
      entry: 'functions/webhooks/process.ts',
      description: 'Applies stored webhook events to orders and cases',
      timeout: Duration.seconds(60),
    })
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindTable(tables.orders, ENV.ordersTable, 'readWrite')
      .bindTable(tables.cases, ENV.casesTable, 'readWrite')
      .bindTable(tables.inbox, ENV.inboxTable, 'readWrite')
      .bindTable(tables.tasks, ENV.tasksTable, 'readWrite')
      .bindTable(tables.messages, ENV.messagesTable, 'readWrite')
      .bindTable(tables.customers, ENV.customersTable, 'readWrite')
      .bindWorkflow(returns, ENV.returnsWorkflow, { start: true, callback: true });
    this.consumeStream(processor, tables.inbox, 'WebhookProcessingDLQ');

    // The notifications outbox: everything sent to buyers goes through it and its sender.
    const sender = new AppFunction(this, 'MessageSender', { entry: 'functions/notifications/send.ts', description: 'Sends queued messages to buyers' }).bindTable(
      tables.messages,
      ENV.messagesTable,
      'readWrite',
    );
    this.consumeStream(sender, tables.messages, 'MessageSendingDLQ');

    // Admin API.
    const admin = new AppFunction(this, 'AdminApi', { entry: 'functions/admin/api.ts', description: 'Admin API: stores, cases, tasks, executions, reports' })
      .bindTable(tables.stores, ENV.storesTable, 'readWrite')
      .bindSecrets(webhookSecretPrefix, ENV.webhookSecretPrefix, 'readWrite')
      .bindTable(tables.inbox, ENV.inboxTable, 'read')
      .bindTable(tables.cases, ENV.casesTable, 'read')
      .bindTable(tables.tasks, ENV.tasksTable, 'readWrite')
      .bindTable(tables.reports, ENV.reportsTable, 'read')
      .bindTable(tables.messages, ENV.messagesTable, 'read')
      .bindWorkflow(returns, ENV.returnsWorkflow, { read: true, callback: true });
    admin.addEnvironment(ENV.adminToken, adminToken.valueAsString);

    const api = new HttpApi(this, 'HttpApi', { description: 'Storefront webhooks and the admin API' });
    api.addRoutes({ path: '/webhooks/{storeId}', methods: [HttpMethod.POST], integration: new HttpLambdaIntegration('WebhookIntegration', ingest) });
    const adminIntegration = new HttpLambdaIntegration('AdminIntegration', admin);
    for (const routeKey of adminRouteKeys) {
      api.addRoutes({ path: pathOf(routeKey), methods: [methodOf(routeKey)], integration: adminIntegration });
    }

    // The daily backlog sweep, at 09:00 in the store's time zone.
    const sweep = new AppFunction(this, 'DailySweep', { entry: 'functions/sweeps/daily-sweep.ts', description: 'Daily backlog sweep', timeout: Duration.minutes(5) })
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindTable(tables.tasks, ENV.tasksTable, 'read')
      .bindTable(tables.reports, ENV.reportsTable, 'readWrite');
    new Schedule(this, 'DailySweepSchedule', {
      description: 'Daily backlog sweep at 09:00 store time',
      schedule: ScheduleExpression.cron({ minute: '0', hour: '9', timeZone: TimeZone.of(props.timezone ?? 'Asia/Shanghai') }),
      target: new ScheduleLambdaInvoke(sweep, { input: ScheduleTargetInput.fromObject({ source: 'daily-sweep' }) }),
    });
  }

  /**
   * A function fed by a table's stream: in order, with partial batch failures, retried, and what still fails
   * recorded in a dead-letter queue (the functions also mark such records themselves, where admins look).
   */
  private consumeStream(fn: AppFunction, table: ITable, dlqId: string): void {
    const dlq = new Queue(this, dlqId, { retentionPeriod: Duration.days(14), encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true });
    fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(dlq),
        // Only new items are work; the consumers' own updates (attempts, "sent") would only wake them up.
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT') })],
      }),
    );
  }
}
