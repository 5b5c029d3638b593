import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../../cdk/app-function.js';

export interface RunningCloud {
  baseUrl: string;
  output: () => string;
  stop: () => Promise<number | null>;
}

/** Runs `npm start`'s program as a user would, and resolves at its `ready <url>` line. */
export async function npmStart(env: Record<string, string>): Promise<RunningCloud> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
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
  };
}
