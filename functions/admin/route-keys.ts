/** The admin API's routes; the CDK app creates exactly these, and the handler must serve each one. */
export const adminRouteKeys = [
  'PUT /admin/stores/{storeId}',
  'GET /admin/stores',
  'GET /admin/stores/{storeId}',
  'GET /admin/cases',
  'GET /admin/cases/{caseId}',
  'GET /admin/tasks',
  'POST /admin/tasks/{taskId}',
  'POST /admin/complaints',
  'POST /admin/orders/{orderId}/bulk-review',
  'GET /admin/executions',
  'GET /admin/executions/{name}',
  'GET /admin/workflows/{workflow}',
  'GET /admin/reports/daily',
  'GET /admin/reports/reviews',
  'GET /admin/audit',
  'GET /admin/reports/postal-batch',
  'GET /admin/parked',
  'GET /admin/messages',
  'GET /admin/customers',
  'GET /admin/customers/{buyerId}',
] as const;
export type AdminRouteKey = (typeof adminRouteKeys)[number];
