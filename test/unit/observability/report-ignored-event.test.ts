import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { METRICS, metrics } from '../../../lib/observability/metrics.js';
import { reportIgnoredEvent } from '../../../lib/observability/report-ignored-event.js';
import { IGNORED_BECAUSE } from '../../../lib/worldline/webhook-target.js';

let stdout: MockInstance<typeof process.stdout.write>;
const lines = () =>
  stdout.mock.calls
    .flatMap(([chunk]) => String(chunk).split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

beforeEach(() => {
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  metrics.clearMetrics();
});
afterEach(() => {
  vi.restoreAllMocks();
  metrics.clearMetrics();
});

describe('reportIgnoredEvent', () => {
  it('writes one info line carrying the ignored-event metric, the event id, type and why', () => {
    const event = {
      kind: 'other' as const,
      id: 'e-1',
      type: 'token.created',
      created: undefined,
      merchantId: 'ShopNL',
    };
    reportIgnoredEvent(event, IGNORED_BECAUSE.notPayment, 'nl');
    const written = lines();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      level: 'INFO',
      message: 'Webhook event ignored',
      account: 'nl',
      notificationId: 'e-1',
      type: 'token.created',
      because: 'not_a_payment',
      [METRICS.webhookIgnored]: 1,
    });
    // The merchant is the route's (checked before); the line names the account instead.
    expect(written[0]).not.toHaveProperty('merchantId');
  });
});
