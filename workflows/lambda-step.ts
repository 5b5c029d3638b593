import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Errors, IntegrationPattern, JsonPath, TaskInput, Timeout, type IChainable, type INextable, type RetryProps, type State } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/**
 * A Lambda step: the payload is built from the state, the function's answer lands at `resultPath`.
 * Steps are idempotent, so transient failures are retried with backoff. A step's own `retry` comes first,
 * because Step Functions uses the first retrier whose errors match and `States.TaskFailed` matches them all.
 */
export function lambdaStep(
  scope: Construct,
  name: string,
  fn: IFunction,
  payload: Record<string, unknown>,
  resultPath: string | null,
  /** A step's own retry, and a longer timeout for a step that works through a whole store (as long as its function's). */
  options: { retry?: RetryProps; timeout?: Duration } = {},
): LambdaInvoke {
  const step = new LambdaInvoke(scope, name, {
    stateName: name,
    lambdaFunction: fn,
    payload: TaskInput.fromObject(payload),
    payloadResponseOnly: true,
    resultPath: resultPath ?? JsonPath.DISCARD,
    taskTimeout: Timeout.duration(options.timeout ?? Duration.seconds(60)),
  });
  if (options.retry) step.addRetry(options.retry);
  step.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 3 });
  return step;
}

export interface HumanTaskProps {
  openTask: IFunction;
  /** The wait as its workflow's table names it: the state, the task kind (which decides who sees it and which
   * decisions it accepts) and the policy deadline under `$.deadlines`. */
  wait: { state: string; kind: string; deadline: string };
  /** Where the deadline in seconds is, when not at `$.deadlines.<deadline>` (a time the case itself set). */
  deadlinePath?: string;
  /** What the workflow does when the deadline passes: the policy's automatic decision. */
  onTimeout: IChainable;
}

/**
 * A wait for a person: opens a task carrying the task token and waits until the task is decided (the decision lands
 * at `$.decision`) or its deadline passes. The deadline is the state's own timeout, caught and routed to the policy's
 * automatic decision, so no execution can wait forever.
 */
export function humanTask(scope: Construct, props: HumanTaskProps): LambdaInvoke {
  const deadlinePath = props.deadlinePath ?? `$.deadlines.${props.wait.deadline}`;
  const task = new LambdaInvoke(scope, props.wait.state, {
    stateName: props.wait.state,
    lambdaFunction: props.openTask,
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({
      taskToken: JsonPath.taskToken,
      kind: props.wait.kind,
      caseId: JsonPath.stringAt('$.caseId'),
      storeId: JsonPath.stringAt('$.storeId'),
      timeoutSeconds: JsonPath.numberAt(deadlinePath),
    }),
    taskTimeout: Timeout.at(deadlinePath),
    resultPath: '$.decision',
  });
  // Throttled, Lambda never ran the function, so trying again cannot leave a first task behind. Nothing the function
  // itself threw is retried: it may have recorded the task already, and a retry brings a new token, so a second task.
  task.addRetry({ errors: ['Lambda.TooManyRequestsException'], interval: Duration.seconds(2), backoffRate: 2, maxAttempts: 6 });
  task.addCatch(props.onTimeout, { errors: [Errors.TIMEOUT], resultPath: '$.timeout' });
  return task;
}

/**
 * The states that apply a workflow's transition rows, one per name however many paths lead to it. Each passes the
 * case id and the last decision to the workflow's step function; a state a deadline leads to says `by: "timeout"`.
 */
export function transitionStates(scope: Construct, steps: IFunction, kind = 'transition') {
  const made = new Map<string, LambdaInvoke>();
  return (name: string, after: 'timeout' | 'other' = 'other', retry?: RetryProps): LambdaInvoke => {
    const existing = made.get(name);
    if (existing) return existing;
    const payload = { step: kind, state: name, caseId: JsonPath.stringAt('$.caseId'), decision: JsonPath.objectAt('$.decision'), ...(after === 'timeout' ? { by: 'timeout' } : {}) };
    const state = lambdaStep(scope, name, steps, payload, '$.case', retry ? { retry } : {});
    made.set(name, state);
    return state;
  };
}

/** Chains `next` after `state` and gives back `state`, so a branch reads from where it starts (not named `then`: a module exporting `then` is taken for a promise when imported). */
export function leadsTo<T extends State & INextable>(state: T, next: IChainable): T {
  state.next(next);
  return state;
}
