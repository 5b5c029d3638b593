import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export type TokenStatus = 'waiting' | 'succeeded' | 'failed' | 'timed_out' | 'consumed';

export interface HistoryEventRecord {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

export interface TokenRecord {
  stateName: string;
  status: TokenStatus;
  dueAt?: number;
  output?: string;
  error?: string;
  cause?: string;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: number;
  stopDate?: number;
  events: HistoryEventRecord[];
  tokens: Record<string, TokenRecord>;
  /** The top-level state the execution last entered, and that state's input: where a restart resumes. */
  resumeAt?: { stateName: string; input: unknown };
}

/**
 * Keeps executions on disk (one JSON file each, replaced atomically) when the local cloud has a data
 * directory, so that waits and their deadlines outlive a restart; in memory otherwise.
 */
export class ExecutionStore {
  private readonly dirty = new Set<ExecutionRecord>();
  private flushScheduled = false;

  constructor(private readonly directory?: string) {
    if (directory) mkdirSync(directory, { recursive: true });
  }

  loadAll(): ExecutionRecord[] {
    if (!this.directory) return [];
    return readdirSync(this.directory)
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(path.join(this.directory ?? '', file), 'utf8')) as ExecutionRecord);
  }

  /** Marks a record changed; writes are batched to the end of the current turn of the event loop. */
  save(record: ExecutionRecord): void {
    if (!this.directory) return;
    this.dirty.add(record);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.flushScheduled = false;
    if (!this.directory) return;
    for (const record of this.dirty) {
      const file = path.join(this.directory, `${createHash('sha1').update(record.executionArn).digest('hex')}.json`);
      writeFileSync(`${file}.tmp`, JSON.stringify(record));
      renameSync(`${file}.tmp`, file);
    }
    this.dirty.clear();
  }
}
