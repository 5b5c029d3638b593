import { describe, expect, it } from 'vitest';
import { caseTypes } from '../../functions/cases/case.js';
import {
  actionsAt,
  caseTransitions,
  matches,
  REFUND_FAILURE_WAIT,
  refundTransitions,
  waits,
  type CaseStatus,
  type Facts,
  type Transition,
  type WaitingStatus,
} from '../../functions/returns/transitions.js';
import { RECORD_FAILED_REFUND } from '../../functions/returns/transitions.js';
import { REFUND_RETRY } from '../../workflows/returns.js';
import { synthesizedStateMachines } from '../support/state-machines.js';

/**
 * The transition table and the synthesized returns state machine agree: every row is a path in the ASL, and
 * every path between two points where the case stands still (a wait, the start, the end) is a row.
 */

type Condition = { Variable?: string; StringEquals?: string; BooleanEquals?: boolean; Or?: Condition[]; And?: Condition[]; Not?: Condition };
interface AslState {
  Type: string;
  Next?: string;
  Default?: string;
  Choices?: Array<Condition & { Next: string }>;
  Resource?: string;
  Parameters?: Record<string, unknown> & { Payload?: Record<string, unknown> };
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  Retry?: Array<{ ErrorEquals: string[]; BackoffRate?: number; MaxAttempts?: number }>;
}
interface Asl {
  StartAt: string;
  States: Record<string, AslState>;
}

const asl = [...synthesizedStateMachines()].find(([id]) => id.startsWith('ReturnsWorkflow'))?.[1] as Asl;
const states = asl.States;
/** What a Lambda step is invoked with: the whole parameters of a plain step, the payload of a callback. */
const payloadOf = (name: string): Record<string, unknown> => states[name]?.Parameters?.Payload ?? states[name]?.Parameters ?? {};
const isWait = (name: string) => String(states[name]?.Resource).endsWith('.waitForTaskToken');
const isTransition = (name: string) => payloadOf(name).step === 'transition';
const waitStatusOf = (name: string) => (Object.keys(waits) as WaitingStatus[]).find((status) => waits[status].state === name);

/** The state's input as the Choice states read it. */
interface Input {
  type: string;
  trusted: boolean;
  eligibility: { eligible: boolean };
  decision: { decision: string } | null;
  case: { partialRefund: boolean; replacementShipped: boolean };
}
const inputOf = (facts: Facts, decision?: string): Input => ({
  type: facts.type,
  trusted: facts.trusted,
  eligibility: { eligible: facts.eligible },
  decision: decision ? { decision } : null,
  case: { partialRefund: facts.partialRefund, replacementShipped: facts.replacementShipped },
});

function read(input: Input, path: string): unknown {
  return path
    .replace(/^\$\./, '')
    .split('.')
    .reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), input);
}
function holds(condition: Condition, input: Input): boolean {
  if (condition.Or) return condition.Or.some((inner) => holds(inner, input));
  if (condition.And) return condition.And.every((inner) => holds(inner, input));
  if (condition.Not) return !holds(condition.Not, input);
  const value = read(input, condition.Variable ?? '');
  if (condition.StringEquals !== undefined) return value === condition.StringEquals;
  if (condition.BooleanEquals !== undefined) return value === condition.BooleanEquals;
  throw new Error(`a condition this test cannot read: ${JSON.stringify(condition)}`);
}

type Reached = { transition: string } | { wait: string } | { end: true } | { refused: string };

/**
 * Follows the machine from `start` until the case would move or stand still: a transition step, a wait of
 * the case, or the end. The wait for finance is part of a refund, not of the case, so the walk goes through it.
 */
function walk(start: string | undefined, input: Input): Reached {
  const seen = new Set<string>();
  for (let name = start; name !== undefined; ) {
    if (seen.has(name)) return { refused: `loop at ${name}` };
    seen.add(name);
    const state = states[name];
    if (!state) throw new Error(`the machine has no state "${name}"`);
    if (isTransition(name)) return { transition: name };
    if (isWait(name) && name !== REFUND_FAILURE_WAIT.state) return { wait: name };
    if (state.Type === 'Succeed') return { end: true };
    if (state.Type === 'Choice') {
      name = state.Choices?.find((choice) => holds(choice, input))?.Next ?? state.Default;
      if (name === undefined) return { refused: 'no choice matched' };
      continue;
    }
    name = state.Next;
  }
  return { refused: 'ran off the machine' };
}
const timeoutExit = (name: string) => states[name]?.Catch?.find((c) => c.ErrorEquals.includes('States.Timeout'))?.Next;

