import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { synthesizeTemplate, type CloudFormationTemplate } from '../../cdk/synth.js';
import { adminRouteKeys } from '../../functions/admin/route-keys.js';
import { workflowArnEnv } from '../../functions/shared/executions.js';

// The project root, worked out from this file's own location (test/cdk/ is two levels down).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const ENTRY_KEY = 'aftersales:entry';
const PLACEHOLDER = 'RESOLVED_BY_CLOUDFORMATION';

type Resource = { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown>; DeletionPolicy?: string };

interface AslCatcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
}

interface AslState {
  Type: string;
  Resource?: string;
  Next?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Catch?: AslCatcher[];
  Retry?: Array<{ ErrorEquals: string[] }>;
  Parameters?: Record<string, unknown>;
  Branches?: AslMachine[];
  ItemProcessor?: AslMachine;
  Iterator?: AslMachine;
}

interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
}

/** Turns DefinitionString (a plain string or an Fn::Join of strings and intrinsics) into the ASL object. */
function resolveDefinition(definitionString: unknown): AslMachine {
  if (typeof definitionString === 'string') return JSON.parse(definitionString) as AslMachine;
  const join = (definitionString as { 'Fn::Join'?: unknown } | undefined)?.['Fn::Join'];
  if (!Array.isArray(join) || join.length !== 2 || typeof join[0] !== 'string' || !Array.isArray(join[1])) {
    throw new Error(`DefinitionString is neither a string nor an Fn::Join: ${JSON.stringify(definitionString)}`);
  }
  const [separator, parts] = join as [string, unknown[]];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : PLACEHOLDER)).join(separator)) as AslMachine;
}

/** Every state of a machine, including those nested in Parallel branches and Map processors. */
function allStates(machine: AslMachine): Array<[string, AslState]> {
  const out: Array<[string, AslState]> = [];
  for (const [name, state] of Object.entries(machine.States)) {
    out.push([name, state]);
    for (const branch of state.Branches ?? []) out.push(...allStates(branch));
    if (state.ItemProcessor) out.push(...allStates(state.ItemProcessor));
    if (state.Iterator) out.push(...allStates(state.Iterator));
  }
  return out;
}

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

interface PolicyStatement {
  Effect?: string;
  Action?: string | string[];
  Resource?: unknown;
}

/** Identity-policy statements: AWS::IAM::Policy, AWS::IAM::ManagedPolicy and inline role policies. */
function identityStatements(resources: Record<string, Resource>): Array<{ owner: string; statement: PolicyStatement }> {
  const out: Array<{ owner: string; statement: PolicyStatement }> = [];
  const add = (owner: string, document: unknown) => {
    const statements = (document as { Statement?: PolicyStatement | PolicyStatement[] } | undefined)?.Statement;
    for (const statement of asList(statements)) out.push({ owner, statement });
  };
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') add(id, resource.Properties?.PolicyDocument);
    if (resource.Type === 'AWS::IAM::Role') {
      for (const inline of asList(resource.Properties?.Policies as Array<{ PolicyDocument?: unknown }> | undefined)) add(id, inline.PolicyDocument);
    }
  }
  return out;
}

/**
 * Actions that IAM cannot scope to a resource, the only ones that may be granted on "*" (cdk/nag-suppressions.ts
 * accepts AwsSolutions-IAM5 "Resource::*" on that ground): ListStreams, which a Lambda stream event source needs;
 * X-Ray tracing; and the CloudWatch Logs vended log delivery that state machine logging sets up.
 */
