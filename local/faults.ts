import { z } from 'zod';
import type { DynamoErrorAnswer, DynamoRequestTarget } from './dynamo-proxy.js';
import { seededRandom } from './demo/plan.js';
import { HttpError } from './http-error.js';

/**
 * DynamoDB's transient errors as it sends them. Throttling refuses a request before it is carried out; a 500
 * may come after it was (AWS says so of InternalServerError), so that one is answered once DynamoDB Local has
 * done the work, and the caller's retry meets its own write.
 */
const DYNAMO_ERRORS = {
  ProvisionedThroughputExceededException: {
    status: 400,
    type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
    message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
    afterForwarding: false,
  },
  ThrottlingException: { status: 400, type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.', afterForwarding: false },
  InternalServerError: { status: 500, type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal server error (injected)', afterForwarding: true },
} satisfies Record<string, DynamoErrorAnswer>;
type DynamoErrorName = keyof typeof DYNAMO_ERRORS;
const dynamoErrorNames = Object.keys(DYNAMO_ERRORS) as [DynamoErrorName, ...DynamoErrorName[]];

const count = z.number().int().min(0).max(100_000).default(0);

/** What `POST /local/faults` takes; a new configuration replaces the last one, and `{}` clears every fault. */
export const localFaultsSchema = z
  .object({
    /** The product's requests to DynamoDB tables (not the local cloud's own stream reads). */
    dynamodb: z
      .object({
        /** Refuse the next n requests. */
        failNext: count,
        /** Then refuse this share of the requests, drawn from `seed` (the errors taken in turn). */
        share: z.number().min(0).max(1).default(0),
        seed: z.number().int().default(1),
        errors: z.array(z.enum(dynamoErrorNames)).min(1).default(dynamoErrorNames),
      })
      .strict()
      .optional(),
    /**
     * Functions (by their name in the CDK app: `ReturnSteps`, `WebhookProcessor`) that throw on their next n invocations,
     * before their handler runs or after it did its work (the caller never hears of it); `match` narrows a fault to the
     * invocations whose event has these top-level values (`{ "state": "Refund buyer", "caseId": "as-…" }`).
     */
    functions: z
      .array(
        z
          .object({
            name: z.string(),
            throwNext: z.number().int().min(1).max(1000),
            when: z.enum(['before', 'after']).default('before'),
            match: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type LocalFaults = z.output<typeof localFaultsSchema>;

/** An injected function failure: the error the function's caller sees. */
export class InjectedFault extends Error {
  constructor(functionName: string) {
    super(`${functionName} failed (injected by /local/faults)`);
    this.name = 'InjectedFault';
  }
}

/**
 * Faults the local cloud injects into the AWS side of the product: DynamoDB's throttling and server errors (through
 * the proxy its functions reach DynamoDB Local by) and functions that throw. What was injected is counted, so a test
 * can tell a fault that happened from one that never did.
 */
export class FaultInjector {
  private faults: LocalFaults = localFaultsSchema.parse({});
  private draw = seededRandom(1);
  private turn = 0;
  private injected: { dynamodb: Partial<Record<DynamoErrorName, number>>; functions: Record<string, number> } = { dynamodb: {}, functions: {} };

  constructor(private readonly isFunction: (name: string) => boolean) {}

  /** Replaces the faults (a 400 names what is wrong) and starts counting afresh. */
  configure(body: unknown): ReturnType<FaultInjector['view']> {
    const parsed = localFaultsSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(400, `the faults: ${z.prettifyError(parsed.error)}`);
    const unknown = parsed.data.functions.map((fault) => fault.name).filter((name) => !this.isFunction(name));
    if (unknown.length) throw new HttpError(400, `the faults: no function named ${unknown.join(', ')} (name a function as the CDK app does, such as ReturnSteps or WebhookProcessor)`);
    this.faults = structuredClone(parsed.data);
    this.draw = seededRandom(parsed.data.dynamodb?.seed ?? 1);
    this.turn = 0;
    this.injected = { dynamodb: {}, functions: {} };
    return this.view();
  }

  /** What is still to come, and what was injected since the last configuration. */
  view(): { faults: LocalFaults; injected: FaultInjector['injected'] } {
    return { faults: structuredClone(this.faults), injected: structuredClone(this.injected) };
  }

  /** The error to answer a DynamoDB request with, if one is due. */
  dynamoFault(request: DynamoRequestTarget): DynamoErrorAnswer | undefined {
    const faults = this.faults.dynamodb;
    if (!faults || request.service !== 'DynamoDB_20120810' || request.kind === 'other') return undefined;
    if (faults.failNext > 0) faults.failNext -= 1;
    else if (faults.share === 0 || this.draw() >= faults.share) return undefined;
    const name = faults.errors[this.turn++ % faults.errors.length] ?? 'ThrottlingException';
    this.injected.dynamodb[name] = (this.injected.dynamodb[name] ?? 0) + 1;
    return DYNAMO_ERRORS[name];
  }

  /** Whether this invocation of a function is to fail, and when; uses the fault up. */
  functionFault(functionName: string, event: unknown): 'before' | 'after' | undefined {
    const fields = event !== null && typeof event === 'object' ? (event as Record<string, unknown>) : {};
    const fault = this.faults.functions.find(
      (candidate) => candidate.name === functionName && candidate.throwNext > 0 && Object.entries(candidate.match ?? {}).every(([name, value]) => fields[name] === value),
    );
    if (!fault) return undefined;
    fault.throwNext -= 1;
    this.injected.functions[functionName] = (this.injected.functions[functionName] ?? 0) + 1;
    return fault.when;
  }
}
