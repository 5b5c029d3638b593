import type { CloudFormationTemplate } from '../cdk/synth.js';

export const LOCAL_ACCOUNT = '000000000000';

type Resource = CloudFormationTemplate['Resources'][string];

/** `AdminApi059A0912` → `AdminApi`: a logical id without the hash CDK appends to the construct's id. */
export const constructIdOf = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, '');

/**
 * The synthesized CloudFormation template read as the local cloud's plan: which tables, functions,
 * state machines, routes and schedules exist, and what their references resolve to locally.
 */
export class LocalTemplate {
  constructor(
    readonly template: CloudFormationTemplate,
    readonly region: string,
    private readonly tablePrefix: string,
    private readonly parameters: Record<string, string>,
  ) {}

  /** A parameter known only once the local cloud listens (its own URLs). */
  setParameter(name: string, value: string): void {
    this.parameters[name] = value;
  }

  resourcesOfType(type: string): Array<[string, Resource]> {
    return Object.entries(this.template.Resources).filter(([, resource]) => resource.Type === type);
  }

  resource(logicalId: string): Resource {
    const found = this.template.Resources[logicalId];
    if (!found) throw new Error(`the template has no resource ${logicalId}`);
    return found;
  }

  tableName(logicalId: string): string {
    return `${this.tablePrefix}${logicalId}`;
  }

  functionArn(logicalId: string): string {
    return `arn:aws:lambda:${this.region}:${LOCAL_ACCOUNT}:function:${logicalId}`;
  }

  stateMachineArn(logicalId: string): string {
    return `arn:aws:states:${this.region}:${LOCAL_ACCOUNT}:stateMachine:${logicalId}`;
  }

  /** Ref: what CloudFormation would return, with local names. */
  ref(logicalId: string): string {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': this.region,
      'AWS::AccountId': LOCAL_ACCOUNT,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'AfterSales',
    };
    if (pseudo[logicalId]) return pseudo[logicalId];
    if (this.template.Parameters?.[logicalId]) {
      const value = this.parameters[logicalId] ?? this.template.Parameters[logicalId].Default;
      if (value === undefined) throw new Error(`template parameter ${logicalId} needs a local value`);
      return value;
    }
    switch (this.resource(logicalId).Type) {
      case 'AWS::DynamoDB::Table':
        return this.tableName(logicalId);
      case 'AWS::StepFunctions::StateMachine':
        return this.stateMachineArn(logicalId);
      default:
        return logicalId;
    }
  }

  getAtt(logicalId: string, attribute: string): string {
    const type = this.resource(logicalId).Type;
    if (attribute === 'Arn' && type === 'AWS::Lambda::Function') return this.functionArn(logicalId);
    if (attribute === 'Arn' && type === 'AWS::DynamoDB::Table') return `arn:aws:dynamodb:${this.region}:${LOCAL_ACCOUNT}:table/${this.tableName(logicalId)}`;
    return `arn:local:${logicalId}:${attribute}`;
  }

  /** Resolves the intrinsic functions CDK emits (Ref, Fn::GetAtt, Fn::Join, Fn::Sub) to plain values. */
  resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [key, arg] = entries[0] as [string, unknown];
      if (key === 'Ref') return this.ref(String(arg));
      if (key === 'Fn::GetAtt') {
        const [id, attribute] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
        return this.getAtt(id ?? '', attribute ?? '');
      }
      if (key === 'Fn::Join') {
        const [separator, parts] = arg as [string, unknown[]];
        return (this.resolve(parts) as unknown[]).map(String).join(separator);
      }
      if (key === 'Fn::Sub') {
        const text = typeof arg === 'string' ? arg : String((arg as unknown[])[0]);
        return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          const [id, attribute] = name.split('.');
          return attribute ? this.getAtt(id ?? '', attribute) : this.ref(name);
        });
      }
    }
    return Object.fromEntries(entries.map(([key, inner]) => [key, this.resolve(inner)]));
  }
}
