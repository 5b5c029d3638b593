/** The parts of an Amazon States Language definition that decide its shape. */
export interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Array<{ Next?: string }>;
  Catch?: Array<{ Next?: string }>;
}
export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
}

export interface PlacedState {
  name: string;
  type: string;
  layer: number;
  /** Top left corner. */
  x: number;
  y: number;
}
export interface Transition {
  from: string;
  to: string;
}
export interface GraphLayout {
  states: PlacedState[];
  transitions: Transition[];
  width: number;
  height: number;
}

export const BOX = { width: 168, height: 40, gapX: 18, gapY: 30, margin: 20 };

/** Where a state can go next: its Next, each choice and the default, each catcher. */
export function successors(state: AslState): string[] {
  const targets = [state.Next, ...(state.Choices ?? []).map((choice) => choice.Next), state.Default, ...(state.Catch ?? []).map((catcher) => catcher.Next)];
  return [...new Set(targets.filter((target): target is string => typeof target === 'string'))];
}

/**
 * Lays a state machine out top-down, its usual path reading straight down. Transitions point down unless they
 * lead back to a state nearer the start (fewer steps from StartAt) or close a loop: those point back up, except
 * into an end state, which stands below everything that leads to it. Each state stands one layer below the lowest
 * state leading down to it. Within a layer states are ordered by the mean position of their neighbours, sweeping
 * down and up a few times, which keeps most transitions short and uncrossed.
 */
export function layoutGraph(definition: AslDefinition): GraphLayout {
  const names = Object.keys(definition.States);
  const transitions = names.flatMap((from) => successors(definition.States[from] ?? { Type: 'Unknown' }).filter((to) => to in definition.States).map((to) => ({ from, to })));
  const leaving = (name: string) => transitions.filter(({ from }) => from === name);

  const steps = new Map<string, number>([[definition.StartAt, 0]]);
  const breadthFirst = [definition.StartAt];
  for (const name of breadthFirst) {
    for (const { to } of leaving(name)) {
      if (steps.has(to)) continue;
      steps.set(to, (steps.get(name) ?? 0) + 1);
      breadthFirst.push(to);
    }
  }
  // A state nothing leads to (a broken definition) still shows, as a start of its own.
  const isEnd = (name: string) => leaving(name).length === 0;
  const pointsDown = ({ from, to }: Transition) => isEnd(to) || (steps.get(to) ?? 0) >= (steps.get(from) ?? 0);

  const loops = new Set<string>();
  const seen = new Set<string>();
  const exploring = new Set<string>();
  const finished: string[] = [];
  const visit = (name: string) => {
    seen.add(name);
    exploring.add(name);
    for (const transition of leaving(name).filter(pointsDown)) {
      if (exploring.has(transition.to)) loops.add(transitionKey(transition));
      else if (!seen.has(transition.to)) visit(transition.to);
    }
    exploring.delete(name);
    finished.push(name);
  };
  for (const name of [...breadthFirst, ...names]) if (!seen.has(name)) visit(name);
  const downward = transitions.filter((transition) => pointsDown(transition) && !loops.has(transitionKey(transition)));

  const layerOf = new Map<string, number>();
  // Reversed, the order in which the walk finished states puts every state after all the states leading down to it.
  const topDown = [...finished].reverse();
  for (const name of topDown) layerOf.set(name, Math.max(-1, ...downward.filter(({ to }) => to === name).map(({ from }) => layerOf.get(from) ?? 0)) + 1);
  const layers: string[][] = [];
  for (const name of topDown) (layers[layerOf.get(name) ?? 0] ??= []).push(name);

  const slot = new Map<string, number>();
  // Slots are centred on 0, so a narrow layer stands in the middle of a wide one.
  const place = (layer: string[]) => layer.forEach((name, index) => slot.set(name, index - (layer.length - 1) / 2));
  layers.forEach(place);
  const byNeighbours = (layer: string[], neighbours: (name: string) => string[]) => {
    const mean = (name: string) => {
      const slots = neighbours(name).map((other) => slot.get(other) ?? 0);
      return slots.length ? slots.reduce((sum, value) => sum + value, 0) / slots.length : (slot.get(name) ?? 0);
    };
    const means = new Map(layer.map((name) => [name, mean(name)]));
    layer.sort((a, b) => (means.get(a) ?? 0) - (means.get(b) ?? 0));
    place(layer);
  };
  for (let sweep = 0; sweep < 4; sweep++) {
    for (const layer of layers) byNeighbours(layer, (name) => downward.filter(({ to }) => to === name).map(({ from }) => from));
    for (const layer of [...layers].reverse()) byNeighbours(layer, (name) => downward.filter(({ from }) => from === name).map(({ to }) => to));
  }

  const widest = Math.max(...layers.map((layer) => layer.length));
  const width = widest * (BOX.width + BOX.gapX) - BOX.gapX + 2 * BOX.margin;
  const height = layers.length * (BOX.height + BOX.gapY) - BOX.gapY + 2 * BOX.margin;
  const states = names.map((name) => {
    const layer = layerOf.get(name) ?? 0;
    return {
      name,
      type: definition.States[name]?.Type ?? 'Unknown',
      layer,
      x: width / 2 + (slot.get(name) ?? 0) * (BOX.width + BOX.gapX) - BOX.width / 2,
      y: BOX.margin + layer * (BOX.height + BOX.gapY),
    };
  });
  return { states, transitions, width, height };
}

/** The transitions an execution took, from the names of the states it entered, in order. */
export function takenTransitions(path: readonly string[]): Set<string> {
  return new Set(path.slice(1).map((to, index) => transitionKey({ from: path[index] ?? '', to })));
}

export const transitionKey = ({ from, to }: Transition) => `${from}\u2192${to}`;
