import { z } from 'zod';
import { getCase, listCasesByStore } from '../cases/case-repository.js';
import type { CaseRecord } from '../cases/case.js';
import { describeExecution, describeWorkflow, listExecutions, workflowNames, type WorkflowName } from '../shared/executions.js';
import { badRequest, notFound } from '../shared/errors.js';
import { httpHandler, json, type HttpEvent, type HttpResult } from '../shared/http.js';
import { parseJsonBody, parseWith } from '../shared/parse.js';
import { storeIdSchema, storeRegistrationSchema } from '../stores/store.js';
import { getStore, listStores, putStore } from '../stores/store-repository.js';
import { openComplaint } from '../complaints/open-complaint.js';
import { openBulkReview } from '../bulk-orders/open-review.js';
import { getOrder } from '../orders/order-repository.js';
import { isKnown } from '../orders/order.js';
import { storeWebhookSecret } from '../stores/webhook-secrets.js';
import { listOpenTasks, listTasksOfCase } from '../tasks/task-repository.js';
import { actionsFor, decisionForms } from '../tasks/decisions.js';
import { getDailyReport, getReport } from '../sweeps/report-repository.js';
import type { PostalBatch } from '../invoices/monthly-batch.js';
import { listParked } from '../webhooks/inbox.js';
import { listMessages } from '../notifications/outbox.js';
import { getCustomer, listCustomers } from '../customers/customer-repository.js';
import { tiers, type Customer } from '../customers/customer.js';
import { TAG_RULES } from '../customers/tags.js';
import { followUpTypes } from '../follow-ups/follow-up.js';
import { renderDailyReport } from '../sweeps/report-markdown.js';
import { reviewSummary } from '../sweeps/review-sweep.js';
import { isAdministrator, principalOf, requireAdministrator, requireStore, type Principal } from './principal.js';
import { loggedOn, type DayTopic } from '../sweeps/day-log.js';
import { decideTask } from './decide-task.js';
import type { AdminRouteKey } from './route-keys.js';

const executionStatus = z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);
const workflowName = z.enum(workflowNames as [WorkflowName, ...WorkflowName[]]);

const casesQuery = z.object({
  storeId: storeIdSchema,
  type: z.string().optional(),
  status: z.string().optional(),
  orderId: z.string().optional(),
});
/** A complaint an agent takes by phone or in a chat (the storefront's own come as `complaint.opened`). */
const complaintOpeningSchema = z
  .object({
    storeId: storeIdSchema,
    complaintId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
    buyerId: z.string().min(1).max(128),
    orderId: z.string().min(1).max(128).optional(),
    severity: z.enum(['normal', 'major']),
    text: z.string().min(1).max(4000),
    channel: z.enum(['phone', 'chat']),
  })
  .strict();
const tasksQuery = z.object({ storeId: storeIdSchema, status: z.literal('open').default('open') });
const executionsQuery = z.object({ workflow: workflowName, status: executionStatus.optional(), storeId: storeIdSchema.optional() });
const reportQuery = z.object({ storeId: storeIdSchema, date: z.iso.date(), format: z.enum(['json', 'markdown']).default('json') });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM (01 to 12)');
const customersQuery = z.object({
  storeId: storeIdSchema,
  tier: z.enum(tiers).optional(),
  tag: z.enum(TAG_RULES.map((rule) => rule.tag) as [string, ...string[]]).optional(),
});

/** A customer as JSON: sets as sorted arrays. The contact details are shown: only the store's own people get this far. */
const customerJson = (customer: Customer) =>
  Object.fromEntries(Object.entries(customer).map(([key, value]) => [key, value instanceof Set ? [...value].map(String).sort() : value]));

/** Which workflow runs a case of each type (after-sales types run the returns workflow). */
const workflowOfCaseType: Record<string, WorkflowName> = {
  invoice: 'invoices',
  complaint: 'complaints',
  bulk_review: 'bulk-orders',
  gift_request: 'perks',
  free_shipping_request: 'perks',
  ...Object.fromEntries(followUpTypes.map((type) => [type, 'follow-ups'])),
};

const withoutToken = <T extends { taskToken?: string }>({ taskToken: _token, ...rest }: T) => rest;

async function caseWithExecution(caseId: string, principal: Principal) {
  const aCase = await getCase<CaseRecord>(caseId);
  if (!aCase) throw notFound(`case "${caseId}" does not exist`);
  requireStore(principal, aCase.storeId);
  const workflow = workflowOfCaseType[aCase.type] ?? 'returns';
  const [execution, tasks] = await Promise.all([describeExecution(workflow, caseId), listTasksOfCase(caseId)]);
  const { version: _version, ...visible } = aCase;
  return {
    ...visible,
    execution: execution ? { name: execution.name, status: execution.status, currentState: execution.currentState } : null,
    // What can be decided on the case now, and what each decision must carry.
    openTasks: tasks
      .filter((task) => task.status === 'open')
      .map(({ taskId, kind, role, assignee, dueAt }) => ({ taskId, kind, role, assignee, dueAt, actions: decisionForms(actionsFor(kind, aCase)) })),
  };
}

