import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Counts work in progress in the local cloud (a running execution, an HTTP request, a stream batch),
 * so that "advance the clock" can wait until everything that became due has run before it answers.
 */
export class Activity {
  private busy = 0;
  private waiters: Array<() => void> = [];

  enter(): void {
    this.busy += 1;
  }

  leave(): void {
    this.busy -= 1;
    if (this.busy < 0) throw new Error('activity left more often than entered');
    if (this.busy === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.enter();
    try {
      return await work();
    } finally {
      this.leave();
    }
  }

  get isIdle(): boolean {
    return this.busy === 0;
  }

  /** Resolves once nothing is busy, after letting already-scheduled callbacks run (they may start more work). */
  async idle(): Promise<void> {
    for (;;) {
      while (this.busy > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
      await nextTurn();
      await nextTurn();
      if (this.busy === 0) return;
    }
  }
}
