import { globSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { METRICS, type MetricKey } from '../../lib/observability/metrics.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEFINITION = 'lib/observability/metrics.ts';

/**
 * The metric names that the deployed code can emit: those of the `METRICS` entries that some
 * handler or library module refers to. A name only listed in metric-names.json is never sent,
 * so an alarm on it could never fire.
 */
export const emittedMetricNames = (): ReadonlySet<string> => {
  const names = new Set<string>();
  const files = globSync(['lib/**/*.ts', 'handlers/**/*.ts'], { cwd: ROOT });
  for (const file of files.filter((path) => path !== DEFINITION)) {
    const text = readFileSync(`${ROOT}${file}`, 'utf8');
    for (const [, key] of text.matchAll(/\bMETRICS\.(\w+)/g)) {
      if (key !== undefined && Object.hasOwn(METRICS, key)) names.add(METRICS[key as MetricKey]);
    }
  }
  return names;
};
