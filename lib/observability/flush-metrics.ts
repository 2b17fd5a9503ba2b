import type { MiddlewareObj } from '@middy/core';
import { metrics } from './metrics.js';

/**
 * Publishes what the invocation counted, after the handler and after an error was mapped (and
 * counted). Powertools' logMetrics publishes unconditionally and warns "No application metrics
 * to publish" on every answer that counts nothing (a read, a registration): noise in the logs an
 * operator reads. Here an invocation with nothing stored publishes nothing and warns nothing.
 */
export const flushMetrics = (): MiddlewareObj => {
  const flush = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
};
