import { beforeAll, describe, expect, it } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Observability } from '../../cdk/observability.js';
import { synthesizeTemplate, type CloudFormationTemplate } from '../../cdk/synth.js';

type Resources = CloudFormationTemplate['Resources'];
type Props = Record<string, unknown>;

/** A metric line of a dashboard widget: namespace, name, dimension names and values…, then its options; or an expression. */
type MetricLine = Array<string | Props>;
interface Widget {
  type: string;
  properties: { title?: string; metrics?: MetricLine[]; alarms?: unknown[] };
}

/** References to other resources inside the body (queue names, machine ARNs, the region) read `ref`. */
function dashboardBody(body: unknown): { widgets: Widget[] } {
  const [separator, parts] = (body as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'ref')).join(separator)) as { widgets: Widget[] };
}

describe('what admins see in CloudWatch', () => {
  let template: Template;
  let resources: Resources;
  let widgets: Widget[];

  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const widget = (title: RegExp) => {
    const found = widgets.find((candidate) => title.test(candidate.properties.title ?? ''));
    if (!found) throw new Error(`no widget titled ${title}`);
    return found;
  };
  const metricsOf = (title: RegExp) => widget(title).properties.metrics ?? [];
  /** The queues the stream mappings send what they gave up on to. */
  const deadLetterQueueIds = () =>
    ofType('AWS::Lambda::EventSourceMapping').map(([, mapping]) => {
      const destination = (mapping.Properties?.DestinationConfig as { OnFailure: { Destination: { 'Fn::GetAtt': [string, string] } } }).OnFailure.Destination;
      return destination['Fn::GetAtt'][0];
    });
  const theOnly = (type: string) => {
    const found = ofType(type);
    expect(found.map(([id]) => id)).toHaveLength(1);
    return found[0]?.[0] ?? '';
  };
  const alarmsOn = (metricName: string) => ofType('AWS::CloudWatch::Alarm').filter(([, alarm]) => alarm.Properties?.MetricName === metricName);

  beforeAll(() => {
    const raw = synthesizeTemplate();
    template = Template.fromJSON(raw);
    resources = raw.Resources;
    const dashboards = ofType('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    widgets = dashboardBody(dashboards[0]?.[1].Properties?.DashboardBody).widgets;
  });

  describe('the dashboard', () => {
    it('is named by the stack and its region (dashboards are global to the account)', () => {
      template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: { 'Fn::Join': ['', ['AfterSales-', { Ref: 'AWS::Region' }]] } });
    });

    it('shows the backlog by task kind, summed per day over the stores, from the AfterSales namespace, a kind not counted as 0', () => {
      const [[search]] = metricsOf(/^Open tasks by kind/) as [[{ expression: string; period: number }]];
      expect(search.expression).toBe(`FILL(SEARCH('{AfterSales,Kind,service} MetricName="Backlog" service="after-sales"', 'Sum', 86400), 0)`);
      expect(widget(/^Open tasks by kind/).properties).toMatchObject({ stacked: true });
    });

    it('shows deadline breaches, automatic decisions by workflow and refund failures, each a count of the AfterSales namespace', () => {
      expect(metricsOf(/^Deadline breaches/)).toEqual([['AfterSales', 'DeadlineBreaches', 'service', 'after-sales', expect.objectContaining({ stat: 'Sum', period: 3600 })]]);
      expect(metricsOf(/^Refunds failed/)).toEqual([['AfterSales', 'RefundFailures', 'service', 'after-sales', expect.objectContaining({ stat: 'Sum', period: 3600 })]]);
      const [[decisions]] = metricsOf(/^Decisions taken by a deadline/) as [[{ expression: string }]];
      expect(decisions.expression).toContain(`{AfterSales,Workflow,service} MetricName="AutomaticDecisions"`);
    });

    it('shows refused webhook deliveries by HTTP status', () => {
      const [[rejects]] = metricsOf(/^Webhook deliveries refused/) as [[{ expression: string; label: string }]];
      expect(rejects.expression).toContain(`{AfterSales,Status,service} MetricName="WebhookRejects"`);
      expect(rejects.label).toBe("${PROP('Dim.Status')}");
    });

    it('shows the depth of both stream dead-letter queues', () => {
      const queues = deadLetterQueueIds();
      expect(queues).toHaveLength(2);
      expect(metricsOf(/^Dead-letter queue depth/)).toEqual(
        queues.map((queue) => ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', 'ref', expect.objectContaining({ stat: 'Maximum', label: expect.stringContaining(queue.replace(/[0-9A-F]{8}$/, '')) })]),
      );
    });

    it('shows the failed executions of every state machine and the errors of every function', () => {
      const failed = metricsOf(/^Failed executions/);
      expect(failed).toHaveLength(ofType('AWS::StepFunctions::StateMachine').length);
      for (const line of failed) expect(line.slice(0, 3)).toEqual(['AWS/States', 'ExecutionsFailed', 'StateMachineArn']);
      const errors = metricsOf(/^Lambda errors/);
      expect(errors).toHaveLength(ofType('AWS::Lambda::Function').filter(([, fn]) => fn.Metadata?.['aftersales:entry'] !== undefined).length);
      for (const line of errors) expect(line.slice(0, 3)).toEqual(['AWS/Lambda', 'Errors', 'FunctionName']);
    });

    it('shows the state of every alarm first', () => {
      expect(widgets[0]?.type).toBe('alarm');
      expect(widgets[0]?.properties.alarms).toHaveLength(ofType('AWS::CloudWatch::Alarm').length);
    });
  });

  describe('the alarms', () => {
    const goesOffAtOne = { Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' };

    it('go off when a message waits in a dead-letter queue, one alarm per queue', () => {
      const alarms = alarmsOn('ApproximateNumberOfMessagesVisible');
      expect(alarms.map(([, alarm]) => (alarm.Properties?.Dimensions as Array<{ Value: { 'Fn::GetAtt': [string, string] } }>)[0]?.Value['Fn::GetAtt'][0]).sort()).toEqual(deadLetterQueueIds().sort());
      for (const [id, alarm] of alarms) expect(alarm.Properties, id).toMatchObject({ Namespace: 'AWS/SQS', Statistic: 'Maximum', Period: 300, ...goesOffAtOne });
    });

    it('go off when an execution fails, one alarm per state machine', () => {
      const alarms = alarmsOn('ExecutionsFailed');
      const machines = ofType('AWS::StepFunctions::StateMachine').map(([id]) => id);
      expect(machines.length).toBeGreaterThan(0);
      expect(alarms.map(([, alarm]) => (alarm.Properties?.Dimensions as Array<{ Value: { Ref: string } }>)[0]?.Value.Ref).sort()).toEqual(machines.sort());
      for (const [id, alarm] of alarms) expect(alarm.Properties, id).toMatchObject({ Namespace: 'AWS/States', Statistic: 'Sum', ...goesOffAtOne });
    });

    it('are only those, each named after the stack and notifying the alarm topic', () => {
      const alarms = ofType('AWS::CloudWatch::Alarm');
      expect(alarms).toHaveLength(alarmsOn('ApproximateNumberOfMessagesVisible').length + alarmsOn('ExecutionsFailed').length);
      const topic = theOnly('AWS::SNS::Topic');
      for (const [id, alarm] of alarms) {
        expect(alarm.Properties?.AlarmActions, id).toEqual([{ Ref: topic }]);
        expect(alarm.Properties?.AlarmName, id).toMatch(/^AfterSales-/);
      }
    });
  });

  describe('the alarm topic', () => {
    it('is encrypted with a rotated key of its own, which CloudWatch may use for this stack\'s alarms only', () => {
      const keyId = theOnly('AWS::KMS::Key');
      template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', Match.arrayWith([':alarm:AfterSales-*'])] } }, StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            }),
          ]),
        },
      });
    });

    it('takes messages over TLS only, and from this stack\'s alarms', () => {
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' }, Condition: Match.objectLike({ ArnLike: Match.anyValue() }) }),
          ]),
        },
      });
    });

    it('mails the address given as alarmEmail, and nobody without it', () => {
      template.resourceCountIs('AWS::SNS::Subscription', 0);
      // The construct alone: the whole stack would only take longer to synthesize.
      const stack = new Stack(new App(), 'Alarmed');
      new Observability(stack, 'Observability', { deadLetterQueues: [new Queue(stack, 'DLQ')], alarmEmail: 'ops@example.com' });
      Template.fromStack(stack).hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: { Ref: Match.stringLikeRegexp('AlarmTopic') } });
    });
  });
});
