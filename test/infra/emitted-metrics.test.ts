import { describe, expect, it } from 'vitest';
import { METRICS } from '../../lib/observability/metrics.js';
import { emittedMetricNames, metricKeysIn } from './emitted-metrics.js';

/** The template test's "alarms only on metrics the code emits" is only as good as this reading. */
describe('emitted metrics', () => {
  it('counts a METRICS key used in code', () => {
    expect(
      metricKeysIn('count(METRICS.doublePayment);\nconst m = { a: METRICS.unmatched };'),
    ).toEqual(['doublePayment', 'unmatched']);
  });

  it('does not count a key only named in a comment, nor one METRICS does not have', () => {
    const source = [
      '// count(METRICS.itemTooLarge) moved elsewhere',
      '/** Counted on METRICS.missingPayId. */',
      'const x = 1; /* METRICS.storageFailure */',
      'count(METRICS.noSuchMetric);',
    ].join('\n');
    expect(metricKeysIn(source)).toEqual([]);
  });

  it('finds every metric the alarms watch in lib/ or handlers/', () => {
    const emitted = emittedMetricNames();
    for (const name of [METRICS.missingPayId, METRICS.itemTooLarge, METRICS.doublePayment]) {
      expect(emitted).toContain(name);
    }
  });
});
