import { describe, expect, it } from 'vitest';
import { count, METRICS } from '../../../lib/observability/metrics.js';

describe('the metric catalogue (metric-names.json)', () => {
  it('holds distinct CloudWatch names', () => {
    const names = Object.values(METRICS);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z]+$/);
  });

  it('is the only source of names count() takes (npm run typecheck fails otherwise)', () => {
    const typo = (): void => {
      // @ts-expect-error: a metric outside the catalogue, which no alarm would watch
      count('NotificationAplied');
    };
    const known = (): void => count(METRICS.applied);
    expect([typo, known].map((fn) => typeof fn)).toEqual(['function', 'function']);
  });
});
