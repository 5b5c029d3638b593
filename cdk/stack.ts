import { ArnFormat, CfnOutput, CfnParameter, Duration, Stack, TimeZone, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CorsHttpMethod, HttpApi, HttpMethod, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke as ScheduleLambdaInvoke, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType, type IChainable } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { adminRouteKeys } from '../functions/admin/route-keys.js';
import { ENV } from '../functions/shared/env.js';
import { complaintsDefinition } from '../workflows/complaints.js';
import { campaignsDefinition } from '../workflows/campaigns.js';
import { dailySweepDefinition } from '../workflows/daily-sweep.js';
import { followUpsDefinition } from '../workflows/follow-ups.js';
import { bulkOrdersDefinition, perksDefinition } from '../workflows/bulk-orders.js';
import { invoicesDefinition } from '../workflows/invoices.js';
import { returnsDefinition } from '../workflows/returns.js';
import { AdminAuth } from './admin-auth.js';
import { AppFunction, productLogGroup } from './app-function.js';
import { DataTables } from './data-tables.js';
import { applyNagSuppressions } from './nag-suppressions.js';
import { Observability } from './observability.js';

export interface AfterSalesStackProps extends StackProps {
  /** The time zone of the daily schedules (the store's; DOMAIN.md's default is Asia/Shanghai). */
  timezone?: string;
  /** More time zones with stores of their own: each gets its own 09:00 sweep; the default one sweeps the rest. */
  sweepTimezones?: string[];
  /** Where the console is hosted as a static site: its origin may call the admin API, and sign-in returns there. */
  consoleUrl?: string;
  /** Who is mailed when an alarm goes off (`-c alarmEmail=ops@example.com`). */
  alarmEmail?: string;
}

const methodOf = (routeKey: string) => routeKey.split(' ')[0] as HttpMethod;
const pathOf = (routeKey: string) => routeKey.split(' ')[1] ?? '/';

