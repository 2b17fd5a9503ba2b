import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpApiEvent, lambdaContext } from '../../support/api-events.js';

/**
 * The line logWithMetrics writes says cold_start exactly as Powertools' own line does, on the
 * first invocation of an execution environment and after it, whatever started the environment.
 */
const coldStarts = async (): Promise<[unknown, unknown][]> => {
  vi.resetModules();
  const { httpHandler } = await import('../../../lib/http/handler-stack.js');
  const { logWithMetrics } = await import('../../../lib/observability/log-with-metrics.js');
  const { logger } = await import('../../../lib/observability/logger.js');
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  const handler = httpHandler(async () => {
    logger.info('Powertools line');
    logWithMetrics('info', 'Our line', {});
    return { statusCode: 200, body: 'OK' };
  }, 'text');
  const pairs: [unknown, unknown][] = [];
  for (let call = 0; call < 2; call++) {
    written.length = 0;
    await handler(httpApiEvent('GET', '/payment/ogone/return'), lambdaContext());
    const lines = written
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const of = (message: string) => lines.find((line) => line.message === message)?.cold_start;
    pairs.push([of('Powertools line'), of('Our line')]);
  }
  return pairs;
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('cold_start in the metric line', () => {
  it.each([
    ['on-demand', [true, false]],
    ['provisioned-concurrency', [false, false]],
    ['snap-start', [false, false]],
    ['', [false, false]],
  ])('AWS_LAMBDA_INITIALIZATION_TYPE=%s: as Powertools says', async (type, expected) => {
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', type);
    const pairs = await coldStarts();
    expect(pairs.map(([powertools]) => powertools)).toEqual(expected);
    expect(pairs.map(([, ours]) => ours)).toEqual(expected);
  });
});