/** An execution by name; an agent sees the executions of their stores' cases (a case's execution is named by its id). */
async function findExecution(name: string, principal: Principal) {
  if (!isAdministrator(principal)) {
    const aCase = await getCase<CaseRecord>(name);
    if (!aCase) throw notFound(`no case of yours has an execution named "${name}"`);
    requireStore(principal, aCase.storeId);
  }
  for (const workflow of workflowNames) {
    const found = await describeExecution(workflow, name);
    if (found) return found;
  }
  throw notFound(`no workflow has an execution named "${name}"`);
}

type Route = (event: HttpEvent, now: Date, principal: Principal) => Promise<HttpResult>;
/** A query naming a store the caller must work for. */
const storeQuery = <S extends z.ZodObject<{ storeId: typeof storeIdSchema }>>(schema: S, event: HttpEvent, principal: Principal): z.output<S> => {
  const filter = parseWith(schema, query(event), 'the query');
  requireStore(principal, filter.storeId);
  return filter;
};
const query = (event: HttpEvent) => event.queryStringParameters ?? {};
/**
 * An id a caller names in the path or the query. No id the product keeps is longer (case ids have 80 characters at
 * most, order and buyer ids 128), and DynamoDB refuses a longer key with an error where the caller should hear
 * "not found" or "invalid".
 */
const idSchema = z.string().min(1).max(128);
/** Step Functions names an execution with 80 characters at most (case ids are made to fit); a longer name is no ARN. */
const executionNameSchema = z.string().min(1).max(80);
/** A path parameter, as API Gateway passes it: decoded already (decoding it again would misread a literal "%"). */
const path = <S extends z.ZodType>(event: HttpEvent, name: string, schema: S, what: string): z.output<S> =>
  parseWith(schema, event.pathParameters?.[name] ?? '', `the ${what} in the path`);

/** What a store's day log holds under a topic (the audit of decisions, the campaigns' runs), for one local day. */
const dayLogRoute =
  (topic: DayTopic): Route =>
  async (event, _now, principal) => {
    const filter = storeQuery(z.object({ storeId: storeIdSchema, date: z.iso.date() }), event, principal);
    return json(200, { items: await loggedOn(filter.storeId, filter.date, topic) });
  };

