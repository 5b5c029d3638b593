import { expect } from 'vitest';
import type { StorefrontClient } from '../../local/storefront-client.js';

export interface OpenTaskView {
  taskId: string;
  kind: string;
  caseId: string;
  dueAt: string;
  assignee?: string;
}

/** The store's open tasks of one case, as an agent's task list shows them. */
export async function openTasksOf(shop: StorefrontClient, caseId: string): Promise<OpenTaskView[]> {
  const { items } = await shop.adminJson<{ items: OpenTaskView[] }>('GET', `/admin/tasks?storeId=${shop.storeId}&status=open`);
  return items.filter((task) => task.caseId === caseId);
}

/** Decides the case's open task of a kind through the admin API (any kind when none is named), expecting `status`. */
export async function decideOpenTask(shop: StorefrontClient, caseId: string, kind: string | undefined, body: Record<string, unknown>, status = 200): Promise<void> {
  const task = (await openTasksOf(shop, caseId)).find((candidate) => kind === undefined || candidate.kind === kind);
  expect(task, `an open ${kind ?? ''} task for ${caseId}`).toBeDefined();
  const response = await shop.admin('POST', `/admin/tasks/${task?.taskId}`, body);
  expect(response.status, await response.clone().text()).toBe(status);
}
