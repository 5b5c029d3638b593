/** Reads a variable the deployment must set; a missing one is a wiring bug, reported at first use. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** Names of the environment variables that wire functions to resources (set by `AppFunction.bind*` in cdk/). */
export const ENV = {
  storesTable: 'STORES_TABLE',
  inboxTable: 'INBOX_TABLE',
  ordersTable: 'ORDERS_TABLE',
  casesTable: 'CASES_TABLE',
  tasksTable: 'TASKS_TABLE',
  reportsTable: 'REPORTS_TABLE',
  messagesTable: 'MESSAGES_TABLE',
  customersTable: 'CUSTOMERS_TABLE',
  invoicesWorkflow: 'INVOICES_WORKFLOW_ARN',
  complaintsWorkflow: 'COMPLAINTS_WORKFLOW_ARN',
  bulkOrdersWorkflow: 'BULK_ORDERS_WORKFLOW_ARN',
  perksWorkflow: 'PERKS_WORKFLOW_ARN',
  followUpsWorkflow: 'FOLLOW_UPS_WORKFLOW_ARN',
  dailySweepWorkflow: 'DAILY_SWEEP_WORKFLOW_ARN',
  invoiceServiceUrl: 'INVOICE_SERVICE_URL',
  returnsWorkflow: 'RETURNS_WORKFLOW_ARN',
  webhookSecretPrefix: 'WEBHOOK_SECRET_PREFIX',
  paymentProviderUrl: 'PAYMENT_PROVIDER_URL',
  fulfilmentServiceUrl: 'FULFILMENT_SERVICE_URL',
  smsProviderUrl: 'SMS_PROVIDER_URL',
  emailProviderUrl: 'EMAIL_PROVIDER_URL',
  campaignsWorkflow: 'CAMPAIGNS_WORKFLOW_ARN',
  /** Where buyers open the opt-out link: the HTTP API's own URL. */
  publicBaseUrl: 'PUBLIC_BASE_URL',
} as const;
