import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, AlarmStatusWidget, ComparisonOperator, Dashboard, GraphWidget, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME, type MetricDimension, type MetricName } from '../functions/shared/metrics.js';
import { AppFunction } from './app-function.js';

export interface ObservabilityProps {
  /** The stream mappings' dead-letter queues: a message in one is an event the product gave up on. */
  deadLetterQueues: Queue[];
  /** Who is mailed when an alarm goes off (`-c alarmEmail=ops@example.com`); without it, subscribe to the topic yourself. */
  alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);
const HOUR = Duration.hours(1);

/** One of the product's own counts (functions/shared/metrics.ts), summed over the period. */
const count = (metricName: MetricName, label: string, period = HOUR): IMetric =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName, dimensionsMap: { service: SERVICE_NAME }, statistic: 'Sum', period, label });

/**
 * A count split by one dimension, a line for each value recorded: new task kinds, workflows or statuses need no change
 * here. A period without a count is 0: the functions record what happened (or, for the backlog, the kinds still open).
 */
const countBy = (metricName: MetricName, dimension: MetricDimension, period = HOUR): IMetric =>
  new MathExpression({
    expression: `FILL(SEARCH('{${METRICS_NAMESPACE},${dimension},service} MetricName="${metricName}" service="${SERVICE_NAME}"', 'Sum', ${period.toSeconds()}), 0)`,
    usingMetrics: {},
    label: `\${PROP('Dim.${dimension}')}`,
    period,
  });

/**
 * What admins see of the product in CloudWatch: a dashboard of the after-sales work (backlog, deadlines, refunds,
 * refused webhooks) beside the health of its parts, and alarms, mailed through an encrypted topic, on what needs a
 * person: an event given up on in a dead-letter queue, a workflow execution that failed. It covers every state machine
 * and function of the stack, found in it, so the stack creates it last.
 */
export class Observability extends Construct {
  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const constructs = stack.node.findAll();
    const stateMachines = constructs.filter((construct): construct is StateMachine => construct instanceof StateMachine);
    const functions = constructs.filter((construct): construct is AppFunction => construct instanceof AppFunction);

    const alarmTopic = this.topic(stack, props.alarmEmail);
    const alarm = (construct: Construct, what: string, description: string, metric: IMetric) => {
      const created = new Alarm(this, `${construct.node.id}${what}Alarm`, {
        alarmName: `${stack.stackName}-${construct.node.id}-${what}`,
        alarmDescription: description,
        metric,
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        // No data is nothing wrong: a queue nobody wrote to, an hour without executions.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new SnsAction(alarmTopic));
      return created;
    };
    const dlqDepth = (queue: Queue) => queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES });
    // Only failures: no state machine has a timeout of its own, and only a person stops an execution (Aborted).
    const failed = (machine: StateMachine) => machine.metricFailed({ statistic: 'Sum', period: FIVE_MINUTES });
    // On the dashboard, a line for each queue, machine or function, named as in the stack.
    const lineOf = (metric: Metric, construct: Construct) => metric.with({ label: construct.node.id });
    const alarms = [
      ...props.deadLetterQueues.map((queue) =>
        alarm(queue, 'NotEmpty', 'A stream record failed every retry and waits in this dead-letter queue (the function also marked it where admins look: GET /admin/parked, or the message marked failed). Read the function\'s log, fix the cause, then redrive or delete the message.', dlqDepth(queue)),
      ),
      ...stateMachines.map((machine) =>
        alarm(machine, 'ExecutionsFailed', 'An execution of this workflow failed, and its case (or the morning\'s sweep) stopped there. Open it in the Step Functions console, named by the case id, to see the failed state and its error.', failed(machine)),
      ),
    ];

    // Dashboards are global to the account, so the region is in the name: a stack in each region gets its own.
    new Dashboard(this, 'Dashboard', {
      dashboardName: `${stack.stackName}-${stack.region}`,
      defaultInterval: Duration.days(7),
      widgets: [
        [new AlarmStatusWidget({ title: 'Alarms', alarms, width: 24, height: 3 })],
        [
          new GraphWidget({ title: 'Open tasks by kind (each store\'s morning sweep, all stores)', left: [countBy('Backlog', 'Kind', Duration.days(1))], stacked: true, width: 12 }),
          new GraphWidget({ title: 'Webhook deliveries refused, by HTTP status', left: [countBy('WebhookRejects', 'Status', FIVE_MINUTES)], width: 12 }),
        ],
        [
          new GraphWidget({ title: 'Deadline breaches (complaints, follow-ups)', left: [count('DeadlineBreaches', 'breaches')], width: 8 }),
          new GraphWidget({ title: 'Decisions taken by a deadline, by workflow', left: [countBy('AutomaticDecisions', 'Workflow')], width: 8 }),
          new GraphWidget({ title: 'Refunds failed and handed to finance', left: [count('RefundFailures', 'refund failures')], width: 8 }),
        ],
        [
          new GraphWidget({ title: 'Dead-letter queue depth', left: props.deadLetterQueues.map((queue) => lineOf(dlqDepth(queue), queue)), width: 8 }),
          new GraphWidget({ title: 'Failed executions by workflow', left: stateMachines.map((machine) => lineOf(failed(machine), machine)), width: 8 }),
          new GraphWidget({ title: 'Lambda errors by function', left: functions.map((fn) => lineOf(fn.metricErrors({ statistic: 'Sum', period: FIVE_MINUTES }), fn)), width: 8 }),
        ],
      ],
    });
  }

  /**
   * The topic alarms notify, encrypted with a key of its own: CloudWatch cannot publish to a topic encrypted with the
   * AWS managed SNS key, and needs the use of the key and the right to publish granted, here to this stack's alarms only.
   */
  private topic(stack: Stack, alarmEmail: string | undefined): Topic {
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const fromThisStacksAlarms = {
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: `${stack.stackName}-*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
      StringEquals: { 'aws:SourceAccount': stack.account },
    };
    const key = new Key(this, 'AlarmTopicKey', {
      description: `Encrypts the alarm notifications of ${stack.stackName}`,
      enableKeyRotation: true,
      // It protects notifications in flight only: nothing to recover once the stack is gone.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    key.addToResourcePolicy(new PolicyStatement({ principals: [cloudWatch], actions: ['kms:Decrypt', 'kms:GenerateDataKey*'], resources: ['*'], conditions: fromThisStacksAlarms }));
    const topic = new Topic(this, 'AlarmTopic', { displayName: `${stack.stackName} alarms`, masterKey: key, enforceSSL: true });
    topic.addToResourcePolicy(new PolicyStatement({ principals: [cloudWatch], actions: ['sns:Publish'], resources: [topic.topicArn], conditions: fromThisStacksAlarms }));
    if (alarmEmail) topic.addSubscription(new EmailSubscription(alarmEmail));
    return topic;
  }
}
