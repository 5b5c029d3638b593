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

/**
 * One execution's part in the activity. It is busy unless all it has in flight is asleep (a Wait, a task token, a
 * deadline): a map's iterations may sleep and work at the same time, and the clock must not move on while one works.
 */
export class ExecutionActivity {
  private working = 0;
  private sleeping = 0;
  private held = false;
  private ended = false;

  constructor(private readonly activity: Activity) {
    this.update();
  }

  /** A state's work: the execution is busy throughout, except while the work itself sleeps. */
  async work<T>(run: (sleep: <S>(sleeper: Promise<S>) => Promise<S>) => Promise<T>): Promise<T> {
    this.change(1, 0);
    try {
      return await run(async (sleeper) => {
        this.change(-1, 1);
        try {
          return await sleeper;
        } finally {
          this.change(1, -1);
        }
      });
    } finally {
      this.change(-1, 0);
    }
  }

  end(): void {
    this.ended = true;
    this.update();
  }

  private change(working: number, sleeping: number): void {
    this.working += working;
    this.sleeping += sleeping;
    this.update();
  }

  private update(): void {
    const busy = !this.ended && (this.sleeping === 0 || this.working > 0);
    if (busy && !this.held) this.activity.enter();
    if (!busy && this.held) this.activity.leave();
    this.held = busy;
  }
}