export class AfterSalesStack extends Stack {
  constructor(scope: Construct, id: string, props: AfterSalesStackProps = {}) {
    super(scope, id, props);
    const tables = new DataTables(this, 'Data');
    // One Secrets Manager secret per store holds its webhook secrets (current and, during a rotation, previous).
    const webhookSecretPrefix = `after-sales/${this.stackName}/webhook-secret/`;

    const paymentProviderUrl = new CfnParameter(this, 'PaymentProviderUrl', {
      type: 'String',
      description: 'Base URL of the payment service that pays refunds (POST <url>/refunds with an Idempotency-Key header).',
    });
    const invoiceServiceUrl = new CfnParameter(this, 'InvoiceServiceUrl', {
      type: 'String',
      description: 'Base URL of the e-invoicing service that issues invoices and red-letter reversals (POST <url>/invoices with an Idempotency-Key header).',
    });
    const fulfilmentServiceUrl = new CfnParameter(this, 'FulfilmentServiceUrl', {
      type: 'String',
      description: 'Base URL of the warehouse/fulfilment service that ships exchange replacements (POST <url>/shipments with an Idempotency-Key header).',
    });

    const smsProviderUrl = new CfnParameter(this, 'SmsProviderUrl', {
      type: 'String',
      default: '',
      description: 'Base URL of the SMS provider (POST <url>/messages with an Idempotency-Key header); empty: campaigns do not use SMS.',
    });
    const emailProviderUrl = new CfnParameter(this, 'EmailProviderUrl', {
      type: 'String',
      default: '',
      description: 'Base URL of the email provider (POST <url>/messages with an Idempotency-Key header); empty: campaigns do not use email.',
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
      .bindTable(tables.orders, ENV.ordersTable, 'readWrite')
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindTable(tables.customers, ENV.customersTable, 'readWrite')
      .bindTable(tables.tasks, ENV.tasksTable, 'readWrite');
    returnSteps.addEnvironment(ENV.paymentProviderUrl, paymentProviderUrl.valueAsString);
    returnSteps.addEnvironment(ENV.fulfilmentServiceUrl, fulfilmentServiceUrl.valueAsString);
    returnSteps.addEnvironment(ENV.invoiceServiceUrl, invoiceServiceUrl.valueAsString);
    const returns = this.workflow('ReturnsWorkflow', 'returns', returnsDefinition(new Construct(this, 'ReturnsStates'), { steps: returnSteps, openTask }), 'After-sales requests: refunds, returns, exchanges; every wait has a deadline', openTask);

    // Invoices.
    const invoiceSteps = new AppFunction(this, 'InvoiceSteps', { entry: 'functions/invoices/steps.ts', description: 'Steps of the invoices workflow' })
      .bindTable(tables.cases, ENV.casesTable, 'readWrite')
      .bindTable(tables.messages, ENV.messagesTable, 'readWrite')
      .bindTable(tables.orders, ENV.ordersTable, 'readWrite')
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindTable(tables.tasks, ENV.tasksTable, 'readWrite');
    invoiceSteps.addEnvironment(ENV.invoiceServiceUrl, invoiceServiceUrl.valueAsString);
    const invoices = this.workflow('InvoicesWorkflow', 'invoices', invoicesDefinition(new Construct(this, 'InvoicesStates'), { steps: invoiceSteps, openTask }), 'Invoices: issue, deliver in the parcel or by post, confirm, void on refund', openTask);
    // A refund voids the order's invoice and reissues it for the rest.
    returnSteps.bindWorkflow(invoices, ENV.invoicesWorkflow, { start: true, callback: true });

    // Complaints.
    const complaintSteps = new AppFunction(this, 'ComplaintSteps', { entry: 'functions/complaints/steps.ts', description: 'Steps of the complaints workflow' })
      .bindTable(tables.cases, ENV.casesTable, 'readWrite')
      .bindTable(tables.messages, ENV.messagesTable, 'readWrite')
      .bindTable(tables.orders, ENV.ordersTable, 'read')
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindTable(tables.tasks, ENV.tasksTable, 'readWrite')
      .bindTable(tables.customers, ENV.customersTable, 'readWrite')
      .bindTable(tables.reports, ENV.reportsTable, 'readWrite')
      // A solution that is a return, a refund or a replacement opens an after-sales case.
      .bindWorkflow(returns, ENV.returnsWorkflow, { start: true });
    const complaints = this.workflow(
      'ComplaintsWorkflow',
      'complaints',
      complaintsDefinition(new Construct(this, 'ComplaintsStates'), { steps: complaintSteps, openTask }),
      'Complaints: answered within 48 h, major ones to the supervisor, promised call-backs kept',
      openTask,
    );

    // Bulk-order review, and gift / free-shipping requests (rules first, a supervisor otherwise).
    const bulkSteps = new AppFunction(this, 'BulkOrderSteps', { entry: 'functions/bulk-orders/steps.ts', description: 'Steps of the bulk-order review and of gift and free-shipping requests' })
      .bindTable(tables.cases, ENV.casesTable, 'readWrite')
      .bindTable(tables.messages, ENV.messagesTable, 'readWrite')
      .bindTable(tables.orders, ENV.ordersTable, 'readWrite')
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindTable(tables.tasks, ENV.tasksTable, 'readWrite')
      .bindTable(tables.customers, ENV.customersTable, 'read');
    const bulkOrders = this.workflow(
      'BulkOrdersWorkflow',
      'bulk-orders',
      bulkOrdersDefinition(new Construct(this, 'BulkOrdersStates'), { steps: bulkSteps, openTask }),
      'Bulk-order review: screened, reviewed, discount approved, followed to the buyer\'s receipt',
      openTask,
    );
    const perks = this.workflow('PerksWorkflow', 'perks', perksDefinition(new Construct(this, 'PerksStates'), { steps: bulkSteps, openTask }), 'Gift and free-shipping requests: rules first, a supervisor otherwise', openTask);

    // Follow-ups the daily sweep hands to agents: late shipments, stalled parcels, medium and bad reviews.
    const followUpSteps = new AppFunction(this, 'FollowUpSteps', { entry: 'functions/follow-ups/steps.ts', description: 'Steps of the follow-ups workflow' })
      .bindTable(tables.cases, ENV.casesTable, 'readWrite')
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindTable(tables.tasks, ENV.tasksTable, 'readWrite')
      .bindTable(tables.reports, ENV.reportsTable, 'readWrite');
    const followUps = this.workflow(
      'FollowUpsWorkflow',
      'follow-ups',
      followUpsDefinition(new Construct(this, 'FollowUpsStates'), { steps: followUpSteps, openTask }),
      'Follow-ups from the daily sweep: an agent, then the supervisor, then closed unresolved',
      openTask,
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
      .bindWorkflow(returns, ENV.returnsWorkflow, { start: true, callback: true })
      .bindWorkflow(invoices, ENV.invoicesWorkflow, { start: true, callback: true })
      .bindWorkflow(complaints, ENV.complaintsWorkflow, { start: true, callback: true })
      .bindWorkflow(bulkOrders, ENV.bulkOrdersWorkflow, { start: true, callback: true })
      .bindWorkflow(perks, ENV.perksWorkflow, { start: true })
      // Shipments and carrier updates resolve the sweep's follow-ups; medium and bad reviews wait for the sweep.
      // A low satisfaction score opens a follow-up for an agent.
      .bindWorkflow(followUps, ENV.followUpsWorkflow, { start: true, callback: true })
      .bindTable(tables.reports, ENV.reportsTable, 'readWrite');
    const processingDlq = this.consumeStream(processor, tables.inbox, 'WebhookProcessingDLQ');

    // The notifications outbox: everything sent to buyers goes through it and its sender.
    const sender = new AppFunction(this, 'MessageSender', { entry: 'functions/notifications/send.ts', description: 'Sends queued messages to buyers' }).bindTable(
      tables.messages,
      ENV.messagesTable,
      'readWrite',
    );
    sender.addEnvironment(ENV.smsProviderUrl, smsProviderUrl.valueAsString);
    sender.addEnvironment(ENV.emailProviderUrl, emailProviderUrl.valueAsString);
    const sendingDlq = this.consumeStream(sender, tables.messages, 'MessageSendingDLQ');

    // Admin API.
    const admin = new AppFunction(this, 'AdminApi', { entry: 'functions/admin/api.ts', description: 'Admin API: stores, cases, tasks, executions, reports' })
      .bindTable(tables.stores, ENV.storesTable, 'readWrite')
      .bindSecrets(webhookSecretPrefix, ENV.webhookSecretPrefix, 'readWrite')
      .bindTable(tables.inbox, ENV.inboxTable, 'read')
      .bindTable(tables.cases, ENV.casesTable, 'read')
      .bindTable(tables.tasks, ENV.tasksTable, 'readWrite')
      .bindTable(tables.reports, ENV.reportsTable, 'read')
      .bindTable(tables.messages, ENV.messagesTable, 'readWrite')
      .bindTable(tables.customers, ENV.customersTable, 'readWrite')
      .bindWorkflow(returns, ENV.returnsWorkflow, { read: true, callback: true })
      .bindWorkflow(invoices, ENV.invoicesWorkflow, { read: true, callback: true })
      .bindWorkflow(complaints, ENV.complaintsWorkflow, { start: true, read: true, callback: true })
      .bindWorkflow(bulkOrders, ENV.bulkOrdersWorkflow, { start: true, read: true, callback: true })
      .bindWorkflow(perks, ENV.perksWorkflow, { read: true, callback: true })
      .bindWorkflow(followUps, ENV.followUpsWorkflow, { read: true, callback: true })
      .bindTable(tables.orders, ENV.ordersTable, 'readWrite');

    const api = new HttpApi(this, 'HttpApi', {
      description: 'Storefront webhooks and the admin API',
      createDefaultStage: false,
      // The console hosted on its own origin reads the admin API from the browser.
      ...(props.consoleUrl
        ? { corsPreflight: { allowOrigins: [new URL(props.consoleUrl).origin], allowHeaders: ['authorization', 'content-type'], allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT], maxAge: Duration.hours(1) } }
        : {}),
    });
    // What was asked and how it went, and nothing a request carries: no body, query string, actual path or caller's address.
    api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: {
        destination: new LogGroupLogDestination(productLogGroup(this, 'HttpApiAccessLogs')),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            requestTime: AccessLogField.contextRequestTime(),
            routeKey: AccessLogField.contextRouteKey(),
            status: AccessLogField.contextStatus(),
            responseLength: AccessLogField.contextResponseLength(),
            responseLatency: AccessLogField.contextResponseLatency(),
            integrationError: AccessLogField.contextIntegrationErrorMessage(),
          }),
        ),
      },
    });
    new CfnOutput(this, 'HttpApiUrl', { value: api.apiEndpoint, description: 'Base URL of the storefront webhooks and the admin API' });
    api.addRoutes({ path: '/webhooks/{storeId}', methods: [HttpMethod.POST], integration: new HttpLambdaIntegration('WebhookIntegration', ingest) });
    // The opt-out link of marketing messages: the buyer opens it; its secret is the message's own.
    const optOut = new AppFunction(this, 'OptOut', { entry: 'functions/notifications/opt-out.ts', description: 'Opt-out links of marketing messages' })
      .bindTable(tables.messages, ENV.messagesTable, 'readWrite')
      .bindTable(tables.customers, ENV.customersTable, 'readWrite');
    api.addRoutes({ path: '/optout/{messageId}/{secret}', methods: [HttpMethod.GET], integration: new HttpLambdaIntegration('OptOutIntegration', optOut) });
    const adminIntegration = new HttpLambdaIntegration('AdminIntegration', admin);
    const { authorizer } = new AdminAuth(this, 'AdminAuth', props.consoleUrl ? { consoleUrl: props.consoleUrl } : {});
    for (const routeKey of adminRouteKeys) {
      api.addRoutes({ path: pathOf(routeKey), methods: [methodOf(routeKey)], integration: adminIntegration, authorizer });
    }

    // The daily backlog sweep, at 09:00 in each store time zone: a state machine mapping over the stores.
    const sweep = new AppFunction(this, 'DailySweep', { entry: 'functions/sweeps/daily-sweep.ts', description: 'Daily backlog sweep of one store', timeout: Duration.minutes(15) })
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindTable(tables.orders, ENV.ordersTable, 'readWrite')
      .bindTable(tables.cases, ENV.casesTable, 'readWrite')
      .bindTable(tables.tasks, ENV.tasksTable, 'read')
      .bindTable(tables.customers, ENV.customersTable, 'read')
      .bindTable(tables.messages, ENV.messagesTable, 'readWrite')
      .bindTable(tables.reports, ENV.reportsTable, 'readWrite')
      .bindWorkflow(followUps, ENV.followUpsWorkflow, { start: true });
    const dailySweep = this.workflow('DailySweepWorkflow', 'daily-sweep', dailySweepDefinition(new Construct(this, 'DailySweepStates'), sweep), 'Daily backlog sweep: every store of the time zone, side by side');
    admin.bindWorkflow(dailySweep, ENV.dailySweepWorkflow, { read: true });
    const defaultTimezone = props.timezone ?? 'Asia/Shanghai';
    const others = (props.sweepTimezones ?? []).filter((timezone) => timezone !== defaultTimezone);
    // One schedule per time zone, so "9 am" is each store's 9 am: the default one covers every store the others do not.
    const dailySchedules = (id: string, what: string, hour: number, machine: StateMachine) => {
      const schedule = (scheduleId: string, timezone: string, covering: Record<string, string[]>) =>
        new Schedule(this, scheduleId, {
          description: `${what} at ${String(hour).padStart(2, '0')}:00 ${timezone}`,
          schedule: ScheduleExpression.cron({ minute: '0', hour: String(hour), timeZone: TimeZone.of(timezone) }),
          target: new StepFunctionsStartExecution(machine, { input: ScheduleTargetInput.fromObject(covering) }),
        });
      schedule(`${id}Schedule`, defaultTimezone, { exceptTimezones: others });
      for (const timezone of others) schedule(`${id}${timezone.replace(/[^A-Za-z0-9]/g, '')}Schedule`, timezone, { timezones: [timezone] });
    };
    dailySchedules('DailySweep', 'Daily backlog sweep', 9, dailySweep);

    // The revisit campaigns, at 10:00 in each store time zone (after the sweep), through the outbox's contact rules.
    const campaignRunner = new AppFunction(this, 'Campaigns', { entry: 'functions/campaigns/campaigns.ts', description: 'Revisit campaigns of one store', timeout: Duration.minutes(15) })
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindTable(tables.orders, ENV.ordersTable, 'read')
      .bindTable(tables.cases, ENV.casesTable, 'read')
      .bindTable(tables.customers, ENV.customersTable, 'readWrite')
      .bindTable(tables.messages, ENV.messagesTable, 'readWrite')
      .bindTable(tables.reports, ENV.reportsTable, 'readWrite');
    campaignRunner.addEnvironment(ENV.publicBaseUrl, api.apiEndpoint);
    const campaigns = this.workflow('CampaignsWorkflow', 'campaigns', campaignsDefinition(new Construct(this, 'CampaignsStates'), campaignRunner), 'Revisit campaigns: every store of the time zone, after its quiet hours');
    admin.bindWorkflow(campaigns, ENV.campaignsWorkflow, { read: true });
    dailySchedules('Campaigns', 'Revisit campaigns', 10, campaigns);

    // The monthly postal batch of invoices, closed on the 1st at 00:00 in the store's time zone.
    const invoiceBatch = new AppFunction(this, 'InvoiceBatch', { entry: 'functions/invoices/monthly-batch.ts', description: 'Closes the monthly postal batch of invoices', timeout: Duration.minutes(5) })
      .bindTable(tables.stores, ENV.storesTable, 'read')
      .bindTable(tables.cases, ENV.casesTable, 'read')
      .bindTable(tables.tasks, ENV.tasksTable, 'readWrite')
      .bindTable(tables.reports, ENV.reportsTable, 'readWrite')
      .bindWorkflow(invoices, ENV.invoicesWorkflow, { callback: true });
    new Schedule(this, 'InvoiceBatchSchedule', {
      description: 'Monthly postal batch of invoices, on the 1st at 00:00 store time',
      schedule: ScheduleExpression.cron({ minute: '0', hour: '0', day: '1', timeZone: TimeZone.of(defaultTimezone) }),
      target: new ScheduleLambdaInvoke(invoiceBatch, { input: ScheduleTargetInput.fromObject({ source: 'invoice-batch' }) }),
    });

    // Last: the dashboard and the alarms cover every state machine and function created above.
    const deadLetterQueues = [processingDlq, sendingDlq];
    new Observability(this, 'Observability', { deadLetterQueues, alarmEmail: props.alarmEmail });
    applyNagSuppressions(this, { deadLetterQueues, webhookSecretPrefix });
  }

  /**
   * A Standard state machine, traced, with a fixed name: the function that opens its waits may answer one at once,
   * and a grant on the machine's reference would make the machine depend on itself. Every event is logged, for an
   * audit trail that outlives the execution history, but never the states' input and output: decisions and
   * complaints carry what people wrote.
   */
  private workflow(id: string, name: string, definition: IChainable, comment: string, openTask?: AppFunction): StateMachine {
    const stateMachineName = `${this.stackName}-${name}`;
    const machine = new StateMachine(this, id, {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: {
        destination: productLogGroup(this, `${id}Logs`),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
      comment,
    });
    openTask?.addToRolePolicy(
      new PolicyStatement({
        actions: ['states:SendTaskSuccess'],
        resources: [this.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      }),
    );
    return machine;
  }

  /**
   * A function fed by a table's stream: in order, with partial batch failures, retried, and what still fails
   * recorded in a dead-letter queue (the functions also mark such records themselves, where admins look).
   */
  private consumeStream(fn: AppFunction, table: ITable, dlqId: string): Queue {
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
    return dlq;
  }
}
