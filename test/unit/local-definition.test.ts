import { describe, it, expect } from 'vitest';
import { addIsoDuration } from '../../local/duration.js';
import { fillToken, prepareDefinition, TOKEN_PLACEHOLDER, unwrapTaskInput, waitUntil } from '../../local/stepfunctions/definition.js';

const WAIT_FOR_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const INVOKE = 'arn:aws:states:::lambda:invoke';

/** A hand-written machine with a Wait, a token task with a deadline path, a plain task and a Parallel. */
const asl = {
  StartAt: 'Cool off',
  States: {
    'Cool off': { Type: 'Wait', Seconds: 600, Next: 'Ask the store' },
    'Ask the store': {
      Type: 'Task',
      Resource: WAIT_FOR_TOKEN,
      Parameters: {
        FunctionName: 'open-task',
        Payload: { 'taskToken.$': '$$.Task.Token', 'caseId.$': '$.caseId', kind: 'store_decision' },
      },
      TimeoutSecondsPath: '$.deadlines.storeDecisionSeconds',
      HeartbeatSeconds: 3600,
      ResultPath: '$.decision',
      Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Done' }],
      Next: 'Record',
    },
    Record: { Type: 'Task', Resource: INVOKE, TimeoutSecondsPath: '$.deadlines.recordSeconds', Next: 'Fan out' },
    'Fan out': {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Inner wait',
          States: {
            'Inner wait': { Type: 'Wait', SecondsPath: '$.pause', Next: 'Inner task' },
            'Inner task': { Type: 'Task', Resource: INVOKE, TimeoutSeconds: 30, End: true },
          },
        },
      ],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

type State = Record<string, unknown>;

const prepared = () => prepareDefinition(JSON.stringify(asl));
const stateOf = (name: string): State => {
  const state = prepared().definition.States[name];
  if (!state) throw new Error(`no state ${name}`);
  return state as State;
};

/** The key a Parameters object maps to the given JSONPath, without its ".$" suffix. */
function keyFor(parameters: unknown, jsonPath: string): string {
  const entry = Object.entries(parameters as Record<string, unknown>).find(([key, value]) => key.endsWith('.$') && value === jsonPath);
  if (!entry) throw new Error(`no parameter reads ${jsonPath}`);
  return entry[0].slice(0, -2);
}

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('did not throw');
}

