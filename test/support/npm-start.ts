import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';
import { projectRoot } from '../../cdk/app-function.js';
import { freePort } from '../../local/dynamodb.js';

export interface RunningCloud {
  baseUrl: string;
  output: () => string;
  stop: () => Promise<number | null>;
  /** Kills it as a crash or a killed container would: SIGKILL to it and its DynamoDB Local, no chance to save anything. */
  kill: () => Promise<void>;
}

/** Runs `npm start`'s program as a user would, and resolves at its `ready <url>` line. */
export async function npmStart(env: Record<string, string>): Promise<RunningCloud> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // A process group of its own, so that a kill reaches its DynamoDB Local too, as it would on a crashed machine.
    detached: true,
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /^ready (\S+)$/m.exec(output);
      if (ready?.[1]) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`)));
  });
  return {
    baseUrl,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
    kill: () =>
      new Promise((resolve, reject) => {
        const group = child.pid;
        if (group === undefined) return reject(new Error('npm start has no process id'));
        child.once('exit', () => resolve());
        process.kill(-group, 'SIGKILL');
      }),
  };
}

/**
 * `npm start` on a data directory of its own, to be stopped, killed and started again on it; called inside a `describe`,
 * which stops whatever still runs and removes the directory afterwards.
 */
export function npmStartOnDataDir(prefix: string, env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  let running: RunningCloud | undefined;
  afterAll(async () => {
    await running?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    start: async (): Promise<RunningCloud> => (running = await npmStart({ ...env, DATA_DIR: dataDir, PORT: String(await freePort()) })),
    /** Stops (`kill`: kills) the running one. */
    end: async (how: 'stop' | 'kill'): Promise<number | null | void> => {
      const ending = running;
      running = undefined;
      return how === 'stop' ? ending?.stop() : ending?.kill();
    },
  };
}
