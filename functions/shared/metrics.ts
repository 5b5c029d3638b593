import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from './logger.js';

/** Where the product's own metrics are, for the dashboard in cdk/observability.ts as for the code that records them. */
export const METRICS_NAMESPACE = 'AfterSales';
/**
 * The service every function runs as (POWERTOOLS_SERVICE_NAME, set by AppFunction). Powertools gives every metric a
 * `service` dimension, and CloudWatch tells metrics apart by all their dimensions, so the dashboard must name it too.
 */
export const SERVICE_NAME = 'after-sales';

export type MetricName = 'Backlog' | 'DeadlineBreaches' | 'AutomaticDecisions' | 'RefundFailures' | 'WebhookRejects';
export type MetricDimension = 'Kind' | 'Workflow' | 'Status';

// Its own warnings (a bad dimension, say) go through the logger, masked like every other entry.
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, logger });

/**
 * Records a count and writes it out at once, as one line in CloudWatch's Embedded Metric Format on stdout, which
 * CloudWatch Logs turns into a metric in AWS (the local cloud prints it with the logs). Written at once, no handler needs
 * a middleware to flush, and a count is not lost with an invocation that fails after it. A line carries the count, its
 * dimensions and the service, nothing from a case: no personal data can get into it.
 */
export function recordCount(name: MetricName, dimensions: Partial<Record<MetricDimension, string>> = {}, count = 1): void {
  const single = metrics.singleMetric();
  for (const [dimension, value] of Object.entries(dimensions)) single.addDimension(dimension, value);
  single.addMetric(name, MetricUnit.Count, count);
}