describe('prepareDefinition', () => {
  it('turns a Wait state into a Task on local:wait that keeps its Next', () => {
    const pause = stateOf('Cool off');
    expect(pause.Type).toBe('Task');
    expect(pause.Resource).toBe('local:wait');
    expect(pause.Next).toBe('Ask the store');
    expect(pause).not.toHaveProperty('Seconds');
    expect(prepared().states.get('Cool off')).toMatchObject({ type: 'Wait', waitsForToken: false, wait: { Seconds: 600 } });
  });

  it('replaces $$.Task.Token with the placeholder, and fillToken puts a real token there', () => {
    const ask = stateOf('Ask the store');
    const parameters = ask.Parameters as { FunctionName: string; Payload: Record<string, unknown> };
    expect(parameters.Payload.taskToken).toBe(TOKEN_PLACEHOLDER);
    expect(parameters.Payload).not.toHaveProperty('taskToken.$');
    // Other paths stay paths for the interpreter to evaluate.
    expect(parameters.Payload['caseId.$']).toBe('$.caseId');
    expect(parameters.FunctionName).toBe('open-task');

    const filled = fillToken({ FunctionName: 'open-task', Payload: { taskToken: TOKEN_PLACEHOLDER, list: [TOKEN_PLACEHOLDER, 'x'], n: 1, none: null } }, 'tok-123');
    expect(filled).toEqual({ FunctionName: 'open-task', Payload: { taskToken: 'tok-123', list: ['tok-123', 'x'], n: 1, none: null } });
  });

  it('records which tasks wait for a token', () => {
    const { states } = prepared();
    expect(states.get('Ask the store')).toMatchObject({ type: 'Task', resource: WAIT_FOR_TOKEN, waitsForToken: true });
    expect(states.get('Record')).toMatchObject({ type: 'Task', resource: INVOKE, waitsForToken: false });
  });

  it('moves TimeoutSecondsPath into Parameters and drops heartbeats, so the interpreter never times out first', () => {
    const ask = stateOf('Ask the store');
    expect(ask).not.toHaveProperty('TimeoutSecondsPath');
    expect(ask).not.toHaveProperty('HeartbeatSeconds');
    // The interpreter's own timeout is far beyond any deadline of the product (the longest default is 10 days).
    expect(ask.TimeoutSeconds).toBeGreaterThan(10 * 86_400);
    expect(keyFor(ask.Parameters, '$.deadlines.storeDecisionSeconds')).toBeTruthy();
    expect(ask.Catch).toEqual([{ ErrorEquals: ['States.Timeout'], Next: 'Done' }]);
    expect(ask.ResultPath).toBe('$.decision');
  });

  it('keeps a fixed TimeoutSeconds in the state info', () => {
    const { states } = prepared();
    expect(states.get('Inner task')?.timeoutSeconds).toBe(30);
  });

  it('lists nested Parallel branch states in states but not in topLevel', () => {
    const { states, topLevel } = prepared();
    expect([...topLevel].sort()).toEqual(['Ask the store', 'Cool off', 'Done', 'Fan out', 'Record']);
    expect(states.has('Inner wait')).toBe(true);
    expect(states.has('Inner task')).toBe(true);
    expect(topLevel.has('Inner wait')).toBe(false);
    expect(topLevel.has('Inner task')).toBe(false);
    const branch = (stateOf('Fan out').Branches as Array<{ States: Record<string, State> }>)[0];
    expect(branch?.States['Inner wait']?.Resource).toBe('local:wait');
    expect(branch?.States['Inner wait']?.Next).toBe('Inner task');
    expect(states.get('Inner wait')?.wait).toEqual({ SecondsPath: '$.pause' });
  });
});

describe('unwrapTaskInput', () => {
  it('returns the deadline the Parameters step read and the task input without it', () => {
    const parameters = stateOf('Ask the store').Parameters as Record<string, unknown>;
    const timeoutKey = keyFor(parameters, '$.deadlines.storeDecisionSeconds');
    // What the interpreter's Parameters step produces for an input with a 48 h deadline.
    const effective = { FunctionName: 'open-task', Payload: { taskToken: TOKEN_PLACEHOLDER, caseId: 'c-1' }, [timeoutKey]: 172_800 };
    expect(unwrapTaskInput(effective)).toEqual({ input: { FunctionName: 'open-task', Payload: { taskToken: TOKEN_PLACEHOLDER, caseId: 'c-1' } }, timeoutSeconds: 172_800 });
  });

  it('gives back the whole state input when the task had no Parameters', () => {
    const parameters = stateOf('Record').Parameters as Record<string, unknown>;
    const timeoutKey = keyFor(parameters, '$.deadlines.recordSeconds');
    const inputKey = keyFor(parameters, '$');
    const stateInput = { caseId: 'c-1', deadlines: { recordSeconds: 60 } };
    expect(unwrapTaskInput({ [inputKey]: stateInput, [timeoutKey]: 60 })).toEqual({ input: stateInput, timeoutSeconds: 60 });
  });

  it('passes an input without a deadline through untouched', () => {
    expect(unwrapTaskInput({ caseId: 'c-1' })).toEqual({ input: { caseId: 'c-1' } });
    expect(unwrapTaskInput('text')).toEqual({ input: 'text' });
    expect(unwrapTaskInput(null)).toEqual({ input: null });
  });

  it.each([[0], ['60'], [-5], [1.5], [null]])('rejects a deadline of %j with States.Runtime', (bad) => {
    const timeoutKey = keyFor(stateOf('Ask the store').Parameters, '$.deadlines.storeDecisionSeconds');
    const error = errorOf(() => unwrapTaskInput({ Payload: {}, [timeoutKey]: bad }));
    expect(error.name).toBe('States.Runtime');
    expect(error.message).toMatch(/TimeoutSecondsPath/);
  });
});

