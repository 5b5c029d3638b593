import './polyfills.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { projectRoot } from '../cdk/app-function.js';
import { synthesizeTemplate, type CloudFormationTemplate } from '../cdk/synth.js';
import { Activity } from './activity.js';
import { LocalHttpApi } from './api-gateway.js';
import { LocalClock } from './clock.js';
import { addIsoDuration } from './duration.js';
import { ensureTables, localDynamoClient, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb.js';
import { DynamoProxy } from './dynamo-proxy.js';
import { FaultInjector } from './faults.js';
import { createLocalServer, FULFILMENT_PATH, INVOICING_PATH, logLocalError, MESSAGING_PATH, PAYMENTS_PATH, SECRETS_MANAGER_PATH, STEP_FUNCTIONS_PATH } from './http-server.js';
import { ENV } from '../functions/shared/env.js';
import { INVOICES, MESSAGES, REFUNDS, ServiceSimulator, SHIPMENTS, type InvoiceBody, type MessageBody, type RefundBody, type ShipmentBody, type SimulatedResource } from './service-simulator.js';
import { LocalSecretsManager } from './secrets-manager.js';
import { handleStepFunctionsCall } from './stepfunctions/api.js';
import { LocalLambdas } from './lambda.js';
import { LocalScheduler } from './schedules/scheduler.js';
import { LocalStepFunctions } from './stepfunctions/service.js';
import { LocalStreams } from './streams.js';
import { LocalTemplate } from './template.js';
import { HttpError } from './http-error.js';
import { LocalJwtAuthorizer } from './jwt-authorizer.js';

export interface LocalCloudOptions {
  /** Where data, executions and the clock are kept across restarts; without it everything is in memory. */
  dataDir?: string;
  port?: number;
  host?: string;
  adminToken?: string;
  /** Where the clock starts on a fresh data directory (a kept clock resumes where it was). */
  clockStart?: Date;
  /** Use a DynamoDB Local that is already running (tests share one) instead of starting one. */
  dynamoEndpoint?: string;
  /** Prefix of the local table names, so several clouds can share one DynamoDB Local. */
  tablePrefix?: string;
  region?: string;
  /** The synthesized template, when the caller already has it (tests synthesize once per run). */
  template?: CloudFormationTemplate;
}

/** How long the adapters wait for the simulated outside services before they give up. */
const OUTSIDE_SERVICE_TIMEOUT_MS = 2000;

let synthesized: CloudFormationTemplate | undefined;
/** The stack's template, synthesized once per process. */
export function stackTemplate(): CloudFormationTemplate {
  synthesized ??= synthesizeTemplate();
  return synthesized;
}

/**
 * The whole product on one machine: DynamoDB Local with the template's tables, the template's functions
 * in-process, its state machines, stream mappings, HTTP API and schedules, all on a clock that can be moved.
 */
export class LocalCloud {
  private pumpTimer: NodeJS.Timeout | undefined;

  private constructor(
    readonly baseUrl: string,
    readonly payments: ServiceSimulator<RefundBody>,
    readonly fulfilment: ServiceSimulator<ShipmentBody>,
    readonly invoicing: ServiceSimulator<InvoiceBody>,
    readonly messaging: ServiceSimulator<MessageBody>,
    readonly adminToken: string,
    readonly clock: LocalClock,
    readonly activity: Activity,
    readonly stepFunctions: LocalStepFunctions,
    readonly streams: LocalStreams,
    readonly scheduler: LocalScheduler,
    readonly dynamo: DynamoDBClient,
    readonly faults: FaultInjector,
    private readonly server: Server,
    private readonly dynamoProxy: DynamoProxy,
    private readonly ownDynamo: DynamoDbLocal | undefined,
    private readonly clockFile: string | undefined,
  ) {}

  static async start(options: LocalCloudOptions = {}): Promise<LocalCloud> {
    const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    const region = options.region ?? 'us-east-1';
    const adminToken = options.adminToken ?? 'local-admin';

    const activity = new Activity();
    const clockFile = dataDir ? path.join(dataDir, 'clock.json') : undefined;
    // The kept offset makes the clock run on while the cloud is down, as time does in AWS:
    // deadlines that passed meanwhile fire at the next start.
    const kept = clockFile && existsSync(clockFile) ? (JSON.parse(readFileSync(clockFile, 'utf8')) as { offsetMs: number }).offsetMs : undefined;
    const clock = new LocalClock(activity, kept !== undefined ? { offsetMs: kept } : { start: options.clockStart });
    clock.install();

    const ownDynamo = options.dynamoEndpoint ? undefined : await startDynamoDbLocal(dataDir ? { directory: path.join(dataDir, 'dynamodb') } : {});
    const dynamoEndpoint = options.dynamoEndpoint ?? ownDynamo?.endpoint ?? '';
    const template = new LocalTemplate(options.template ?? stackTemplate(), region, options.tablePrefix ?? '', { AdminToken: adminToken });

    // Parts are wired through a late-bound holder: the server must listen before the functions load,
    // because their SDK clients read the local endpoints from the environment when they are created.
    const holder: { cloud?: LocalCloud } = {};
    const api = new LocalHttpApi(template);
    const secretsManager = new LocalSecretsManager(region, dataDir ? path.join(dataDir, 'secrets.json') : undefined);
    const simulate = <Body extends object>(kind: SimulatedResource<Body>, file: string) =>
      new ServiceSimulator(kind, dataDir ? path.join(dataDir, file) : undefined, OUTSIDE_SERVICE_TIMEOUT_MS + 500);
    const payments = simulate(REFUNDS, 'payments.json');
    const fulfilment = simulate(SHIPMENTS, 'fulfilment.json');
    // The e-invoice records the local issuer produces are kept in the data directory.
    const invoicing = simulate(INVOICES, 'invoicing.json');
    // What buyers received by SMS and email is kept in the data directory: the local cloud's file channel.
    const messaging = simulate(MESSAGES, 'messaging.json');
    let lambdas: LocalLambdas | undefined;
    const faults = new FaultInjector((name) => lambdas?.has(name) ?? false);
    // The functions reach DynamoDB Local through a proxy that can answer as a throttled or failing DynamoDB would.
    const dynamoProxy = await DynamoProxy.start(dynamoEndpoint, { refuse: (request) => faults.dynamoFault(request) });
    let stepFunctions: LocalStepFunctions | undefined;
    let scheduler: LocalScheduler | undefined;
    const server = createLocalServer({
      api,
      authorizer: new LocalJwtAuthorizer(adminToken),
      get lambdas() {
        return lambdas as LocalLambdas;
      },
      awsServices: {
        [STEP_FUNCTIONS_PATH]: (operation, body) => handleStepFunctionsCall(stepFunctions as LocalStepFunctions, operation, body),
        [SECRETS_MANAGER_PATH]: (operation, body) => secretsManager.handle(operation, body),
      },
      get scheduler() {
        return scheduler as LocalScheduler;
      },
      activity,
      payments,
      fulfilment,
      invoicing,
      messaging,
      faults,
      clockNow: () => ({ now: new Date(clock.now()).toISOString() }),
      moveClock: async (body) => {
        if (!holder.cloud) throw new Error('the local cloud is starting');
        return holder.cloud.moveClock(body);
      },
      afterRequest: () => void holder.cloud?.streams.pump().catch((error: unknown) => logLocalError('stream processing failed', error)),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const baseUrl = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`;

    Object.assign(process.env, {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamoProxy.url,
      AWS_ENDPOINT_URL_SFN: `${baseUrl}${STEP_FUNCTIONS_PATH}`,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: `${baseUrl}${SECRETS_MANAGER_PATH}`,
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      PAYMENT_PROVIDER_TIMEOUT_MS: String(OUTSIDE_SERVICE_TIMEOUT_MS),
      FULFILMENT_SERVICE_TIMEOUT_MS: String(OUTSIDE_SERVICE_TIMEOUT_MS),
      INVOICE_SERVICE_TIMEOUT_MS: String(OUTSIDE_SERVICE_TIMEOUT_MS),
      MESSAGING_PROVIDER_TIMEOUT_MS: String(OUTSIDE_SERVICE_TIMEOUT_MS),
    });
    template.setParameter('PaymentProviderUrl', `${baseUrl}${PAYMENTS_PATH}`);
    template.setParameter('FulfilmentServiceUrl', `${baseUrl}${FULFILMENT_PATH}`);
    template.setParameter('InvoiceServiceUrl', `${baseUrl}${INVOICING_PATH}`);
    template.setParameter('SmsProviderUrl', `${baseUrl}${MESSAGING_PATH}`);
    template.setParameter('EmailProviderUrl', `${baseUrl}${MESSAGING_PATH}`);
    const dynamo = localDynamoClient(dynamoEndpoint);
    await ensureTables(dynamo, template);
    lambdas = new LocalLambdas(template, projectRoot, faults);
    await lambdas.loadAll();
    // Opt-out links point at the HTTP API's URL, which the template only knows in AWS.
    process.env[ENV.publicBaseUrl] = baseUrl;
    stepFunctions = new LocalStepFunctions(template, lambdas, clock, activity, dataDir ? path.join(dataDir, 'stepfunctions') : undefined);
    await stepFunctions.start();
    const streams = new LocalStreams(template, dynamo, dynamoEndpoint, lambdas, activity, dataDir ? path.join(dataDir, 'streams.json') : undefined);
    await streams.start();
    scheduler = new LocalScheduler(template, clock, activity, lambdas, stepFunctions);
    scheduler.start();

    const cloud = new LocalCloud(baseUrl, payments, fulfilment, invoicing, messaging, adminToken, clock, activity, stepFunctions, streams, scheduler, dynamo, faults, server, dynamoProxy, ownDynamo, clockFile);
    holder.cloud = cloud;
    cloud.saveClock();
    // Anything stored without an HTTP request (or missed) is still picked up within a second.
    cloud.pumpTimer = setInterval(() => void streams.pump().catch(() => undefined), 1000);
    cloud.pumpTimer.unref();
    await cloud.settle();
    return cloud;
  }

  /** Waits until everything that is due has run: requests, stream records, executions up to their next wait. */
  async settle(): Promise<void> {
    for (;;) {
      await this.activity.idle();
      const delivered = await this.streams.pump();
      if (delivered === 0 && this.activity.isIdle) return;
    }
  }

  /** Moves the clock forward (never back), running what falls due on the way, in order. */
  async advanceTo(target: number): Promise<void> {
    await this.clock.moveTo(target, () => this.settle());
    this.saveClock();
  }

  async advance(duration: string): Promise<void> {
    const target = addIsoDuration(this.clock.now(), duration);
    if (target === undefined) throw new Error(`"${duration}" is not an ISO-8601 duration`);
    await this.advanceTo(target);
  }

  private async moveClock(body: unknown): Promise<{ now: string }> {
    const request = (body ?? {}) as { advance?: unknown; set?: unknown };
    if (typeof request.advance === 'string') {
      const target = addIsoDuration(this.clock.now(), request.advance);
      if (target === undefined) throw new HttpError(400, '"advance" must be an ISO-8601 duration such as PT48H or P2D');
      await this.advanceTo(target);
    } else if (typeof request.set === 'string' && !Number.isNaN(Date.parse(request.set))) {
      await this.advanceTo(Date.parse(request.set));
    } else {
      throw new HttpError(400, 'send { "advance": "<ISO-8601 duration>" } or { "set": "<ISO time>" }');
    }
    return { now: new Date(this.clock.now()).toISOString() };
  }

  private saveClock(): void {
    if (this.clockFile) writeFileSync(this.clockFile, JSON.stringify({ offsetMs: this.clock.offset, now: new Date(this.clock.now()).toISOString() }));
  }

  async stop(): Promise<void> {
    if (this.pumpTimer) clearInterval(this.pumpTimer);
    this.saveClock();
    await this.scheduler.stop();
    await this.streams.pump().catch(() => undefined);
    await this.stepFunctions.stop();
    this.streams.stop();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.dynamo.destroy();
    await this.dynamoProxy.stop();
    await this.ownDynamo?.stop();
    this.clock.uninstall();
  }
}
