import type { Task } from './task.js';

/**
 * The agent with the fewest open tasks (DOMAIN.md: no agent is overloaded); ties go to the agent listed
 * first, so assignment is predictable. Undefined when the store has no agents: the task stays in the pool.
 */
export function leastLoadedAgent(agents: readonly string[], openTasks: readonly Pick<Task, 'assignee'>[]): string | undefined {
  const load = new Map(agents.map((agent) => [agent, 0]));
  for (const task of openTasks) if (task.assignee && load.has(task.assignee)) load.set(task.assignee, (load.get(task.assignee) ?? 0) + 1);
  let best: string | undefined;
  for (const [agent, count] of load) if (best === undefined || count < (load.get(best) ?? 0)) best = agent;
  return best;
}
