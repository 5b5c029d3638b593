import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Architecture, Runtime, Tracing, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { SERVICE_NAME } from '../functions/shared/metrics.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Metadata key naming a function's handler module; the local cloud runs that module in-process. */
export const ENTRY_METADATA = 'aftersales:entry';

/** Every log group of the product: kept a month, and deleted with the stack (unlike the tables, nothing to recover). */
export function productLogGroup(scope: Construct, id: string): LogGroup {
  return new LogGroup(scope, id, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
}

/** The bundling options every function is built with; bench/cold-start.ts translates the same ones for esbuild. */
export type FunctionBundling = Readonly<Required<Pick<BundlingOptions, 'format' | 'target' | 'sourceMap' | 'minify' | 'mainFields' | 'banner' | 'externalModules'>>>;

/** In one place so that the cold-start benchmark measures the bundles a deployment ships, not a look-alike. */
export const BUNDLING: FunctionBundling = {
  format: OutputFormat.ESM,
  target: 'node22',
  sourceMap: true,
  minify: true,
  mainFields: ['module', 'main'],
  // Some dependencies still call require(); ESM bundles need it defined.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  // CDK's own default for Node 18 and later (the runtime provides the SDK v3), stated so the benchmark leaves out the same modules.
  externalModules: ['@aws-sdk/*'],
};

/** What every function's environment starts with, before `bind*` adds its resources. */
export const BASE_ENVIRONMENT: Readonly<Record<string, string>> = {
  NODE_OPTIONS: '--enable-source-maps',
  POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
};

export interface AppFunctionProps {
  /** The handler module, relative to the project root (it exports `handler`). */
  entry: string;
  description: string;
  timeout?: Duration;
  memorySize?: number;
}

/**
 * Every Lambda function of the product, with the defaults fixed once: Node 22 on ARM64, ESM bundles with
 * source maps, X-Ray tracing, a log group with a retention. `bind*` methods set the environment variable
 * and the least-privilege grant together, so a function can never see a resource it may not use.
 * Its role starts empty rather than with AWSLambdaBasicExecutionRole, which would let it write to every log
 * group of the account: it may write to its own log group only.
 */
export class AppFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const logGroup = productLogGroup(scope, `${id}Logs`);
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    super(scope, id, {
      entry: path.join(projectRoot, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      tracing: Tracing.ACTIVE,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      logGroup,
      role,
      depsLockFilePath: path.join(projectRoot, 'package-lock.json'),
      projectRoot,
      environment: { ...BASE_ENVIRONMENT },
      bundling: BUNDLING,
    });
    (this.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA, props.entry);
  }

  bindTable(table: ITable, envName: string, access: 'read' | 'readWrite'): this {
    this.addEnvironment(envName, table.tableName);
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
    return this;
  }

  /** Secrets Manager secrets under `prefix` (one per store); writers may create and update them. */
  bindSecrets(prefix: string, envName: string, access: 'read' | 'readWrite'): this {
    this.addEnvironment(envName, prefix);
    const actions = ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'];
    if (access === 'readWrite') actions.push('secretsmanager:CreateSecret', 'secretsmanager:PutSecretValue');
    this.addToRolePolicy(
      new PolicyStatement({ actions, resources: [Stack.of(this).formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${prefix}*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })] }),
    );
    return this;
  }

  /**
   * Only the calls the product makes (functions/shared/executions.ts, functions/tasks/complete-task.ts): CDK's
   * grantRead would add DescribeStateMachine and DescribeActivity on every state machine and activity of the
   * account, and grantTaskResponse SendTaskFailure and SendTaskHeartbeat, which nothing sends.
   */
  bindWorkflow(stateMachine: IStateMachine, envName: string, access: { start?: boolean; read?: boolean; callback?: boolean }): this {
    this.addEnvironment(envName, stateMachine.stateMachineArn);
    if (access.start) stateMachine.grantStartExecution(this);
    if (access.read) {
      stateMachine.grant(this, 'states:ListExecutions');
      stateMachine.grantExecution(this, 'states:DescribeExecution', 'states:GetExecutionHistory');
    }
    if (access.callback) stateMachine.grant(this, 'states:SendTaskSuccess');
    return this;
  }
}