describe('waitUntil', () => {
  const now = Date.parse('2026-03-01T00:00:00Z');

  it('adds Seconds or SecondsPath to now', () => {
    expect(waitUntil({ Seconds: 600 }, {}, now)).toBe(now + 600_000);
    expect(waitUntil({ SecondsPath: '$.pause' }, { pause: 90 }, now)).toBe(now + 90_000);
    expect(waitUntil({ SecondsPath: '$.deadlines.wait' }, { deadlines: { wait: 3600 } }, now)).toBe(now + 3_600_000);
  });

  it('waits until Timestamp or TimestampPath', () => {
    expect(waitUntil({ Timestamp: '2026-03-02T08:00:00+08:00' }, {}, now)).toBe(Date.parse('2026-03-02T00:00:00Z'));
    expect(waitUntil({ TimestampPath: '$.until' }, { until: '2026-03-05T12:00:00Z' }, now)).toBe(Date.parse('2026-03-05T12:00:00Z'));
  });
});

describe('addIsoDuration', () => {
  const from = Date.parse('2026-01-31T00:00:00Z');
  const HOUR = 3_600_000;

  it('adds exact hours, days and weeks', () => {
    expect(addIsoDuration(from, 'PT48H')).toBe(from + 48 * HOUR);
    expect(addIsoDuration(from, 'P2D')).toBe(from + 48 * HOUR);
    expect(addIsoDuration(from, 'P1W')).toBe(Date.parse('2026-02-07T00:00:00Z'));
    expect(addIsoDuration(from, 'PT30M10S')).toBe(from + 30 * 60_000 + 10_000);
    expect(addIsoDuration(from, 'P1DT12H')).toBe(from + 36 * HOUR);
    expect(addIsoDuration(from, 'PT0.5S')).toBe(from + 500);
  });

  it('adds calendar months and years', () => {
    expect(addIsoDuration(Date.parse('2026-01-15T09:30:00Z'), 'P1M')).toBe(Date.parse('2026-02-15T09:30:00Z'));
    expect(addIsoDuration(Date.parse('2026-01-15T09:30:00Z'), 'P1Y')).toBe(Date.parse('2027-01-15T09:30:00Z'));
    // A calendar month, not a fixed length: February is 28 days in 2026, March 31.
    expect(addIsoDuration(Date.parse('2026-02-10T00:00:00Z'), 'P1M')).toBe(Date.parse('2026-02-10T00:00:00Z') + 28 * 24 * HOUR);
    expect(addIsoDuration(Date.parse('2026-03-10T00:00:00Z'), 'P1M')).toBe(Date.parse('2026-03-10T00:00:00Z') + 31 * 24 * HOUR);
  });

  // A month step that lands on a day the target month lacks ends on that month's last day.
  it('adds one calendar month to 2026-01-31, ending on 2026-02-28', () => {
    expect(addIsoDuration(from, 'P1M')).toBe(Date.parse('2026-02-28T00:00:00Z'));
    expect(addIsoDuration(Date.parse('2024-02-29T00:00:00Z'), 'P1Y')).toBe(Date.parse('2025-02-28T00:00:00Z'));
  });

  it.each(['', 'P', 'PT', 'P1DT', '48H', 'PT48', 'P1.5D', 'p1d', 'P-1D', 'PT1H30', '1 day', 'P1D '])('returns undefined for %j', (text) => {
    expect(addIsoDuration(from, text)).toBeUndefined();
  });
});

describe('event filter patterns of the local stream mappings', () => {
  it('passes a record whose fields hold one of the allowed values, and only those', async () => {
    const { matchesPattern } = await import('../../local/streams.js');
    expect(matchesPattern({ eventName: 'INSERT', dynamodb: {} }, { eventName: ['INSERT'] })).toBe(true);
    expect(matchesPattern({ eventName: 'MODIFY' }, { eventName: ['INSERT'] })).toBe(false);
    expect(matchesPattern({ dynamodb: { NewImage: { status: 'queued' } } }, { dynamodb: { NewImage: { status: ['queued'] } } })).toBe(true);
    expect(matchesPattern({}, { eventName: ['INSERT'] })).toBe(false);
  });
});
