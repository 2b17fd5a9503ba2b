import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { BadRequestError } from '../../../lib/http/errors.js';
import { httpHandler } from '../../../lib/http/handler-stack.js';
import { logWithMetrics } from '../../../lib/observability/log-with-metrics.js';
import { logger, SERVICE_NAME } from '../../../lib/observability/logger.js';
import { count, METRICS, metrics } from '../../../lib/observability/metrics.js';
import { httpApiEvent } from '../../support/api-events.js';

const context = {
  functionName: 'ogone-feedback-test-feedback',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:ogone-feedback-test-feedback',
  memoryLimitInMB: '512',
  awsRequestId: 'request',
  getRemainingTimeInMillis: () => 6000,
} as unknown as Context;

let stdout: MockInstance<typeof process.stdout.write>;
let stderr: MockInstance<typeof process.stderr.write>;
const lines = (
  spy: MockInstance<typeof process.stdout.write> = stdout,
): Record<string, unknown>[] =>
  spy.mock.calls
    .flatMap(([chunk]) => String(chunk).split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const metricNames = (line: Record<string, unknown>): string[] =>
  (
    (line._aws as { CloudWatchMetrics?: { Metrics: { Name: string }[] }[] } | undefined)
      ?.CloudWatchMetrics ?? []
  ).flatMap((directive) => directive.Metrics.map((m) => m.Name));

beforeEach(() => {
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  // Powertools writes its own warnings to stderr, as plain text.
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  metrics.clearMetrics();
});
afterEach(() => {
  stdout.mockRestore();
  stderr.mockRestore();
  logger.setLogLevel('INFO');
});

describe('metrics in the shared HTTP middleware', () => {
  it('an answer that counts nothing writes no metrics line and no warning', async () => {
    const handler = httpHandler(async () => ({ statusCode: 200, body: '{}' }), 'json');
    const answer = await handler(httpApiEvent('GET', '/payment/ogone/transactions'), context);
    expect(answer.statusCode).toBe(200);
    expect(lines().filter((line) => '_aws' in line)).toEqual([]);
    expect(lines().filter((line) => line.level === 'WARN')).toEqual([]);
    expect(stderr.mock.calls.map(([chunk]) => String(chunk)).join('')).toBe('');
  });

  it('a refusal counted by the error mapper is published once', async () => {
    const handler = httpHandler(async () => {
      throw new BadRequestError('no body');
    }, 'json');
    expect(
      (await handler(httpApiEvent('GET', '/payment/ogone/transactions'), context)).statusCode,
    ).toBe(400);
    const emf = lines().filter((line) => '_aws' in line);
    expect(emf.map(metricNames)).toEqual([[METRICS.malformedRequest]]);
    expect(emf[0]?.[METRICS.malformedRequest]).toBe(1);
  });
});

describe('logWithMetrics', () => {
  it('writes the log line and the metrics counted before it as one line, one write', async () => {
    const handler = httpHandler(async () => {
      count(METRICS.applied);
      logWithMetrics('info', 'Notification processed', { reference: 'R-1', outcome: 'applied' });
      return { statusCode: 200, body: 'OK' };
    }, 'text');
    await handler(httpApiEvent('GET', '/payment/ogone/transactions'), context);
    expect(stdout).toHaveBeenCalledTimes(1);
    const [line] = lines();
    expect(line).toMatchObject({
      level: 'INFO',
      message: 'Notification processed',
      reference: 'R-1',
      outcome: 'applied',
      service: SERVICE_NAME,
      function_request_id: 'request',
      [METRICS.applied]: 1,
    });
    expect(line === undefined ? [] : metricNames(line)).toEqual([METRICS.applied]);
    // The dimension the metric is filed under is the line's own `service`.
    expect(JSON.stringify(line?._aws)).toContain('"Dimensions":[["service"]]');
  });

  it('writes the metric on a line of its own when the logger would not write the line', async () => {
    const handler = httpHandler(async () => {
      logger.setLogLevel('ERROR');
      count(METRICS.applied);
      logWithMetrics('info', 'Notification processed', { reference: 'R-2' });
      return { statusCode: 200, body: 'OK' };
    }, 'text');
    await handler(httpApiEvent('GET', '/payment/ogone/transactions'), context);
    const written = lines();
    expect(written.filter((line) => line.message === 'Notification processed')).toEqual([]);
    expect(written.map(metricNames)).toEqual([[METRICS.applied]]);
  });

  it.each(['INFO', 'ERROR'] as const)(
    'files the metric under (service) and (service, account) at log level %s',
    async (logLevel) => {
      const handler = httpHandler(async () => {
        logger.setLogLevel(logLevel);
        count(METRICS.applied);
        logWithMetrics('info', 'Notification processed', { reference: 'R-4', account: 'be' });
        return { statusCode: 200, body: 'OK' };
      }, 'text');
      await handler(httpApiEvent('POST', '/payment/ogone/be/return'), context);
      const emf = lines().filter((line) => '_aws' in line);
      expect(emf.map(metricNames)).toEqual([[METRICS.applied]]);
      expect(emf[0]).toMatchObject({ service: SERVICE_NAME, account: 'be', [METRICS.applied]: 1 });
      expect(JSON.stringify(emf[0]?._aws)).toContain(
        '"Dimensions":[["service"],["service","account"]]',
      );
    },
  );

  it('writes the keys and values of the line Powertools writes, and the metric', async () => {
    const fields = { reference: 'R-3', payId: undefined, status: '9', outcome: 'applied' };
    const handler = httpHandler(async () => {
      logger.info('Notification processed', fields);
      count(METRICS.applied);
      logWithMetrics('info', 'Notification processed', fields);
      logger.error('Notification needs attention', fields);
      count(METRICS.amountMismatch);
      logWithMetrics('error', 'Notification needs attention', fields);
      return { statusCode: 200, body: 'OK' };
    }, 'text');
    await handler(httpApiEvent('POST', '/payment/ogone/return'), context);
    const pairs: [Record<string, unknown>[], string][] = [
      [lines(stdout), METRICS.applied],
      [lines(stderr), METRICS.amountMismatch],
    ];
    for (const [[powertools, ours], metric] of pairs) {
      const { timestamp: expectedTime, ...expected } = powertools ?? {};
      const { timestamp, _aws, [metric]: value, ...actual } = ours ?? {};
      expect(actual).toEqual(expected);
      expect(_aws).toBeDefined();
      expect(Date.parse(String(timestamp))).toBeGreaterThanOrEqual(
        Date.parse(String(expectedTime)),
      );
      expect(value).toBe(1);
    }
  });
});
