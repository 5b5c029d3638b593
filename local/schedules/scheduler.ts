import type { Activity } from '../activity.js';
import type { LocalClock } from '../clock.js';
import type { LocalLambdas } from '../lambda.js';
import type { LocalStepFunctions } from '../stepfunctions/service.js';
import { constructIdOf, type LocalTemplate } from '../template.js';
import { nextRunAfter, parseScheduleExpression, type ScheduleExpression } from './schedule-expression.js';

interface LocalSchedule {
  name: string;
  expression: string;
  timezone: string;
  parsed: ScheduleExpression;
  targetArn: string;
  input: unknown;
  nextRunAt?: number;
  lastRun?: { at: string; ok: boolean; result: unknown };
}

/** `DailySweepScheduleA709C1A4` → `daily-sweep`: the logical id without CDK's hash and the word Schedule. */
export function scheduleNameOf(logicalId: string): string {
  return constructIdOf(logicalId)
    .replace(/Schedule$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
}

/** EventBridge Scheduler for the template's schedules, firing on the local clock in each schedule's time zone. */
export class LocalScheduler {
  private readonly schedules = new Map<string, LocalSchedule>();
  private readonly controller = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    template: LocalTemplate,
    private readonly clock: LocalClock,
    private readonly activity: Activity,
    private readonly lambdas: LocalLambdas,
    private readonly stepFunctions: LocalStepFunctions,
  ) {
    for (const [logicalId, resource] of template.resourcesOfType('AWS::Scheduler::Schedule')) {
      const props = template.resolve(resource.Properties ?? {}) as {
        Name?: string;
        ScheduleExpression: string;
        ScheduleExpressionTimezone?: string;
        State?: string;
        Target: { Arn: string; Input?: string };
      };
      if (props.State === 'DISABLED') continue;
      const name = props.Name ?? scheduleNameOf(logicalId);
      this.schedules.set(name, {
        name,
        expression: props.ScheduleExpression,
        timezone: props.ScheduleExpressionTimezone ?? 'UTC',
        parsed: parseScheduleExpression(props.ScheduleExpression),
        targetArn: props.Target.Arn,
        input: props.Target.Input ? (JSON.parse(props.Target.Input) as unknown) : {},
      });
    }
  }

  list() {
    return [...this.schedules.values()].map((schedule) => ({
      name: schedule.name,
      expression: schedule.expression,
      timezone: schedule.timezone,
      nextRunAt: schedule.nextRunAt ? new Date(schedule.nextRunAt).toISOString() : null,
      ...(schedule.lastRun ? { lastRun: schedule.lastRun } : {}),
    }));
  }

  has(name: string): boolean {
    return this.schedules.has(name);
  }

  start(): void {
    this.loops = [...this.schedules.values()].map((schedule) => this.loop(schedule));
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled(this.loops);
  }

  /** Runs a schedule's target now, as the schedule would, and answers with what the target returned. */
  async run(name: string): Promise<unknown> {
    const schedule = this.schedules.get(name);
    if (!schedule) throw new Error(`no schedule named ${name}`);
    return this.activity.track(() => this.fire(schedule, 'until-ended'));
  }

  /**
   * Invokes the target. A state machine started by the clock is only started, as EventBridge Scheduler does: it may
   * wait on the clock itself (a Wait state), which moves only once everything due has run.
   */
  private async fire(schedule: LocalSchedule, wait: 'until-ended' | 'until-started'): Promise<unknown> {
    const at = new Date().toISOString();
    try {
      const result = this.lambdas.has(schedule.targetArn)
        ? await this.lambdas.invoke(schedule.targetArn, schedule.input)
        : wait === 'until-ended'
          ? await this.runExecution(schedule)
          : this.stepFunctions.startExecution({ stateMachineArn: schedule.targetArn, input: JSON.stringify(schedule.input) });
      schedule.lastRun = { at, ok: true, result };
      return result;
    } catch (error) {
      schedule.lastRun = { at, ok: false, result: error instanceof Error ? error.message : String(error) };
      throw error;
    }
  }

  /** A state machine target: the run answers with the execution, and its output once it has ended. */
  private async runExecution(schedule: LocalSchedule): Promise<unknown> {
    const { executionArn } = this.stepFunctions.startExecution({ stateMachineArn: schedule.targetArn, input: JSON.stringify(schedule.input) });
    const ended = await this.stepFunctions.executionEnded(executionArn);
    if (ended.status !== 'SUCCEEDED') throw new Error(`execution ${ended.name} ${ended.status.toLowerCase()}: ${ended.error ?? ''} ${ended.cause ?? ''}`.trim());
    return { executionArn, status: ended.status, ...(ended.output ? (JSON.parse(ended.output) as Record<string, unknown>) : {}) };
  }

  private async loop(schedule: LocalSchedule): Promise<void> {
    this.activity.enter();
    try {
      let after = new Date(this.clock.now());
      for (;;) {
        const next = nextRunAfter(schedule.parsed, schedule.timezone, after);
        schedule.nextRunAt = next?.getTime();
        if (!next) return;
        await this.clock.sleepUntil(next.getTime(), this.controller.signal);
        await this.fire(schedule, 'until-started').catch(() => undefined);
        after = next;
      }
    } catch {
      // Stopped while sleeping.
    } finally {
      this.activity.leave();
    }
  }
}
