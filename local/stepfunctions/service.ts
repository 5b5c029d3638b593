import { randomBytes } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ExecutionError, StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { ExecutionActivity, type Activity } from '../activity.js';
import type { LocalClock } from '../clock.js';
import type { LocalLambdas } from '../lambda.js';
import type { LocalTemplate } from '../template.js';
import { fillToken, prepareDefinition, unwrapTaskInput, waitUntil, WAIT_RESOURCE, type PreparedDefinition, type StateInfo } from './definition.js';
import { AwsApiError, stateError } from '../aws-api-error.js';
import { ExecutionStore, type ExecutionRecord, type ExecutionStatus, type HistoryEventRecord, type TokenRecord } from './store.js';

interface LocalStateMachine {
  arn: string;
  name: string;
  definition: string;
  prepared: PreparedDefinition;
  creationDate: number;
}

interface Run {
  abort: () => void;
  signal: AbortSignal;
  done: Promise<void>;
  tokenWaiters: Map<string, (settled: TokenRecord) => void>;
}

type LibraryEvent = { type: string; timestamp: number; state?: { name: string; type: string; input: unknown; output?: unknown }; input?: unknown; output?: unknown; Error?: string; Cause?: unknown; index?: number };

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * The interpreter throws its own timeout error class, which is the only one `States.TaskFailed` must not
 * match; it is not exported, so one is obtained by letting a throwaway state time out after 1 ms.
 */
async function interpreterTimeoutError(): Promise<new () => Error> {
  const probe = new StateMachine(
    { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'local:probe', TimeoutSeconds: 0.001, End: true } } } as unknown as StateMachineDefinition,
    { validationOptions: { noValidate: true } },
  );
  const run = probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => new Promise(() => undefined) } } });
  try {
    await run.result;
  } catch (error) {
    if (error instanceof ExecutionError && error.cause instanceof Error) return error.cause.constructor as new () => Error;
  }
  throw new Error('could not obtain the interpreter timeout error');
}

const awsEventType = (stateType: string, phase: 'Entered' | 'Exited') => `${stateType}State${phase}`;
const toJson = (value: unknown) => JSON.stringify(value ?? null);

/**
 * Step Functions on one machine: the template's state machines run by `aws-local-stepfunctions`, Lambda
 * tasks run in-process, task tokens and deadlines on the local clock, executions kept on disk and resumed
 * after a restart from the last top-level state they entered.
 */
export class LocalStepFunctions {
  private readonly machines = new Map<string, LocalStateMachine>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly runs = new Map<string, Run>();
  private readonly store: ExecutionStore;
  private TimeoutError: (new () => Error) | undefined;
  private stopping = false;

  constructor(
    template: LocalTemplate,
    private readonly lambdas: LocalLambdas,
    private readonly clock: LocalClock,
    private readonly activity: Activity,
    directory?: string,
  ) {
    this.store = new ExecutionStore(directory);
    for (const [logicalId, resource] of template.resourcesOfType('AWS::StepFunctions::StateMachine')) {
      const props = template.resolve(resource.Properties ?? {}) as { DefinitionString?: string };
      if (!props.DefinitionString) continue;
      const arn = template.stateMachineArn(logicalId);
      this.machines.set(arn, { arn, name: logicalId, definition: props.DefinitionString, prepared: prepareDefinition(props.DefinitionString), creationDate: Date.now() });
    }
  }

  stateMachineArns(): string[] {
    return [...this.machines.keys()];
  }

  /** Loads kept executions and resumes the ones that were running. */
  async start(): Promise<void> {
    this.TimeoutError = await interpreterTimeoutError();
    for (const record of this.store.loadAll()) {
      this.executions.set(record.executionArn, record);
      if (record.status === 'RUNNING') this.launch(record, record.resumeAt);
    }
  }

  /** Stops running executions without ending them: they stay RUNNING on disk and resume at the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    const runs = [...this.runs.values()];
    for (const run of runs) run.abort();
    await Promise.allSettled(runs.map((run) => run.done));
    this.store.flush();
  }

  // ---- the API -------------------------------------------------------------------------------------------

  startExecution(request: { stateMachineArn?: string; name?: string; input?: string }): { executionArn: string; startDate: number } {
    const machine = this.machines.get(request.stateMachineArn ?? '');
    if (!machine) throw new AwsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${request.stateMachineArn}'`);
    const name = request.name ?? randomBytes(16).toString('hex');
    if (!NAME_PATTERN.test(name)) throw new AwsApiError('InvalidName', `Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    try {
      JSON.parse(input);
    } catch {
      throw new AwsApiError('InvalidExecutionInput', 'Invalid JSON in the execution input');
    }
    const executionArn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: existing.startDate / 1000 };
      throw new AwsApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = {
      executionArn,
      stateMachineArn: machine.arn,
      name,
      status: 'RUNNING',
      input,
      startDate: Date.now(),
      events: [],
      tokens: {},
    };
    this.executions.set(executionArn, record);
    this.launch(record);
    return { executionArn, startDate: record.startDate / 1000 };
  }

  /** The execution once it has ended (or as it is, when the local cloud stops first). */
  async executionEnded(executionArn: string): Promise<ExecutionRecord> {
    await this.runs.get(executionArn)?.done;
    return this.describeExecution(executionArn);
  }

