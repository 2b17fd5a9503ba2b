import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * CloudWatch metrics in Embedded Metric Format (written as log lines, so no PutMetricData
 * permission is needed). serverless.yml's alarms and dashboard watch these names.
 */
export const METRICS = {
  applied: 'NotificationApplied',
  duplicate: 'NotificationDuplicate',
  stale: 'NotificationStale',
  noChange: 'NotificationNoChange',
  amountMismatch: 'AmountMismatch',
  doublePayment: 'DoublePayment',
  unknownStatus: 'UnknownStatus',
  unmatched: 'UnmatchedReference',
  signatureRejected: 'SignatureRejected',
  malformedRequest: 'MalformedRequest',
  storageFailure: 'StorageFailure',
  reconcileChecked: 'ReconcileChecked',
  reconcileApplied: 'ReconcileApplied',
  reconcileFailed: 'ReconcileFailed',
  reconcileExpired: 'ReconcileExpired',
  stateChangeEvents: 'StateChangeEvents',
  eventPublishFailures: 'EventPublishFailures',
} as const;

export type MetricName = (typeof METRICS)[keyof typeof METRICS];

export const METRICS_NAMESPACE = 'OgoneFeedback';

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'ogone-feedback',
});

export const count = (name: MetricName, value = 1): void => {
  metrics.addMetric(name, MetricUnit.Count, value);
};