/** Every combination of facts the table's conditions can name. */
const allFacts: Facts[] = caseTypes.flatMap((type) =>
  [true, false].flatMap((trusted) =>
    [true, false].flatMap((eligible) =>
      [true, false].flatMap((partialRefund) => [true, false].map((replacementShipped) => ({ type, trusted, eligible, partialRefund, replacementShipped }))),
    ),
  ),
);

/** Facts a case can have in a state: goods come back only for returns and exchanges, replacements only for exchanges. */
function possibleAt(status: CaseStatus, facts: Facts): boolean {
  const returnType = facts.type === 'return_refund' || facts.type === 'exchange';
  if (facts.replacementShipped && facts.type !== 'exchange') return false;
  if (facts.partialRefund && !['goods_received', 'refunded'].includes(status)) return false;
  if (['buyer_shipped', 'return_delivered', 'goods_received', 'exchanged'].includes(status) && !returnType) return false;
  return facts.eligible;
}

/** Where the workflow stands with the case in `status` and decides what happens next, per the walk's kind. */
function entriesOf(status: CaseStatus): Array<{ from: string; via: 'decision' | 'timeout' | 'rule' }> {
  const entries: Array<{ from: string; via: 'decision' | 'timeout' | 'rule' }> = [];
  if (status === 'requested') entries.push({ from: asl.StartAt, via: 'rule' });
  const wait = (waits as Partial<Record<CaseStatus, { state: string }>>)[status]?.state;
  if (wait) entries.push({ from: wait, via: 'decision' }, { from: wait, via: 'timeout' });
  for (const row of caseTransitions.filter((candidate) => candidate.to === status)) entries.push({ from: row.step, via: 'rule' });
  return entries;
}
const viaOf = (row: Transition) => (row.actor === 'timeout' ? 'timeout' : row.actor === 'rule' ? 'rule' : 'decision');

function reachedFrom(entry: { from: string; via: string }, facts: Facts, decision: string | undefined): Reached {
  const input = inputOf(facts, decision);
  if (entry.via === 'timeout') return walk(timeoutExit(entry.from), input);
  if (entry.via === 'decision') return walk(states[entry.from]?.Next, input);
  // From the start or after a transition step: the walk begins where that state goes on.
  return walk(isTransition(entry.from) ? states[entry.from]?.Next : entry.from, input);
}