/** The admin API by route key, as API Gateway names them; one function serves them all. */
const routes: Record<AdminRouteKey, Route> = {
  'PUT /admin/stores/{storeId}': async (event, now, principal) => {
    requireAdministrator(principal, 'register a store or change its policy');
    const storeId = path(event, 'storeId', storeIdSchema, 'store id');
    const registration = parseWith(storeRegistrationSchema, parseJsonBody(event.body, 'store registration'), 'the store registration');
    // The secret first: a store is never registered without a secret that verifies its deliveries.
    await storeWebhookSecret(storeId, registration.webhookSecret, registration.policy.webhooks.secretRotationSeconds, now);
    return json(200, await putStore(storeId, registration, now));
  },
  'GET /admin/stores': async (_event, _now, principal) => {
    const stores = await listStores();
    return json(200, { items: stores.filter((store) => isAdministrator(principal) || principal.storeIds.includes(store.storeId)) });
  },
  'GET /admin/stores/{storeId}': async (event, _now, principal) => {
    const storeId = path(event, 'storeId', storeIdSchema, 'store id');
    requireStore(principal, storeId);
    const store = await getStore(storeId);
    if (!store) throw notFound(`store "${storeId}" is not registered`);
    return json(200, store);
  },
  'GET /admin/cases': async (event, _now, principal) => {
    const filter = storeQuery(casesQuery, event, principal);
    const items = (await listCasesByStore(filter.storeId)).filter(
      (aCase) =>
        (!filter.type || aCase.type === filter.type) &&
        (!filter.status || aCase.status === filter.status) &&
        (!filter.orderId || aCase.orderId === filter.orderId),
    );
    return json(200, { items: items.map(({ version: _version, ...visible }) => visible) });
  },
  'GET /admin/cases/{caseId}': async (event, _now, principal) => json(200, await caseWithExecution(path(event, 'caseId', idSchema, 'case id'), principal)),
  'GET /admin/tasks': async (event, _now, principal) => {
    const filter = storeQuery(tasksQuery, event, principal);
    return json(200, { items: (await listOpenTasks(filter.storeId)).map(withoutToken) });
  },
  'POST /admin/tasks/{taskId}': async (event, now, principal) =>
    json(200, await decideTask(path(event, 'taskId', idSchema, 'task id'), parseJsonBody(event.body, 'the decision'), now, principal)),
  'GET /admin/executions': async (event, _now, principal) => {
    const filter = parseWith(executionsQuery, query(event), 'the query');
    const items = await listExecutions(filter.workflow, filter.status);
    if (isAdministrator(principal) && !filter.storeId) return json(200, { items });
    if (!filter.storeId) throw badRequest('the query: storeId: name one of your stores');
    requireStore(principal, filter.storeId);
    const ofStore = new Set((await listCasesByStore<CaseRecord>(filter.storeId)).map((aCase) => aCase.caseId));
    return json(200, { items: items.filter((execution) => ofStore.has(execution.name)) });
  },
  'GET /admin/executions/{name}': async (event, _now, principal) => json(200, await findExecution(path(event, 'name', executionNameSchema, 'execution name'), principal)),
  'GET /admin/workflows/{workflow}': async (event) => {
    const workflow = path(event, 'workflow', workflowName, 'workflow');
    const described = await describeWorkflow(workflow);
    if (!described) throw notFound(`the workflow "${workflow}" is not deployed`);
    return json(200, described);
  },
  'GET /admin/parked': async (event, _now, principal) => {
    const filter = storeQuery(z.object({ storeId: storeIdSchema }), event, principal);
    const items = (await listParked(filter.storeId)).map(({ storeId, eventId, platform, types, receivedAt, attempts, lastError, parkedAt }) => ({
      storeId,
      eventId,
      platform,
      types,
      receivedAt,
      attempts,
      reason: lastError,
      parkedAt,
    }));
    return json(200, { items });
  },
  'GET /admin/messages': async (event, _now, principal) => {
    const filter = storeQuery(z.object({ storeId: storeIdSchema, buyerId: idSchema.optional() }), event, principal);
    const items = (await listMessages(filter.storeId, filter.buyerId)).map(({ storeBuyer: _key, optOutSecret: _secret, ...message }) => message);
    return json(200, { items });
  },
  'GET /admin/customers': async (event, _now, principal) => {
    const filter = storeQuery(customersQuery, event, principal);
    return json(200, { items: (await listCustomers(filter.storeId, filter)).map(customerJson) });
  },
  'GET /admin/customers/{buyerId}': async (event, _now, principal) => {
    const { storeId } = storeQuery(z.object({ storeId: storeIdSchema }), event, principal);
    const buyerId = path(event, 'buyerId', idSchema, 'buyer id');
    const customer = await getCustomer(storeId, buyerId);
    if (!customer) throw notFound(`store "${storeId}" has no customer "${buyerId}"`);
    return json(200, customerJson(customer));
  },
  'POST /admin/orders/{orderId}/bulk-review': async (event, now, principal) => {
    const { storeId, reason } = parseWith(z.object({ storeId: storeIdSchema, reason: z.string().min(1).max(2000), agentId: z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/).optional() }).strict(), parseJsonBody(event.body, 'the flag'), 'the flag');
    requireStore(principal, storeId);
    const orderId = path(event, 'orderId', idSchema, 'order id');
    const order = await getOrder(storeId, orderId);
    if (!isKnown(order)) throw notFound(`order "${orderId}" of store "${storeId}" is not known`);
    const review = await openBulkReview(order, [`flagged by an agent: ${reason}`], 'agent', order.buyerQuestions ?? '', await getStore(storeId), now);
    return json(201, { caseId: review.caseId });
  },
  'POST /admin/complaints': async (event, now, principal) => {
    const opening = parseWith(complaintOpeningSchema, parseJsonBody(event.body, 'the complaint'), 'the complaint');
    const { storeId, ...rest } = opening;
    requireStore(principal, storeId);
    const store = await getStore(storeId);
    if (!store) throw notFound(`store "${storeId}" is not registered`);
    const complaint = await openComplaint(storeId, { ...rest, openedAt: now.toISOString() }, store, now);
    return json(201, { caseId: complaint.caseId, status: complaint.status });
  },
  'GET /admin/reports/postal-batch': async (event, _now, principal) => {
    const filter = storeQuery(z.object({ storeId: storeIdSchema, month }), event, principal);
    const batch = await getReport<PostalBatch>(filter.storeId, `postal-batch#${filter.month}`);
    if (!batch) throw notFound(`no postal batch of invoices for store "${filter.storeId}" in ${filter.month}`);
    return json(200, batch);
  },
  'GET /admin/reports/daily': async (event, _now, principal) => {
    const filter = storeQuery(reportQuery, event, principal);
    const report = await getDailyReport(filter.storeId, filter.date);
    if (!report) throw notFound(`no daily report for store "${filter.storeId}" on ${filter.date} yet`);
    if (filter.format === 'markdown') return { statusCode: 200, headers: { 'content-type': 'text/markdown; charset=utf-8' }, body: renderDailyReport(report) };
    return json(200, report);
  },
  'GET /admin/reports/reviews': async (event, _now, principal) => {
    const filter = storeQuery(z.object({ storeId: storeIdSchema, month }), event, principal);
    return json(200, await reviewSummary(filter.storeId, filter.month));
  },
  'GET /admin/reports/campaigns': dayLogRoute('campaign'),
  'GET /admin/audit': dayLogRoute('audit'),
};

export const handler = httpHandler(async (event) => {
  const principal = principalOf(event);
  const route = (routes as Record<string, Route | undefined>)[event.routeKey];
  if (!route) throw notFound(`no admin route ${event.routeKey}`);
  return route(event, new Date(), principal);
});
