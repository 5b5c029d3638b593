import type { Activity } from './activity.js';

const RealDate = Date;
const realNow = () => RealDate.now();
/** setTimeout's largest delay; longer sleeps re-arm. */
const MAX_TIMER_MS = 2_147_483_647;

interface Timer {
  at: number;
  seq: number;
  wake: () => void;
}

/**
 * The local cloud's time. It runs at the pace of real time from a chosen start and can be moved forward,
 * so a month of store life passes in seconds. While installed it is what `Date` means in this process:
 * handlers, the state machine interpreter and the AWS SDK all read it without knowing.
 *
 * Sleeping on the clock (a Wait state, a task deadline) does not count as activity; waking does.
 */
export class LocalClock {
  private offsetMs: number;
  private timers: Timer[] = [];
  private seq = 0;
  private realTimer: NodeJS.Timeout | undefined;
  private installed = false;

  /** Starts at `start`, or `offsetMs` ahead of real time (a kept clock), or at real time. */
  constructor(
    private readonly activity: Activity,
    from: { start?: Date | number; offsetMs?: number } = {},
  ) {
    this.offsetMs = from.offsetMs ?? (from.start === undefined ? 0 : new RealDate(from.start).getTime() - realNow());
  }

  now(): number {
    return realNow() + this.offsetMs;
  }

  get offset(): number {
    return this.offsetMs;
  }

  /**
   * Sleeps until the clock reads `at` (immediately if it already does); rejects if `signal` aborts first.
   * The caller must be counted as busy; while it sleeps it counts as idle, unless it `keepsBusy`
   * (a deadline watched beside work that is still running).
   */
  sleepUntil(at: number, signal?: AbortSignal, keepsBusy = false): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (at <= this.now()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      if (!keepsBusy) this.activity.leave();
      const timer: Timer = {
        at,
        seq: this.seq++,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          if (!keepsBusy) this.activity.enter();
          resolve();
        },
      };
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        if (!keepsBusy) this.activity.enter();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      this.arm();
    });
  }

  /** When the earliest sleeper wakes, or undefined when nobody sleeps. */
  get nextWakeAt(): number | undefined {
    return this.timers[0]?.at;
  }

  /**
   * Moves the clock to `target`, stopping at each sleeper's wake time on the way so that what was due
   * earlier runs first, and letting the work it starts settle before going on.
   */
  async moveTo(target: number, settle: () => Promise<void>): Promise<void> {
    await settle();
    for (;;) {
      const next = this.timers[0];
      if (!next || next.at > target) break;
      if (next.at > this.now()) this.offsetMs = next.at - realNow();
      this.wakeDue();
      await settle();
    }
    if (target > this.now()) this.offsetMs = target - realNow();
    this.wakeDue();
    await settle();
    this.arm();
  }

  private wakeDue(): void {
    const now = this.now();
    while (this.timers[0] && this.timers[0].at <= now) this.timers.shift()?.wake();
  }

  /** In real time, sleepers wake as the clock reaches them without anyone advancing it. */
  private arm(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
    const next = this.timers[0];
    if (!next) return;
    const delay = Math.min(Math.max(next.at - this.now(), 0), MAX_TIMER_MS);
    this.realTimer = setTimeout(() => {
      this.wakeDue();
      this.arm();
    }, delay);
    this.realTimer.unref();
  }

  /** Makes `Date` in this process read this clock. */
  install(): void {
    if (this.installed) return;
    const clock = this;
    class VirtualDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(clock.now());
        else super(...(args as [string | number]));
      }
      static override now(): number {
        return clock.now();
      }
      static override [Symbol.hasInstance](value: unknown): boolean {
        return value instanceof RealDate;
      }
    }
    // `Date()` called without `new` returns a string, which a class cannot do on its own.
    globalThis.Date = new Proxy(VirtualDate, { apply: () => new RealDate(clock.now()).toString() }) as DateConstructor;
    this.installed = true;
  }

  uninstall(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    if (!this.installed) return;
    globalThis.Date = RealDate;
    this.installed = false;
  }
}
