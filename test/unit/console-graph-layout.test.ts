import { describe, expect, it } from 'vitest';
import { BOX, layoutGraph, successors, takenTransitions, type AslDefinition } from '../../local/console/graph-layout.js';
import { synthesizedStateMachines } from '../support/state-machines.js';

/** How the console lays out a state machine to draw an execution on it (local/console/graph-layout.ts). */
const machines = [...synthesizedStateMachines()].map(([id, definition]) => [id.replace(/[0-9A-F]{8}$/, ''), definition as AslDefinition] as const);

describe('the console\'s layout of a state machine', () => {
  it.each(machines)('%s: places every state once, inside the drawing, none over another', (_id, definition) => {
    const { states, width, height } = layoutGraph(definition);
    expect(states.map((state) => state.name).sort()).toEqual(Object.keys(definition.States).sort());
    for (const state of states) {
      expect(state.x).toBeGreaterThanOrEqual(0);
      expect(state.x + BOX.width).toBeLessThanOrEqual(width);
      expect(state.y + BOX.height).toBeLessThanOrEqual(height);
    }
    for (const [index, one] of states.entries()) {
      for (const other of states.slice(index + 1)) {
        const apart = Math.abs(one.x - other.x) >= BOX.width || Math.abs(one.y - other.y) >= BOX.height;
        expect(apart, `${one.name} and ${other.name} overlap`).toBe(true);
      }
    }
  });

  it.each(machines)('%s: starts alone at the top, and ends below every state that leads to an end', (_id, definition) => {
    const { states, transitions } = layoutGraph(definition);
    const layerOf = new Map(states.map((state) => [state.name, state.layer]));
    expect(states.filter((state) => state.layer === 0).map((state) => state.name)).toEqual([definition.StartAt]);
    const ends = Object.keys(definition.States).filter((name) => successors(definition.States[name] ?? { Type: '' }).length === 0);
    for (const { from, to } of transitions.filter((transition) => ends.includes(transition.to))) expect(layerOf.get(to)).toBeGreaterThan(layerOf.get(from) ?? Infinity);
  });

  it('draws a refund agreed by the store straight down the returns workflow', () => {
    const returns = machines.find(([id]) => id === 'ReturnsWorkflow')?.[1];
    if (!returns) throw new Error('no returns workflow in the template');
    const layerOf = new Map(layoutGraph(returns).states.map((state) => [state.name, state.layer]));
    const path = ['Check eligibility', 'Eligible for after-sales?', 'Await store decision', 'What did the store decide?', 'Record store agreement', 'Do goods come back?', 'Refund buyer', 'Close as refunded', 'Case closed'];
    const layers = path.map((name) => layerOf.get(name) ?? -1);
    expect(layers).toEqual([...layers].sort((a, b) => a - b));
    expect(new Set(layers).size).toBe(path.length);
  });

  it('knows the transitions an execution took from the states it entered', () => {
    expect([...takenTransitions(['A', 'B', 'A', 'C'])]).toEqual(['A\u2192B', 'B\u2192A', 'A\u2192C']);
    expect(takenTransitions(['A']).size).toBe(0);
  });
});
