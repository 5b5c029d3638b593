import { h, svg } from './dom.js';
import { BOX, layoutGraph, takenTransitions, transitionKey, type AslDefinition, type PlacedState } from './graph-layout.js';

/** A state's name in lines that fit its box (a Choice's slanted sides leave less room), three at most. */
function wrap(name: string, room: number): string[] {
  const lines: string[] = [];
  for (const word of name.split(' ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && `${last} ${word}`.length <= room) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length > 3 ? [...lines.slice(0, 2), `${lines.slice(2).join(' ').slice(0, room - 3)}…`] : lines;
}

function shape(state: PlacedState): SVGElement {
  const { x, y } = state;
  const { width: w, height: bh } = BOX;
  if (state.type === 'Choice') {
    const points = [
      [x + 14, y],
      [x + w - 14, y],
      [x + w, y + bh / 2],
      [x + w - 14, y + bh],
      [x + 14, y + bh],
      [x, y + bh / 2],
    ];
    return svg('polygon', { points: points.map((point) => point.join(',')).join(' ') });
  }
  const terminal = state.type === 'Succeed' || state.type === 'Fail';
  return svg('rect', { x, y, width: w, height: bh, rx: terminal ? bh / 2 : 6 });
}

function curve(from: PlacedState, to: PlacedState): string {
  const { width: w, height: bh } = BOX;
  if (to.layer > from.layer) {
    const [x1, y1, x2, y2] = [from.x + w / 2, from.y + bh, to.x + w / 2, to.y];
    const bend = (y2 - y1) / 2;
    return `M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}`;
  }
  // Back up or across: out of the right side and round into the other state's right side.
  const [x1, y1, x2, y2] = [from.x + w, from.y + bh / 2, to.x + w, to.y + bh / 2];
  const reach = Math.max(x1, x2) + 36 + 10 * (from.layer - to.layer);
  return `M${x1},${y1} C${reach},${y1} ${reach},${y2} ${x2 + 6},${y2}`;
}

/**
 * An execution drawn on its state machine: every state of the definition, the states it entered and the
 * transitions it took highlighted, and the state it is in now (while it runs) marked apart.
 */
export function executionGraph(definition: AslDefinition, path: readonly string[], current: string | undefined): HTMLElement {
  const layout = layoutGraph(definition);
  const at = new Map(layout.states.map((state) => [state.name, state]));
  const taken = takenTransitions(path);
  const entered = (name: string) => path.filter((step) => step === name).length;
  const arrow = (id: string) =>
    svg('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L10,5 L0,10 z' }));

  const transitions = layout.transitions.map((transition) => {
    const [from, to] = [at.get(transition.from), at.get(transition.to)];
    if (!from || !to) return null;
    const isTaken = taken.has(transitionKey(transition));
    return svg('path', { class: isTaken ? 'transition taken' : 'transition', d: curve(from, to), 'marker-end': `url(#${isTaken ? 'arrow-taken' : 'arrow'})` });
  });
  const states = layout.states.map((state) => {
    const times = entered(state.name);
    const classes = ['state', `type-${state.type.toLowerCase()}`, times ? 'visited' : '', state.name === current ? 'current' : ''].filter(Boolean).join(' ');
    const lines = wrap(state.name, state.type === 'Choice' ? 22 : 27);
    const top = state.y + BOX.height / 2 - ((lines.length - 1) * 12) / 2;
    return svg(
      'g',
      { class: classes, 'data-state': state.name, ...(state.name === current ? { 'aria-current': 'step' } : {}) },
      svg('title', {}, `${state.name} (${state.type})${times ? `, entered ${times}×` : ''}`),
      shape(state),
      svg('text', { x: state.x + BOX.width / 2, y: top }, lines.map((line, index) => svg('tspan', { x: state.x + BOX.width / 2, dy: index ? 12 : 0 }, line))),
    );
  });

  const drawing = svg(
    'svg',
    { class: 'graph', width: layout.width + 60, height: layout.height, viewBox: `0 0 ${layout.width + 60} ${layout.height}`, role: 'img', 'aria-label': 'the workflow\'s states, with the path taken' },
    svg('defs', {}, arrow('arrow'), arrow('arrow-taken')),
    transitions,
    states,
  );
  const legend = h(
    'p',
    { class: 'legend' },
    h('span', { class: 'key visited' }, 'path taken'),
    h('span', { class: 'key current' }, 'current state'),
    h('span', { class: 'key' }, 'not entered'),
  );
  return h('figure', { class: 'execution-graph' }, h('div', { class: 'scroll' }, drawing), legend);
}
