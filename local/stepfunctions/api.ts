import type { LocalStepFunctions } from './service.js';
import { AwsApiError } from '../aws-api-error.js';
import type { ExecutionRecord, ExecutionStatus } from './store.js';

type Body = Record<string, unknown>;
const str = (body: Body, key: string): string => (typeof body[key] === 'string' ? (body[key] as string) : '');
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function summary(record: ExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: seconds(record.startDate),
    ...(record.stopDate ? { stopDate: seconds(record.stopDate) } : {}),
  };
}

/** Pages a list the way the service does: `nextToken` is the index to continue from. */
function page<T>(items: T[], body: Body, fallback: number): { items: T[]; nextToken?: string } {
  const start = Number(str(body, 'nextToken') || 0);
  const size = typeof body.maxResults === 'number' && body.maxResults > 0 ? body.maxResults : fallback;
  const slice = items.slice(start, start + size);
  return { items: slice, ...(start + size < items.length ? { nextToken: String(start + size) } : {}) };
}

/**
 * The Step Functions API (AWS JSON 1.0, `X-Amz-Target: AWSStepFunctions.<Operation>`) over the local
 * service, so application code uses `@aws-sdk/client-sfn` unchanged.
 */
export function handleStepFunctionsCall(service: LocalStepFunctions, operation: string, body: Body): unknown {
  switch (operation) {
    case 'StartExecution':
      return service.startExecution({ stateMachineArn: str(body, 'stateMachineArn'), name: body.name as string | undefined, input: body.input as string | undefined });
    case 'DescribeExecution': {
      const record = service.describeExecution(str(body, 'executionArn'));
      return {
        ...summary(record),
        input: record.input,
        ...(record.output !== undefined ? { output: record.output } : {}),
        ...(record.error !== undefined ? { error: record.error } : {}),
        ...(record.cause !== undefined ? { cause: record.cause } : {}),
      };
    }
    case 'GetExecutionHistory': {
      const events = [...service.describeExecution(str(body, 'executionArn')).events].map((event) => ({ ...event, timestamp: event.timestamp / 1000 }));
      if (body.reverseOrder === true) events.reverse();
      const { items, nextToken } = page(events, body, 1000);
      return { events: items, ...(nextToken ? { nextToken } : {}) };
    }
    case 'ListExecutions': {
      const records = service.listExecutions(str(body, 'stateMachineArn'), (body.statusFilter as ExecutionStatus | undefined) ?? undefined);
      const { items, nextToken } = page(records.map(summary), body, 100);
      return { executions: items, ...(nextToken ? { nextToken } : {}) };
    }
    case 'SendTaskSuccess':
      service.sendTaskSuccess(str(body, 'taskToken'), str(body, 'output'));
      return {};
    case 'SendTaskFailure':
      service.sendTaskFailure(str(body, 'taskToken'), str(body, 'error'), str(body, 'cause'));
      return {};
    case 'SendTaskHeartbeat':
      service.sendTaskHeartbeat(str(body, 'taskToken'));
      return {};
    case 'StopExecution':
      return { stopDate: service.stopExecution(str(body, 'executionArn'), body.error as string | undefined, body.cause as string | undefined) };
    case 'ListStateMachines':
      return {
        stateMachines: service.listStateMachines().map((machine) => ({ stateMachineArn: machine.arn, name: machine.name, type: 'STANDARD', creationDate: machine.creationDate / 1000 })),
      };
    case 'DescribeStateMachine': {
      const machine = service.describeStateMachine(str(body, 'stateMachineArn'));
      return { stateMachineArn: machine.arn, name: machine.name, status: 'ACTIVE', definition: machine.definition, roleArn: 'arn:aws:iam::000000000000:role/local', type: 'STANDARD', creationDate: machine.creationDate / 1000 };
    }
    default:
      throw new AwsApiError('UnknownOperationException', `the local Step Functions service does not implement ${operation}`);
  }
}
