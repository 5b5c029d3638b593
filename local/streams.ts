import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Activity } from './activity.js';
import type { LocalLambdas } from './lambda.js';
import type { LocalTemplate } from './template.js';

interface Mapping {
  functionName: string;
  tableName: string;
  batchSize: number;
  maxRetries: number;
  reportsItemFailures: boolean;
  /** The mapping's filter patterns (Lambda event filtering); a record matching none is passed over. */
  filters: unknown[];
  streamArn?: string;
  /** Per shard: the last sequence number fully processed. */
  checkpoints: Map<string, string>;
}

export interface ParkedBatch {
  functionName: string;
  tableName: string;
  firstSequenceNumber: string;
  records: number;
  reason: string;
  at: string;
}

/** Lambda's event filter patterns, as far as the stack uses them: a list of allowed values, or an object of fields. */
export function matchesPattern(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some((allowed) => allowed === value);
  if (pattern && typeof pattern === 'object') {
    const fields = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    return Object.entries(pattern).every(([key, inner]) => matchesPattern(fields[key], inner));
  }
  return false;
}

/**
 * The template's DynamoDB stream event source mappings: reads the table's stream from DynamoDB Local
 * and invokes the function with the same event Lambda would build, honouring partial batch failures.
 * A batch that keeps failing past its retries is parked (AWS sends it to the on-failure destination).
 */
export class LocalStreams {
  private readonly mappings: Mapping[] = [];
  private readonly client: DynamoDBStreamsClient;
  readonly parked: ParkedBatch[] = [];
  private pumping: Promise<number> | undefined;

