import { LogLevelThreshold } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger, SERVICE_NAME } from './logger.js';
import { metrics } from './metrics.js';

type Level = 'info' | 'error';

const LEVELS = {
  info: { name: 'INFO', threshold: LogLevelThreshold.INFO, stream: process.stdout },
  // Powertools writes ERROR lines to stderr (console.error); so does this writer.
  error: { name: 'ERROR', threshold: LogLevelThreshold.ERROR, stream: process.stderr },
} as const;

const SAMPLING_RATE = Number(process.env.POWERTOOLS_LOGGER_SAMPLE_RATE ?? 0) || 0;

/** The Lambda fields of Powertools' line format, set once per invocation by the middleware. */
let lambdaFields: Record<string, unknown> = {};
// As Powertools decides it: only an on-demand start is cold; a provisioned-concurrency or
// SnapStart environment, or one outside Lambda, never reports one (its Utility class).
let coldStart = process.env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() === 'on-demand';

/** Remembers the invocation's context for the lines logWithMetrics writes (shared stack). */
export const invocationLogContext = (): MiddlewareObj<unknown, unknown, Error, Context> => ({
  before: ({ context }) => {
    lambdaFields = {
      cold_start: coldStart,
      function_arn: context.invokedFunctionArn,
      function_memory_size: context.memoryLimitInMB,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
      sampling_rate: SAMPLING_RATE,
      xray_trace_id: process.env._X_AMZN_TRACE_ID?.split(';')[0]?.replace('Root=', ''),
    };
    coldStart = false;
  },
});

/**
 * Adds the dimension set (service, account) beside (service): the alarms keep watching the
 * service-wide metrics, and an operator can also tell which account an anomaly came from. The
 * line's own `account` key is the dimension's value, as `service` is.
 */
const byAccountToo = (aws: unknown): void => {
  const directives = (aws as { CloudWatchMetrics?: { Dimensions?: string[][] }[] } | undefined)
    ?.CloudWatchMetrics;
  for (const directive of directives ?? []) {
    const sets = directive.Dimensions ?? [];
    const first = sets[0] ?? [];
    if (!first.includes('account')) directive.Dimensions = [...sets, [...first, 'account']];
  }
};

/**
 * Writes one structured log line, in Powertools' format (same keys, same values), that also
 * carries the metrics counted so far in Embedded Metric Format (`_aws` and a key per metric):
 * CloudWatch extracts them from it as from a separate EMF line. One JSON.stringify and one
 * synchronous write per notification instead of Powertools' two lines, each built through its
 * attribute stores, environment reads and a replacer (measured in bench/README.md: the
 * handler's costliest step after its DynamoDB call). Any other line goes through `logger`.
 */
export const logWithMetrics = (
  level: Level,
  message: string,
  fields: Readonly<Record<string, unknown>>,
): void => {
  const { name, threshold, stream } = LEVELS[level];
  const { service, ...emf }: Record<string, unknown> = metrics.hasStoredMetrics()
    ? metrics.serializeMetrics()
    : {};
  // The EMF dimension `service` is the line's own `service` key (both POWERTOOLS_SERVICE_NAME).
  if (service !== undefined && service !== SERVICE_NAME) {
    logger[level](message, fields);
    return;
  }
  metrics.clearMetrics();
  const account = typeof fields.account === 'string' ? fields.account : undefined;
  if (account !== undefined) byAccountToo(emf._aws);
  if (logger.level > threshold) {
    // The line is not written at this level, but its metrics are, on a line of their own as
    // Powertools would publish them, with the account's dimension set all the same.
    if (emf._aws !== undefined) {
      process.stdout.write(`${JSON.stringify({ service: SERVICE_NAME, account, ...emf })}\n`);
    }
    logger[level](message, fields);
    return;
  }
  const line: Record<string, unknown> = {
    level: name,
    message,
    timestamp: new Date().toISOString(),
    service: SERVICE_NAME,
    ...lambdaFields,
    ...fields,
    ...emf,
  };
  // As Powertools does, no empty values (JSON.stringify already leaves out undefined ones).
  const values = Object.values(line);
  const printable =
    values.includes(null) || values.includes('')
      ? Object.fromEntries(
          Object.entries(line).filter(([, value]) => value !== null && value !== ''),
        )
      : line;
  stream.write(`${JSON.stringify(printable)}\n`);
};
