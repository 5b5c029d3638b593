import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  StartExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  type ExecutionStatus,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { sfn } from './aws.js';
import { ENV, requiredEnv } from './env.js';

/** The workflows an admin can inspect, by the name the admin API uses for them. */
export const workflowArnEnv = { returns: ENV.returnsWorkflow, invoices: ENV.invoicesWorkflow, complaints: ENV.complaintsWorkflow, 'bulk-orders': ENV.bulkOrdersWorkflow, perks: ENV.perksWorkflow, 'follow-ups': ENV.followUpsWorkflow, 'daily-sweep': ENV.dailySweepWorkflow, campaigns: ENV.campaignsWorkflow } as const;
export type WorkflowName = keyof typeof workflowArnEnv;
export const workflowNames = Object.keys(workflowArnEnv) as WorkflowName[];

export function workflowArn(workflow: WorkflowName): string | undefined {
  return process.env[workflowArnEnv[workflow]];
}

export function executionArnFor(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

export interface ExecutionView {
  name: string;
  workflow: WorkflowName;
  status: string;
  startedAt?: string;
  stoppedAt?: string;
  currentState?: string;
  states: string[];
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, nextToken, maxResults: 1000 }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** What the AWS console shows of an execution: its status, the states it went through, where it is now. */
export async function describeExecution(workflow: WorkflowName, name: string): Promise<ExecutionView | undefined> {
  const arn = workflowArn(workflow);
  if (!arn) return undefined;
  const executionArn = executionArnFor(arn, name);
  try {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const events = await history(executionArn);
    const states = events.flatMap((event) => (event.stateEnteredEventDetails?.name ? [event.stateEnteredEventDetails.name] : []));
    const lastEntered = [...events].reverse().find((event) => event.stateEnteredEventDetails);
    return {
      name,
      workflow,
      status: described.status ?? 'UNKNOWN',
      startedAt: described.startDate?.toISOString(),
      stoppedAt: described.stopDate?.toISOString(),
      ...(described.status === 'RUNNING' && lastEntered?.stateEnteredEventDetails?.name ? { currentState: lastEntered.stateEnteredEventDetails.name } : {}),
      states,
    };
  } catch (error) {
    if (error instanceof Error && error.name === 'ExecutionDoesNotExist') return undefined;
    throw error;
  }
}

/** A workflow's Amazon States Language definition, as deployed: what the console draws an execution on. */
export async function describeWorkflow(workflow: WorkflowName): Promise<{ name: WorkflowName; definition: unknown } | undefined> {
  const arn = workflowArn(workflow);
  if (!arn) return undefined;
  const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
  return { name: workflow, definition: JSON.parse(described.definition ?? '{}') as unknown };
}

export async function listExecutions(workflow: WorkflowName, status?: ExecutionStatus) {
  const arn = workflowArn(workflow);
  if (!arn) return [];
  const items: Array<{ name: string; workflow: WorkflowName; status: string; startedAt?: string; stoppedAt?: string }> = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: arn,
        nextToken,
        ...(status ? { statusFilter: status } : {}),
      }),
    );
    for (const execution of page.executions ?? []) {
      items.push({
        name: execution.name ?? '',
        workflow,
        status: execution.status ?? 'UNKNOWN',
        startedAt: execution.startDate?.toISOString(),
        stoppedAt: execution.stopDate?.toISOString(),
      });
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}

/**
 * Starts a workflow execution named by its case. The name makes it happen once: a redelivered event or a retried
 * step that starts it again finds it started (`ExecutionAlreadyExists`) and changes nothing.
 */
export async function startExecutionOnce(workflowArnEnv: string, name: string, input: unknown): Promise<void> {
  try {
    await sfn.send(new StartExecutionCommand({ stateMachineArn: requiredEnv(workflowArnEnv), name, input: JSON.stringify(input) }));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ExecutionAlreadyExists')) throw error;
  }
}