const UNSCOPABLE_ACTIONS = new Set([
  'dynamodb:ListStreams',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

describe('the synthesized AfterSales stack', () => {
  let raw: CloudFormationTemplate;
  let template: Template;
  let resources: Record<string, Resource>;

  beforeAll(() => {
    raw = synthesizeTemplate();
    template = Template.fromJSON(raw);
    resources = raw.Resources as Record<string, Resource>;
  });

  const ofType = (type: string): Array<[string, Resource]> => Object.entries(resources).filter(([, resource]) => resource.Type === type);

  describe('DynamoDB tables', () => {
    it('are all on-demand, encrypted, recoverable to a point in time and retained', () => {
      const tables = ofType('AWS::DynamoDB::Table');
      expect(tables.length).toBeGreaterThanOrEqual(6);
      template.allResourcesProperties('AWS::DynamoDB::Table', {
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
      template.allResources('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
      for (const [id, table] of tables) {
        expect(table.DeletionPolicy, id).toBe('Retain');
        expect(table.Properties?.BillingMode, id).toBe('PAY_PER_REQUEST');
      }
    });

    it('streams new images of the inbox and expires inbox items on expiresAt', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: 'storeId', KeyType: 'HASH' },
          { AttributeName: 'eventId', KeyType: 'RANGE' },
        ],
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    });

    it('streams new messages of the outbox and lets suppressed ones expire on expiresAt', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [{ AttributeName: 'messageId', KeyType: 'HASH' }],
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    });

    it('lets the carrier updates of parcels nobody named expire from the cases table on expiresAt', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [{ AttributeName: 'caseId', KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    });

    it('has the sparse openTasksByStore index on the tasks table, keyed by openStoreId', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [{ AttributeName: 'taskId', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: Match.arrayWith([
          Match.objectLike({
            IndexName: 'openTasksByStore',
            KeySchema: [
              { AttributeName: 'openStoreId', KeyType: 'HASH' },
              { AttributeName: 'dueAt', KeyType: 'RANGE' },
            ],
          }),
        ]),
      });
    });
  });

  describe('the customer file and returns on their way', () => {
    it('keeps customers per store and buyer', () => {
      template.hasResourceProperties('AWS::DynamoDB::Table', {
        KeySchema: [
          { AttributeName: 'storeId', KeyType: 'HASH' },
          { AttributeName: 'buyerId', KeyType: 'RANGE' },
        ],
      });
    });

    it('lets the function that opens waits answer a wait of the returns machine, named without a reference cycle', () => {
      template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: Match.anyValue() });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Action: 'states:SendTaskSuccess', Resource: Match.objectLike({ 'Fn::Join': Match.anyValue() }) })]),
        },
      });
    });

    it('asks for the outside services the returns steps call', () => {
      template.hasParameter('PaymentProviderUrl', { Type: 'String' });
      template.hasParameter('FulfilmentServiceUrl', { Type: 'String' });
    });
  });

  describe('Lambda functions', () => {
    it('run on Node 22 / arm64 with active tracing and their own log group, from an entry file that exists', () => {
      const appFunctions = ofType('AWS::Lambda::Function').filter(([, fn]) => typeof fn.Metadata?.[ENTRY_KEY] === 'string');
      const entries = appFunctions.map(([, fn]) => fn.Metadata?.[ENTRY_KEY]);
      expect(entries).toEqual(
        expect.arrayContaining([
          'functions/tasks/open-task.ts',
          'functions/returns/steps.ts',
          'functions/webhooks/ingest.ts',
          'functions/webhooks/process.ts',
          'functions/admin/api.ts',
          'functions/sweeps/daily-sweep.ts',
        ]),
      );
      for (const [id, fn] of appFunctions) {
        const props = fn.Properties ?? {};
        expect(props.Runtime, id).toBe('nodejs22.x');
        expect(props.Architectures, id).toEqual(['arm64']);
        expect(props.TracingConfig, id).toEqual({ Mode: 'Active' });
        const logGroupRef = (props.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref;
        expect(logGroupRef, `${id} LoggingConfig.LogGroup`).toBeTypeOf('string');
        expect(resources[logGroupRef ?? '']?.Type, `${id} log group`).toBe('AWS::Logs::LogGroup');
        const entry = String(fn.Metadata?.[ENTRY_KEY]);
        expect(path.isAbsolute(entry), `${id} entry ${entry} is relative`).toBe(false);
        expect(existsSync(path.join(root, entry)), `${id} entry ${entry} exists`).toBe(true);
      }
    });
  });

  describe('the returns state machine', () => {
    let machines: Array<[string, AslMachine]>;
    let returns: AslMachine;

    beforeAll(() => {
      machines = ofType('AWS::StepFunctions::StateMachine').map(([id, machine]) => [id, resolveDefinition(machine.Properties?.DefinitionString)]);
      const found = machines.find(([, definition]) => 'Await store decision' in definition.States);
      if (!found) throw new Error('no state machine has an "Await store decision" state');
      returns = found[1];
    });

    it('is STANDARD, traced, and logs every event without the execution data (every state machine is)', () => {
      expect(machines.length).toBeGreaterThanOrEqual(1);
      template.allResourcesProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: {
          Level: 'ALL',
          IncludeExecutionData: false,
          Destinations: Match.arrayWith([Match.objectLike({ CloudWatchLogsLogGroup: Match.objectLike({ LogGroupArn: Match.anyValue() }) })]),
        },
      });
    });

    it('starts by checking eligibility', () => {
      expect(returns.StartAt).toBe('Check eligibility');
      expect(returns.States['Check eligibility']?.Type).toBe('Task');
    });

    it('awaits the store decision on a task token with the policy deadline, agreeing automatically on timeout', () => {
      const wait = returns.States['Await store decision'];
      expect(wait?.Type).toBe('Task');
      expect(wait?.Resource?.endsWith('lambda:invoke.waitForTaskToken')).toBe(true);
      expect(wait?.TimeoutSecondsPath).toBe('$.deadlines.storeDecisionSeconds');
      const payload = wait?.Parameters?.Payload as Record<string, unknown> | undefined;
      expect(payload?.['taskToken.$']).toBe('$$.Task.Token');
      const onTimeout = wait?.Catch?.find((catcher) => catcher.ErrorEquals.includes('States.Timeout'));
      expect(onTimeout?.Next).toBe('Agree automatically after timeout');
      expect(returns.States['Agree automatically after timeout']).toBeDefined();
    });

    it('opens every wait again when Lambda throttled it, and never after the function failed (all state machines)', () => {
      const waits = machines.flatMap(([machineId, machine]) =>
        allStates(machine).filter(([, state]) => state.Type === 'Task' && state.Resource?.endsWith('.waitForTaskToken')).map(([name, state]) => [`${machineId} / ${name}`, state.Retry ?? []] as const),
      );
      expect(waits.length).toBeGreaterThanOrEqual(1);
      for (const [where, retries] of waits) {
        const retried = retries.flatMap((retry) => retry.ErrorEquals);
        expect(retried, where).toContain('Lambda.TooManyRequestsException');
        expect(retried, where).not.toContain('States.TaskFailed');
        expect(retried, where).not.toContain('States.ALL');
      }
    });

    it('never waits for a task token without a deadline and a route for States.Timeout (all state machines)', () => {
      let waits = 0;
      for (const [machineId, machine] of machines) {
        for (const [name, state] of allStates(machine)) {
          if (state.Type !== 'Task' || !state.Resource?.endsWith('.waitForTaskToken')) continue;
          waits += 1;
          const where = `${machineId} / ${name}`;
          const hasDeadline = typeof state.TimeoutSeconds === 'number' || typeof state.TimeoutSecondsPath === 'string';
          expect(hasDeadline, `${where} has TimeoutSeconds or TimeoutSecondsPath`).toBe(true);
          const onTimeout = state.Catch?.find((catcher) => catcher.ErrorEquals.includes('States.Timeout'));
          expect(onTimeout, `${where} catches States.Timeout`).toBeDefined();
        }
      }
      expect(waits).toBeGreaterThanOrEqual(1);
    });
  });

  describe('logs', () => {
    it('keep every log group for a month', () => {
      expect(ofType('AWS::Logs::LogGroup').length).toBeGreaterThan(0);
      template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });
  });

  describe('HTTP API', () => {
    it('logs each request to a log group, without what the request carries or who sent it', () => {
      const [stage] = ofType('AWS::ApiGatewayV2::Stage');
      const settings = stage?.[1].Properties?.AccessLogSettings as { DestinationArn?: { 'Fn::GetAtt'?: [string, string] }; Format?: string } | undefined;
      expect(resources[settings?.DestinationArn?.['Fn::GetAtt']?.[0] ?? '']?.Type).toBe('AWS::Logs::LogGroup');
      expect(Object.keys(JSON.parse(settings?.Format ?? '{}') as object)).toContain('requestId');
      expect(settings?.Format).not.toMatch(/sourceIp|userAgent|\$context\.path|queryString|body/);
    });

    it('routes storefront webhooks and every admin route key', () => {
      const routeKeys = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties?.RouteKey);
      expect(routeKeys).toContain('POST /webhooks/{storeId}');
      for (const routeKey of adminRouteKeys) expect(routeKeys).toContain(routeKey);
      expect(adminRouteKeys.length).toBeGreaterThan(0);
    });

    it('puts the Cognito JWT authorizer on every admin route and none on the storefronts\' route (signed by HMAC) or the buyers\' opt-out link (its secret is the message\'s)', () => {
      const [[authorizerId, authorizer] = []] = ofType('AWS::ApiGatewayV2::Authorizer');
      expect(authorizer?.Properties).toMatchObject({ AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'] });
      expect(JSON.stringify(authorizer?.Properties?.JwtConfiguration)).toMatch(/cognito-idp/);
      for (const [, route] of ofType('AWS::ApiGatewayV2::Route')) {
        const routeKey = String(route.Properties?.RouteKey);
        if (routeKey.startsWith('POST /webhooks/') || routeKey.startsWith('GET /optout/')) expect(route.Properties?.AuthorizationType ?? 'NONE', routeKey).toBe('NONE');
        else expect(route.Properties, routeKey).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      }
    });

    it('keeps admin users in a user pool without self sign-up, with MFA required, in the admin, supervisor and agent groups', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        MfaConfiguration: 'ON',
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Schema: Match.arrayWith([Match.objectLike({ Name: 'storeIds', Mutable: true })]),
      });
      const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties?.GroupName).sort();
      expect(groups).toEqual(['admin', 'agent', 'supervisor']);
      expect(template.toJSON().Parameters?.AdminToken).toBeUndefined();
    });

    it('lets a console hosted on its own origin call the admin API and sign in through the user pool', () => {
      const hosted = Template.fromJSON(synthesizeTemplate({ props: { consoleUrl: 'https://console.example.com/after-sales/' } }));
      hosted.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: Match.objectLike({ AllowOrigins: ['https://console.example.com'], AllowHeaders: ['authorization', 'content-type'] }) });
      hosted.hasResourceProperties('AWS::Cognito::UserPoolClient', { AllowedOAuthFlows: ['implicit'], CallbackURLs: ['https://console.example.com/after-sales/'] });
      hosted.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
      expect(JSON.stringify(hosted.toJSON().Outputs?.AdminSignInUrl)).toContain('response_type=token');
      // Without a hosted console, nothing is open to another origin.
      expect(JSON.stringify(template.findResources('AWS::ApiGatewayV2::Api'))).not.toContain('CorsConfiguration');
    });
  });

  describe('schedules and stream processing', () => {
    it('runs the daily sweep at 09:00 Asia/Shanghai by default', () => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 9 * * ? *)',
        ScheduleExpressionTimezone: 'Asia/Shanghai',
      });
    });

    it('starts the campaigns state machine at 10:00 in each store time zone, after the sweep', () => {
      const berlin = Template.fromJSON(synthesizeTemplate({ props: { sweepTimezones: ['Europe/Berlin'] } }));
      const campaigns = Object.values(berlin.findResources('AWS::Scheduler::Schedule')).filter((schedule) => JSON.stringify(schedule.Properties.Target).includes('CampaignsWorkflow'));
      expect(campaigns.map((schedule) => [schedule.Properties.ScheduleExpression, schedule.Properties.ScheduleExpressionTimezone, JSON.parse(String(schedule.Properties.Target.Input))]).sort()).toEqual([
        ['cron(0 10 * * ? *)', 'Asia/Shanghai', { exceptTimezones: ['Europe/Berlin'] }],
        ['cron(0 10 * * ? *)', 'Europe/Berlin', { timezones: ['Europe/Berlin'] }],
      ]);
      // The SMS and email providers are optional: an empty URL leaves the channel unconnected.
      template.hasParameter('SmsProviderUrl', { Type: 'String', Default: '' });
      template.hasParameter('EmailProviderUrl', { Type: 'String', Default: '' });
    });

    it('closes the monthly postal batch of invoices on the 1st at 00:00 in the store time zone', () => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 0 1 * ? *)',
        ScheduleExpressionTimezone: 'Asia/Shanghai',
      });
    });

    it('runs each workflow under its own fixed name', () => {
      const names = ofType('AWS::StepFunctions::StateMachine').map(([, machine]) => JSON.stringify(machine.Properties?.StateMachineName));
      const workflows = Object.keys(workflowArnEnv);
      expect(names).toHaveLength(workflows.length);
      for (const workflow of workflows) expect(names.some((name) => name.includes(`-${workflow}"`)), workflow).toBe(true);
      template.hasParameter('InvoiceServiceUrl', { Type: 'String' });
    });

    it('reads the inbox stream with partial batch failures and a failure destination', () => {
      const inbox = ofType('AWS::DynamoDB::Table').find(([, table]) => table.Properties?.StreamSpecification !== undefined);
      expect(inbox).toBeDefined();
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [inbox?.[0], 'StreamArn'] },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
      });
    });

    it('wakes the stream consumers only for new items, not for their own updates', () => {
      const mappings = ofType('AWS::Lambda::EventSourceMapping');
      expect(mappings.length).toBeGreaterThan(0);
      for (const [, mapping] of mappings) expect(mapping.Properties?.FilterCriteria).toEqual({ Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] });
    });
  });

  describe('IAM', () => {
    it('grants no Action "*", no wildcard DynamoDB action, and on Resource "*" only actions IAM cannot scope', () => {
      const statements = identityStatements(resources);
      expect(statements.length).toBeGreaterThan(0);
      let dynamoStatements = 0;
      for (const { owner, statement } of statements) {
        const actions = asList(statement.Action);
        expect(actions, `${owner}: Action "*"`).not.toContain('*');
        if (asList(statement.Resource).includes('*')) {
          expect(actions.filter((action) => !UNSCOPABLE_ACTIONS.has(action)), `${owner}: actions on Resource "*"`).toEqual([]);
        }
        const dynamoActions = actions.filter((action) => action.toLowerCase().startsWith('dynamodb:'));
        if (dynamoActions.length === 0) continue;
        dynamoStatements += 1;
        expect(
          dynamoActions.filter((action) => action.endsWith('*')),
          `${owner}: wildcard DynamoDB actions`,
        ).toEqual([]);
      }
      expect(dynamoStatements).toBeGreaterThan(0);
    });

    it('gives no function an AWS managed policy: each may write only to its own log group', () => {
      for (const [id, fn] of ofType('AWS::Lambda::Function').filter(([, fn]) => typeof fn.Metadata?.[ENTRY_KEY] === 'string')) {
        const roleId = (fn.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0] ?? '';
        expect(resources[roleId]?.Properties?.ManagedPolicyArns, `${id} managed policies`).toBeUndefined();
        const logGroupId = (fn.Properties?.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup?.Ref;
        const policiesOfRole = Object.fromEntries(
          Object.entries(resources).filter(([, policy]) => asList(policy.Properties?.Roles as unknown[] | undefined).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId }))),
        );
        const logWrites = identityStatements(policiesOfRole).filter(({ statement }) => asList(statement.Action).includes('logs:PutLogEvents'));
        expect(logWrites.map(({ statement }) => statement.Resource), `${id} log writes`).toEqual([{ 'Fn::GetAtt': [logGroupId, 'Arn'] }]);
      }
    });

    it('lets a function read and answer executions with the calls the product makes, and no more', () => {
      const stepFunctionsActions = new Set(identityStatements(resources).flatMap(({ statement }) => asList(statement.Action).filter((action) => action.startsWith('states:'))));
      expect([...stepFunctionsActions].sort()).toEqual(['states:DescribeExecution', 'states:GetExecutionHistory', 'states:ListExecutions', 'states:SendTaskSuccess', 'states:StartExecution']);
    });
  });

  describe('the store time zone', () => {
    it('puts the given time zone on the daily schedule', () => {
      const newYork = Template.fromJSON(synthesizeTemplate({ props: { timezone: 'America/New_York' } }));
      newYork.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 9 * * ? *)',
        ScheduleExpressionTimezone: 'America/New_York',
      });
      expect(Object.values(newYork.findResources('AWS::Scheduler::Schedule')).map((schedule) => schedule.Properties.ScheduleExpressionTimezone)).not.toContain(
        'Asia/Shanghai',
      );
    });
  });

  describe('webhook secrets', () => {
    const secretActions = (owner: RegExp) =>
      identityStatements(resources)
        .filter(({ owner: id, statement }) => owner.test(id) && asList(statement.Action).some((action) => String(action).startsWith('secretsmanager:')))
        .map(({ statement }) => ({ actions: asList(statement.Action).map(String).sort(), resource: JSON.stringify(statement.Resource) }));

    it('lets the ingest only read, and the admin API write, the secrets under the stack\'s prefix', () => {
      const ingest = secretActions(/^WebhookIngest/);
      const admin = secretActions(/^AdminApi/);
      expect(ingest).toEqual([{ actions: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'], resource: expect.stringContaining('webhook-secret/*') }]);
      expect(admin).toEqual([
        {
          actions: ['secretsmanager:CreateSecret', 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'],
          resource: expect.stringContaining('webhook-secret/*'),
        },
      ]);
      expect(secretActions(/^(WebhookProcessor|ReturnSteps|OpenTask|DailySweep)/)).toEqual([]);
    });

    it('tells the two functions where the secrets are', () => {
      for (const [id, resource] of ofType('AWS::Lambda::Function')) {
        const variables = (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
        expect({ id, has: 'WEBHOOK_SECRET_PREFIX' in variables }).toEqual({ id, has: /^(WebhookIngest|AdminApi)/.test(id) });
      }
    });
  });
});
