import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import catalogue from './metric-names.json' with { type: 'json' };

/**
 * CloudWatch metrics in Embedded Metric Format (written as log lines, so no PutMetricData
 * permission is needed). The names live in metric-names.json, which infra/resources.cjs reads for
 * the alarms and dashboard (by key: a renamed or removed metric fails packaging, not silently its
 * alarm) and serverless.yml for the namespace.
 */
export type MetricKey = keyof typeof catalogue.names;

/**
 * A name from the catalogue. A JSON import types its values as plain strings, so the brand is
 * what keeps `count('NotificationAplied')` (a metric no alarm watches) from compiling.
 */
export type MetricName = string & { readonly metricCatalogue: unique symbol };

export const METRICS = catalogue.names as Readonly<Record<MetricKey, MetricName>>;

export const METRICS_NAMESPACE = catalogue.namespace;

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'ogone-feedback',
});

export const count = (name: MetricName, value = 1): void => {
  metrics.addMetric(name, MetricUnit.Count, value);
};