  describeExecution(executionArn: string): ExecutionRecord {
    const record = this.executions.get(executionArn);
    if (!record) throw new AwsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  listExecutions(stateMachineArn: string, statusFilter?: ExecutionStatus): ExecutionRecord[] {
    if (!this.machines.has(stateMachineArn)) throw new AwsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${stateMachineArn}'`);
    return [...this.executions.values()]
      .filter((record) => record.stateMachineArn === stateMachineArn && (!statusFilter || record.status === statusFilter))
      .sort((a, b) => b.startDate - a.startDate);
  }

  describeStateMachine(arn: string): LocalStateMachine {
    const machine = this.machines.get(arn);
    if (!machine) throw new AwsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  listStateMachines(): LocalStateMachine[] {
    return [...this.machines.values()];
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    try {
      JSON.parse(output);
    } catch {
      throw new AwsApiError('InvalidOutput', 'Invalid JSON in the task output');
    }
    this.settleToken(taskToken, { status: 'succeeded', output });
  }

  sendTaskFailure(taskToken: string, error = '', cause = ''): void {
    this.settleToken(taskToken, { status: 'failed', error, cause });
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.findToken(taskToken);
  }

  stopExecution(executionArn: string, error?: string, cause?: string): number {
    const record = this.describeExecution(executionArn);
    if (record.status === 'RUNNING') {
      this.finish(record, 'ABORTED', { ...(error ? { error } : {}), ...(cause ? { cause } : {}) });
      this.appendEvent(record, 'ExecutionAborted', { executionAbortedEventDetails: { error, cause } });
      this.runs.get(executionArn)?.abort();
    }
    return (record.stopDate ?? Date.now()) / 1000;
  }

  // ---- tokens -----------------------------------------------------------------------------------------------

  private findToken(taskToken: string): { record: ExecutionRecord; token: TokenRecord } {
    let executionArn: string | undefined;
    try {
      executionArn = (JSON.parse(Buffer.from(taskToken, 'base64url').toString('utf8')) as { e?: string }).e;
    } catch {
      throw new AwsApiError('InvalidToken', 'Invalid Token');
    }
    const record = executionArn ? this.executions.get(executionArn) : undefined;
    const token = record?.tokens[taskToken];
    if (!record || !token) throw new AwsApiError('TaskDoesNotExist', 'Task Does Not Exist');
    if (token.status === 'timed_out') throw new AwsApiError('TaskTimedOut', 'Task Timed Out');
    if (token.status !== 'waiting' || record.status !== 'RUNNING') throw new AwsApiError('TaskDoesNotExist', 'Task Does Not Exist');
    return { record, token };
  }

  private settleToken(taskToken: string, outcome: Partial<TokenRecord> & { status: TokenRecord['status'] }): void {
    const { record, token } = this.findToken(taskToken);
    Object.assign(token, outcome);
    this.store.save(record);
    this.runs.get(record.executionArn)?.tokenWaiters.get(taskToken)?.(token);
  }

  // ---- running -----------------------------------------------------------------------------------------------

  private launch(record: ExecutionRecord, resumeAt?: ExecutionRecord['resumeAt']): void {
    const machine = this.describeStateMachine(record.stateMachineArn);
    const definition = (resumeAt ? { ...machine.prepared.definition, StartAt: resumeAt.stateName } : machine.prepared.definition) as unknown as StateMachineDefinition;
    const interpreter = new StateMachine(definition, { validationOptions: { noValidate: true } });
    const controller = new AbortController();
    const tokenWaiters = new Map<string, (settled: TokenRecord) => void>();
    const handlers = Object.fromEntries(
      [...machine.prepared.states.values()]
        .filter((state) => state.type === 'Task' || state.type === 'Wait')
        .map((state) => [state.name, (input: unknown) => busy.work((sleep) => this.runTask(record, state, input, controller.signal, tokenWaiters, sleep))]),
    );
    const busy = new ExecutionActivity(this.activity);
    const execution = interpreter.run((resumeAt ? resumeAt.input : JSON.parse(record.input)) as never, {
      overrides: { taskResourceLocalHandlers: handlers as never },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: record.executionArn, Name: record.name, StartTime: new Date(record.startDate).toISOString() },
        StateMachine: { Id: machine.arn, Name: machine.name },
      },
    });
    const consumed = (async () => {
      for await (const event of execution.eventLogs) this.record(record, machine.prepared, event as LibraryEvent, Boolean(resumeAt));
    })();
    const done = (async () => {
      try {
        const output = await execution.result;
        await consumed;
        if (!this.stopping && record.status === 'RUNNING' && !controller.signal.aborted) this.finish(record, 'SUCCEEDED', { output: toJson(output) });
      } catch (error) {
        await consumed.catch(() => undefined);
        if (!this.stopping && record.status === 'RUNNING') {
          const cause = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
          const name = cause instanceof Error ? cause.name : 'States.Runtime';
          const message = cause instanceof Error ? cause.message : String(cause);
          this.finish(record, 'FAILED', { error: name, cause: message });
        }
      } finally {
        this.runs.delete(record.executionArn);
        this.store.save(record);
        busy.end();
      }
    })();
    this.runs.set(record.executionArn, { abort: () => { controller.abort(); execution.abort(); }, signal: controller.signal, done, tokenWaiters });
    this.store.save(record);
  }

