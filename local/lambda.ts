import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { ENTRY_METADATA } from '../cdk/app-function.js';
import { InjectedFault, type FaultInjector } from './faults.js';
import type { LocalTemplate } from './template.js';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

interface LocalFunction {
  logicalId: string;
  /** The function's construct id (`ReturnSteps`): its logical id without the hash CDK adds, the name faults use. */
  name: string;
  arn: string;
  entry: string;
  timeoutSeconds: number;
  handler?: Handler;
}

/** A Lambda function's error as Step Functions and callers see it: the name is the error type. */
export class LambdaError extends Error {
  constructor(errorType: string, errorMessage: string) {
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}

/**
 * The template's Lambda functions, each run in this process by its own handler module (named in the
 * function's metadata). Their environment variables, resolved to local resources, become this process's;
 * two functions may not disagree on a variable's value, which `bind*` in the CDK app guarantees.
 */
export class LocalLambdas {
  private readonly byKey = new Map<string, LocalFunction>();

  constructor(
    template: LocalTemplate,
    private readonly projectRoot: string,
    /** Functions made to throw through `POST /local/faults`. */
    private readonly faults?: FaultInjector,
  ) {
    const environment: Record<string, string> = {};
    for (const [logicalId, resource] of template.resourcesOfType('AWS::Lambda::Function')) {
      const entry = resource.Metadata?.[ENTRY_METADATA];
      if (typeof entry !== 'string') continue;
      const props = template.resolve(resource.Properties ?? {}) as { Environment?: { Variables?: Record<string, string> }; Timeout?: number };
      for (const [name, value] of Object.entries(props.Environment?.Variables ?? {})) {
        if (name in environment && environment[name] !== value) {
          throw new Error(`functions disagree on ${name} ("${environment[name]}" vs "${value}"); the local cloud runs them in one process`);
        }
        environment[name] = value;
      }
      const fn: LocalFunction = { logicalId, name: logicalId.replace(/[0-9A-F]{8}$/, ''), arn: template.functionArn(logicalId), entry, timeoutSeconds: props.Timeout ?? 3 };
      this.byKey.set(logicalId, fn);
      this.byKey.set(fn.name, fn);
      this.byKey.set(fn.arn, fn);
    }
    Object.assign(process.env, environment);
  }

  has(nameOrArn: string): boolean {
    return this.byKey.has(nameOrArn);
  }

  logicalIdOf(nameOrArn: string): string {
    return this.get(nameOrArn).logicalId;
  }

  private get(nameOrArn: string): LocalFunction {
    const fn = this.byKey.get(nameOrArn);
    if (!fn) throw new Error(`no local function ${nameOrArn}`);
    return fn;
  }

  /** Loads every handler module now, so that a broken import fails the start, not the first request. */
  async loadAll(): Promise<void> {
    for (const fn of new Set(this.byKey.values())) await this.load(fn);
  }

  private async load(fn: LocalFunction): Promise<Handler> {
    if (!fn.handler) {
      const module = (await import(pathToFileURL(path.join(this.projectRoot, fn.entry)).href)) as { handler?: Handler };
      if (typeof module.handler !== 'function') throw new Error(`${fn.entry} does not export a handler`);
      fn.handler = module.handler;
    }
    return fn.handler;
  }

  /** Invokes a function the way Lambda does: a thrown error becomes a LambdaError named by its type. */
  async invoke(nameOrArn: string, event: unknown): Promise<unknown> {
    const fn = this.get(nameOrArn);
    const handler = await this.load(fn);
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const context = {
      functionName: fn.logicalId,
      functionVersion: '$LATEST',
      invokedFunctionArn: fn.arn,
      memoryLimitInMB: '512',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${fn.logicalId}`,
      logStreamName: 'local',
      callbackWaitsForEmptyEventLoop: false,
      getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } satisfies Context;
    const fault = this.faults?.functionFault(fn.name, event);
    try {
      if (fault === 'before') throw new InjectedFault(fn.name);
      // A JSON round trip, as the Lambda service does, so no handler shares objects with its caller.
      const result = JSON.parse(JSON.stringify((await handler(JSON.parse(JSON.stringify(event ?? null)), context)) ?? null)) as unknown;
      if (fault === 'after') throw new InjectedFault(fn.name);
      return result;
    } catch (error) {
      if (error instanceof LambdaError) throw error;
      const err = error instanceof Error ? error : new Error(String(error));
      throw new LambdaError(err.name === 'Error' ? 'Error' : err.name, err.message);
    }
  }
}