  constructor(
    template: LocalTemplate,
    private readonly dynamo: DynamoDBClient,
    endpoint: string,
    private readonly lambdas: LocalLambdas,
    private readonly activity: Activity,
    /** Where the read positions are kept, so a restart neither replays nor skips records. */
    private readonly checkpointFile?: string,
  ) {
    this.client = new DynamoDBStreamsClient({ endpoint, region: template.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    for (const [, resource] of template.resourcesOfType('AWS::Lambda::EventSourceMapping')) {
      const raw = resource.Properties ?? {};
      const source = raw.EventSourceArn as { 'Fn::GetAtt'?: [string, string] } | undefined;
      const tableId = source?.['Fn::GetAtt']?.[0];
      if (!tableId || source?.['Fn::GetAtt']?.[1] !== 'StreamArn') continue;
      const props = template.resolve(raw) as {
        FunctionName: string;
        BatchSize?: number;
        MaximumRetryAttempts?: number;
        FunctionResponseTypes?: string[];
        FilterCriteria?: { Filters?: Array<{ Pattern: string }> };
      };
      this.mappings.push({
        functionName: props.FunctionName,
        tableName: template.tableName(tableId),
        batchSize: props.BatchSize ?? 100,
        maxRetries: props.MaximumRetryAttempts ?? 10,
        reportsItemFailures: props.FunctionResponseTypes?.includes('ReportBatchItemFailures') ?? false,
        filters: (props.FilterCriteria?.Filters ?? []).map((filter) => JSON.parse(filter.Pattern) as unknown),
        checkpoints: new Map(),
      });
    }
  }

  async start(): Promise<void> {
    const saved = this.checkpointFile && existsSync(this.checkpointFile) ? (JSON.parse(readFileSync(this.checkpointFile, 'utf8')) as Record<string, Record<string, string>>) : {};
    for (const mapping of this.mappings) {
      const table = await this.dynamo.send(new DescribeTableCommand({ TableName: mapping.tableName }));
      mapping.streamArn = table.Table?.LatestStreamArn;
      for (const [shard, sequence] of Object.entries(saved[this.keyOf(mapping)] ?? {})) mapping.checkpoints.set(shard, sequence);
    }
  }

  private keyOf(mapping: Mapping): string {
    return `${mapping.functionName} <- ${mapping.tableName}`;
  }

  private checkpoint(mapping: Mapping, shardId: string, sequence: string): void {
    mapping.checkpoints.set(shardId, sequence);
    if (!this.checkpointFile) return;
    const all = Object.fromEntries(this.mappings.map((m) => [this.keyOf(m), Object.fromEntries(m.checkpoints)]));
    writeFileSync(this.checkpointFile, JSON.stringify(all));
  }

  /**
   * While held, stream records wait (as when the consuming function is throttled in AWS); benchmarks use it to
   * time the ingest on its own, since locally the processor would otherwise share the process with it.
   */
  held = false;

  /** Processes everything new on every mapped stream; returns how many records were delivered. */
  pump(): Promise<number> {
    if (this.held) return Promise.resolve(0);
    this.pumping ??= this.activity.track(() => this.pumpAll()).finally(() => (this.pumping = undefined));
    return this.pumping;
  }

  private async pumpAll(): Promise<number> {
    let delivered = 0;
    for (const mapping of this.mappings) {
      if (!mapping.streamArn) continue;
      for (const shard of await this.shards(mapping.streamArn)) delivered += await this.pumpShard(mapping, shard);
    }
    return delivered;
  }

  private async shards(streamArn: string): Promise<string[]> {
    const described = await this.client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    return (described.StreamDescription?.Shards ?? []).map((shard) => shard.ShardId ?? '').filter(Boolean);
  }

  private async readShard(mapping: Mapping, shardId: string, limit: number): Promise<StreamRecord[]> {
    const after = mapping.checkpoints.get(shardId);
    const { ShardIterator } = await this.client.send(
      new GetShardIteratorCommand({
        StreamArn: mapping.streamArn,
        ShardId: shardId,
        ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    const records: StreamRecord[] = [];
    let iterator = ShardIterator;
    while (iterator && records.length < limit) {
      const page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      if (!page.Records?.length) break;
      records.push(...page.Records);
      iterator = page.NextShardIterator;
    }
    return records;
  }

  private async pumpShard(mapping: Mapping, shardId: string): Promise<number> {
    let delivered = 0;
    for (;;) {
      const batch = (await this.readShard(mapping, shardId, mapping.batchSize)).slice(0, mapping.batchSize);
      if (batch.length === 0) return delivered;
      const wanted = mapping.filters.length ? batch.filter((record) => mapping.filters.some((pattern) => matchesPattern(record, pattern))) : batch;
      if (wanted.length) await this.deliver(mapping, shardId, wanted);
      // Records the filters pass over are done with, as in Lambda.
      const last = batch.at(-1)?.dynamodb?.SequenceNumber;
      if (last && wanted.at(-1) !== batch.at(-1)) this.checkpoint(mapping, shardId, last);
      delivered += wanted.length;
    }
  }

  /** Delivers one batch with retries; afterwards the checkpoint has moved past it, delivered or parked. */
  private async deliver(mapping: Mapping, shardId: string, batch: StreamRecord[]): Promise<void> {
    let pending = batch;
    let reason = '';
    for (let attempt = 0; attempt <= mapping.maxRetries && pending.length > 0; attempt++) {
      const event = { Records: pending.map((record) => ({ ...record, eventSourceARN: mapping.streamArn })) } as unknown as DynamoDBStreamEvent;
      try {
        const response = (await this.lambdas.invoke(mapping.functionName, event)) as DynamoDBBatchResponse | null;
        const failed = mapping.reportsItemFailures ? (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier) : [];
        const firstFailed = pending.findIndex((record) => failed.includes(record.dynamodb?.SequenceNumber ?? ''));
        const succeeded = firstFailed === -1 ? pending : pending.slice(0, firstFailed);
        const last = succeeded.at(-1)?.dynamodb?.SequenceNumber;
        if (last) this.checkpoint(mapping, shardId, last);
        pending = firstFailed === -1 ? [] : pending.slice(firstFailed);
        reason = 'the function reported the record as failed';
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
    }
    if (pending.length === 0) return;
    const last = pending.at(-1)?.dynamodb?.SequenceNumber;
    if (last) this.checkpoint(mapping, shardId, last);
    this.parked.push({
      functionName: mapping.functionName,
      tableName: mapping.tableName,
      firstSequenceNumber: pending[0]?.dynamodb?.SequenceNumber ?? '',
      records: pending.length,
      reason,
      at: new Date().toISOString(),
    });
  }

  stop(): void {
    this.client.destroy();
  }
}