  private finish(record: ExecutionRecord, status: ExecutionStatus, fields: Pick<ExecutionRecord, 'output' | 'error' | 'cause'>): void {
    Object.assign(record, { status, stopDate: Date.now() }, fields);
    this.store.save(record);
  }

  private appendEvent(record: ExecutionRecord, type: string, details: Record<string, unknown>): void {
    const id = record.events.length + 1;
    const event: HistoryEventRecord = { id, previousEventId: id - 1, timestamp: Date.now(), type, ...details };
    record.events.push(event);
    this.store.save(record);
  }

  /** Translates the interpreter's events into the history Step Functions keeps. */
  private record(record: ExecutionRecord, prepared: PreparedDefinition, event: LibraryEvent, resumed: boolean): void {
    const state = event.state;
    const stateType = state ? (prepared.states.get(state.name)?.type ?? state.type) : '';
    switch (event.type) {
      case 'ExecutionStarted':
        if (!resumed) this.appendEvent(record, 'ExecutionStarted', { executionStartedEventDetails: { input: record.input } });
        return;
      case 'ExecutionSucceeded':
        return this.appendEvent(record, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: toJson(event.output) } });
      case 'ExecutionFailed':
        return this.appendEvent(record, 'ExecutionFailed', { executionFailedEventDetails: { error: event.Error, cause: String(event.Cause ?? '') } });
      case 'StateEntered':
        if (!state) return;
        if (prepared.topLevel.has(state.name) && event.index === undefined) record.resumeAt = { stateName: state.name, input: state.input };
        return this.appendEvent(record, awsEventType(stateType, 'Entered'), { stateEnteredEventDetails: { name: state.name, input: toJson(state.input) } });
      case 'StateExited':
        if (!state) return;
        return this.appendEvent(record, awsEventType(stateType, 'Exited'), { stateExitedEventDetails: { name: state.name, output: toJson(state.output) } });
      case 'StateFailed':
        if (stateType === 'Task') this.appendEvent(record, 'TaskFailed', { taskFailedEventDetails: { error: event.Error, cause: String(event.Cause ?? '') } });
        return;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        return this.appendEvent(record, event.type, { mapIterationEventDetails: { name: state?.name, index: event.index } });
      default:
        return;
    }
  }

  /** Every Task state (and every Wait state, run as a task) of every execution comes through here. */
  private async runTask(
    record: ExecutionRecord,
    state: StateInfo,
    rawInput: unknown,
    signal: AbortSignal,
    tokenWaiters: Map<string, (settled: TokenRecord) => void>,
    /** Sleeps on the clock counting the execution idle (unless another of its branches works). */
    sleep: <S>(sleeper: Promise<S>) => Promise<S>,
  ): Promise<unknown> {
    // Let the history record the state's entry before the task's own events.
    await nextTurn();
    if (state.type === 'Wait' && state.wait) {
      await sleep(this.clock.sleepUntil(waitUntil(state.wait, rawInput, this.clock.now()), signal, true));
      return rawInput;
    }
    const { input, timeoutSeconds = state.timeoutSeconds } = unwrapTaskInput(rawInput);
    const resource = state.resource ?? '';
    const integrated = resource.includes(':states:::lambda:invoke');
    const functionName = integrated ? String((input as { FunctionName?: unknown }).FunctionName) : resource;
    if (resource === WAIT_RESOURCE || !this.lambdas.has(functionName)) {
      throw stateError('States.Runtime', `the local cloud cannot run the resource ${resource} of state "${state.name}"`);
    }
    const payload = integrated ? (input as { Payload?: unknown }).Payload : input;
    const dueAt = timeoutSeconds !== undefined ? this.clock.now() + timeoutSeconds * 1000 : undefined;
    this.appendEvent(record, 'TaskScheduled', {
      taskScheduledEventDetails: { resourceType: 'lambda', resource: state.waitsForToken ? 'invoke.waitForTaskToken' : 'invoke', parameters: toJson(payload) },
    });
    if (state.waitsForToken) return this.waitForToken(record, state, payload, functionName, dueAt, signal, tokenWaiters, sleep);

    const result = await this.withDeadline(this.lambdas.invoke(functionName, payload), dueAt, signal);
    this.appendEvent(record, 'TaskSucceeded', { taskSucceededEventDetails: { output: toJson(result) } });
    return integrated ? { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 } : result;
  }

  private timeoutError(): Error {
    if (!this.TimeoutError) throw new Error('the local Step Functions service was not started');
    return new this.TimeoutError();
  }

  private async withDeadline<T>(work: Promise<T>, dueAt: number | undefined, signal: AbortSignal): Promise<T> {
    if (dueAt === undefined) return work;
    const sleeping = new AbortController();
    const timedOut = this.clock.sleepUntil(dueAt, AbortSignal.any([signal, sleeping.signal]), true).then(() => {
      throw this.timeoutError();
    });
    try {
      return await Promise.race([work, timedOut]);
    } finally {
      sleeping.abort();
      timedOut.catch(() => undefined);
    }
  }

  private async waitForToken(
    record: ExecutionRecord,
    state: StateInfo,
    payload: unknown,
    functionName: string,
    dueAt: number | undefined,
    signal: AbortSignal,
    tokenWaiters: Map<string, (settled: TokenRecord) => void>,
    sleep: <S>(sleeper: Promise<S>) => Promise<S>,
  ): Promise<unknown> {
    // After a restart the state is entered again: the task it already opened is still the one to wait for.
    let [taskToken, token] = Object.entries(record.tokens).find(([, t]) => t.stateName === state.name && t.status !== 'consumed') ?? [];
    if (!taskToken || !token) {
      taskToken = Buffer.from(JSON.stringify({ e: record.executionArn, s: state.name, n: randomBytes(12).toString('hex') })).toString('base64url');
      token = { stateName: state.name, status: 'waiting', ...(dueAt !== undefined ? { dueAt } : {}) };
      record.tokens[taskToken] = token;
      this.store.save(record);
      await this.lambdas.invoke(functionName, fillToken(payload, taskToken));
      this.appendEvent(record, 'TaskSubmitted', { taskSubmittedEventDetails: { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' } });
    }
    const current = token;
    const key = taskToken;
    if (current.status === 'waiting') {
      const settled = new Promise<TokenRecord>((resolve) => tokenWaiters.set(key, resolve));
      const sleeping = new AbortController();
      const wake = this.clock.sleepUntil(current.dueAt ?? Number.MAX_SAFE_INTEGER, AbortSignal.any([signal, sleeping.signal]), true).then(
        () => 'deadline' as const,
        () => 'woken' as const,
      );
      // The sleeper counts as idle; settling the token aborts the sleep, which counts it as busy again.
      void settled.then(() => sleeping.abort());
      const first = await sleep(Promise.race([settled, wake]));
      tokenWaiters.delete(key);
      if (first === 'deadline') current.status = 'timed_out';
      else if (first === 'woken' && current.status === 'waiting') throw signal.reason ?? new Error('aborted');
    }
    const status = current.status;
    current.status = 'consumed';
    this.store.save(record);
    if (status === 'timed_out') {
      this.appendEvent(record, 'TaskTimedOut', { taskTimedOutEventDetails: { error: 'States.Timeout' } });
      throw this.timeoutError();
    }
    if (status === 'failed') {
      this.appendEvent(record, 'TaskFailed', { taskFailedEventDetails: { error: current.error, cause: current.cause } });
      throw stateError(current.error || 'States.TaskFailed', current.cause ?? '');
    }
    this.appendEvent(record, 'TaskSucceeded', { taskSucceededEventDetails: { output: current.output } });
    return JSON.parse(current.output ?? 'null') as unknown;
  }
}