describe('the transition table and the synthesized returns state machine', () => {
  it('names each transition step, wait and row consistently', () => {
    const stepNames = Object.keys(states).filter(isTransition);
    expect(new Set(stepNames)).toEqual(new Set(caseTransitions.map((row) => row.step)));
    for (const name of stepNames) expect(payloadOf(name).state).toBe(name);
    const waitNames = Object.keys(states).filter(isWait);
    expect(new Set(waitNames)).toEqual(new Set([...Object.values(waits).map((wait) => wait.state), REFUND_FAILURE_WAIT.state]));
    for (const name of waitNames) expect(payloadOf(name).kind).toBe(name === REFUND_FAILURE_WAIT.state ? REFUND_FAILURE_WAIT.kind : waits[waitStatusOf(name) as WaitingStatus].kind);
    // A step knows its row from the case's state and facts: no two rows of a step from one state overlap.
    for (const facts of allFacts) {
      const keys = caseTransitions.filter((row) => matches(row.when, facts)).map((row) => `${row.step}|${row.from}`);
      expect(new Set(keys).size, JSON.stringify(facts)).toBe(keys.length);
    }
  });

  it.each(caseTransitions.map((row) => [`${row.from} —${row.actor}: ${row.action}→ ${row.to}`, row] as const))('has the row %s as a path', (_label, row) => {
    const found = entriesOf(row.from)
      .filter((entry) => entry.via === viaOf(row))
      .some((entry) => allFacts.filter((facts) => matches(row.when, facts)).some((facts) => JSON.stringify(reachedFrom(entry, facts, row.action)) === JSON.stringify({ transition: row.step })));
    expect(found, `no path from ${row.from} to "${row.step}"`).toBe(true);
  });

  it('has no path the table does not list: out of every wait, by each allowed decision and by the deadline', () => {
    for (const status of Object.keys(waits) as WaitingStatus[]) {
      for (const facts of allFacts.filter((candidate) => possibleAt(status, candidate))) {
        for (const action of new Set(actionsAt(status, facts).map((row) => row.action))) {
          const reached = reachedFrom({ from: waits[status].state, via: 'decision' }, facts, action);
          const row = 'transition' in reached ? caseTransitions.find((r) => r.step === reached.transition && r.from === status && r.action === action && matches(r.when, facts)) : undefined;
          expect(row, `${status} + ${action} (${JSON.stringify(facts)}) reaches ${JSON.stringify(reached)}`).toBeDefined();
        }
        const reached = reachedFrom({ from: waits[status].state, via: 'timeout' }, facts, undefined);
        const row = 'transition' in reached ? caseTransitions.find((r) => r.step === reached.transition && r.from === status && r.actor === 'timeout') : undefined;
        expect(row, `${status} after its deadline reaches ${JSON.stringify(reached)}`).toBeDefined();
      }
    }
  });

  it('goes on from every row only to rows out of its next state, to its wait, or to the end once closed', () => {
    for (const row of caseTransitions) {
      for (const facts of allFacts.filter((candidate) => possibleAt(row.from, candidate) && matches(row.when, candidate))) {
        // What the row itself establishes is a fact afterwards.
        const after: Facts = { ...facts, ...(row.action === 'partial_refund' ? { partialRefund: true } : {}), ...(row.action === 'ship_replacement' ? { replacementShipped: true } : {}) };
        const reached = reachedFrom({ from: row.step, via: 'rule' }, after, undefined);
        const label = `${row.step} (${row.from} → ${row.to}, ${JSON.stringify(after)}) reaches ${JSON.stringify(reached)}`;
        if (row.to === 'closed') expect(reached, label).toEqual({ end: true });
        else if ('wait' in reached) expect(reached.wait, label).toBe((waits as Partial<Record<CaseStatus, { state: string }>>)[row.to]?.state);
        else if ('transition' in reached) {
          const next = caseTransitions.find((candidate) => candidate.step === reached.transition && candidate.from === row.to && matches(candidate.when, after));
          expect(next?.actor, label).toBe('rule');
        } else expect.fail(label);
      }
    }
    // The start: an eligible request waits for the store; an ineligible one is refused by rule.
    const start = (eligible: boolean) => walk(asl.StartAt, inputOf({ ...allFacts[0], eligible } as Facts));
    expect(start(true)).toEqual({ wait: waits.requested.state });
    expect(start(false)).toEqual({ transition: 'Reject as not eligible' });
  });

  it('implements the refund table: retried with backoff, handed to finance, tried again when finance acts or its deadline passes', () => {
    const refund = states['Refund buyer'];
    const finance = REFUND_FAILURE_WAIT.state;
    const facts = allFacts[0] as Facts;
    const checks: Record<string, () => void> = {
      'pending:payment_provider:pay': () => expect(refund?.Next).toBe('Close as refunded'),
      'pending:payment_provider:retry_with_backoff': () => {
        // The first retrier that matches is the one used: the payment service's comes before the general one.
        const first = refund?.Retry?.find((retry) => REFUND_RETRY.errors.some((error) => retry.ErrorEquals.includes(error)) || retry.ErrorEquals.includes('States.TaskFailed'));
        expect(first).toMatchObject({ ErrorEquals: [...REFUND_RETRY.errors], BackoffRate: REFUND_RETRY.backoffRate, MaxAttempts: REFUND_RETRY.maxAttempts });
      },
      'pending:rule:hand_to_finance': () => {
        const caught = refund?.Catch?.find((entry) => entry.ErrorEquals.includes('States.ALL'))?.Next;
        expect(caught).toBe(RECORD_FAILED_REFUND);
        expect(states[RECORD_FAILED_REFUND]?.Next).toBe(finance);
      },
      'failed:finance:retry_refund': () => expect(walk(states[finance]?.Next, inputOf(facts, 'retry_refund'))).toEqual({ transition: 'Refund buyer' }),
      'failed:timeout:retry_refund': () => expect(walk(timeoutExit(finance), inputOf(facts))).toEqual({ transition: 'Refund buyer' }),
    };
    for (const row of refundTransitions) {
      const check = checks[`${row.from}:${row.actor}:${row.action}`];
      expect(check, `no check for refund row ${row.from} → ${row.to}`).toBeDefined();
      check?.();
    }
    expect(Object.keys(checks)).toHaveLength(refundTransitions.length);
  });
});
