import { JSONPath } from 'jsonpath-plus';

/**
 * Adapts an Amazon States Language definition so that `aws-local-stepfunctions` runs it on the local
 * clock and with real task tokens, without changing what the definition means:
 * - the interpreter has no task tokens, so `$$.Task.Token` becomes a placeholder the task override fills;
 * - its task timeouts and Wait states sleep in real time, so they are taken out and applied by the
 *   task override on the local clock instead (a Wait state runs as a Task on a local resource);
 * - `TimeoutSecondsPath` is evaluated by the Parameters step, exactly where Step Functions reads it.
 */

export const TOKEN_PLACEHOLDER = '__local_task_token__';
export const WAIT_RESOURCE = 'local:wait';
const TIMEOUT_KEY = '__localTimeoutSeconds';
const INPUT_KEY = '__localInput';
/** The interpreter always arms its own timeout; this one never fires before the local clock's does. */
const INTERPRETER_TIMEOUT_SECONDS = 2_000_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface StateInfo {
  name: string;
  type: string;
  resource?: string;
  timeoutSeconds?: number;
  waitsForToken: boolean;
  wait?: { Seconds?: number; Timestamp?: string; SecondsPath?: string; TimestampPath?: string };
}

export interface PreparedDefinition {
  definition: JsonObject & { StartAt: string; States: Record<string, JsonObject> };
  states: Map<string, StateInfo>;
  topLevel: Set<string>;
}

function replaceTokenReferences(value: Json): Json {
  if (Array.isArray(value)) return value.map(replaceTokenReferences);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key.endsWith('.$') && inner === '$$.Task.Token') out[key.slice(0, -2)] = TOKEN_PLACEHOLDER;
    else out[key] = replaceTokenReferences(inner);
  }
  return out;
}

function prepareTask(name: string, state: JsonObject, states: Map<string, StateInfo>): JsonObject {
  const { TimeoutSeconds, TimeoutSecondsPath, HeartbeatSeconds: _h, HeartbeatSecondsPath: _hp, ...rest } = state;
  const resource = String(state.Resource);
  const next: JsonObject = { ...rest, TimeoutSeconds: INTERPRETER_TIMEOUT_SECONDS };
  if (next.Parameters !== undefined) next.Parameters = replaceTokenReferences(next.Parameters);
  if (typeof TimeoutSecondsPath === 'string') {
    const parameters = next.Parameters;
    next.Parameters =
      parameters && typeof parameters === 'object' && !Array.isArray(parameters)
        ? { ...parameters, [`${TIMEOUT_KEY}.$`]: TimeoutSecondsPath }
        : { [`${INPUT_KEY}.$`]: '$', [`${TIMEOUT_KEY}.$`]: TimeoutSecondsPath };
  }
  states.set(name, {
    name,
    type: 'Task',
    resource,
    ...(typeof TimeoutSeconds === 'number' ? { timeoutSeconds: TimeoutSeconds } : {}),
    waitsForToken: resource.endsWith('.waitForTaskToken'),
  });
  return next;
}

function prepareWait(name: string, state: JsonObject, states: Map<string, StateInfo>): JsonObject {
  const { Seconds, Timestamp, SecondsPath, TimestampPath, Type: _type, ...rest } = state;
  states.set(name, {
    name,
    type: 'Wait',
    waitsForToken: false,
    wait: {
      ...(typeof Seconds === 'number' ? { Seconds } : {}),
      ...(typeof Timestamp === 'string' ? { Timestamp } : {}),
      ...(typeof SecondsPath === 'string' ? { SecondsPath } : {}),
      ...(typeof TimestampPath === 'string' ? { TimestampPath } : {}),
    },
  });
  return { ...rest, Type: 'Task', Resource: WAIT_RESOURCE, TimeoutSeconds: INTERPRETER_TIMEOUT_SECONDS };
}

function prepareStates(machine: JsonObject, states: Map<string, StateInfo>): JsonObject {
  const out: Record<string, JsonObject> = {};
  for (const [name, raw] of Object.entries(machine.States as Record<string, JsonObject>)) {
    let state: JsonObject = raw;
    if (state.Type === 'Task') state = prepareTask(name, state, states);
    else if (state.Type === 'Wait') state = prepareWait(name, state, states);
    else states.set(name, { name, type: String(state.Type), waitsForToken: false });
    if (state.Type === 'Parallel') state = { ...state, Branches: (state.Branches as JsonObject[]).map((branch) => prepareStates(branch, states)) };
    if (state.Type === 'Map') {
      if (state.ItemProcessor) state = { ...state, ItemProcessor: prepareStates(state.ItemProcessor as JsonObject, states) };
      if (state.Iterator) state = { ...state, Iterator: prepareStates(state.Iterator as JsonObject, states) };
    }
    out[name] = state;
  }
  return { ...machine, States: out };
}

export function prepareDefinition(asl: string): PreparedDefinition {
  const original = JSON.parse(asl) as JsonObject;
  const states = new Map<string, StateInfo>();
  const definition = prepareStates(original, states) as PreparedDefinition['definition'];
  return { definition, states, topLevel: new Set(Object.keys(definition.States)) };
}

/** Splits what the Parameters step added back out of a task's input. */
export function unwrapTaskInput(input: unknown): { input: unknown; timeoutSeconds?: number } {
  if (!input || typeof input !== 'object' || Array.isArray(input) || !(TIMEOUT_KEY in input)) return { input };
  const { [TIMEOUT_KEY]: timeout, [INPUT_KEY]: wrapped, ...rest } = input as Record<string, unknown>;
  if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1) {
    throw Object.assign(new Error(`TimeoutSecondsPath must point to a positive integer, found ${JSON.stringify(timeout)}`), { name: 'States.Runtime' });
  }
  return { input: INPUT_KEY in (input as object) ? wrapped : rest, timeoutSeconds: timeout };
}

/** When a Wait state ends, on the local clock, for the state's effective input. */
export function waitUntil(wait: NonNullable<StateInfo['wait']>, input: unknown, now: number): number {
  const read = (path: string): unknown => JSONPath({ path, json: input as object, wrap: false });
  if (wait.Seconds !== undefined) return now + wait.Seconds * 1000;
  if (wait.Timestamp !== undefined) return Date.parse(wait.Timestamp);
  if (wait.SecondsPath !== undefined) return now + Number(read(wait.SecondsPath)) * 1000;
  if (wait.TimestampPath !== undefined) return Date.parse(String(read(wait.TimestampPath)));
  return now;
}

/** Puts the real token where the definition asked for `$$.Task.Token`. */
export function fillToken(value: unknown, token: string): unknown {
  if (value === TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(value)) return value.map((item) => fillToken(item, token));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, fillToken(inner, token)]));
}
