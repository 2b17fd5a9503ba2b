import { globSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import { METRICS, type MetricKey } from '../../lib/observability/metrics.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DEFINITION = 'lib/observability/metrics.ts';

/**
 * The `METRICS` keys that a TypeScript source refers to in code. Comments are dropped first (by
 * esbuild, which parses rather than guesses): a key only named in a comment is never sent.
 */
export const metricKeysIn = (source: string): MetricKey[] => {
  const { code } = transformSync(source, { loader: 'ts', legalComments: 'none' });
  return [...code.matchAll(/\bMETRICS\.(\w+)/g)]
    .map(([, key]) => key)
    .filter((key): key is MetricKey => key !== undefined && Object.hasOwn(METRICS, key));
};

/**
 * The metric names that the deployed code can emit: those of the `METRICS` entries that some
 * handler or library module refers to. A name only listed in metric-names.json is never sent,
 * so an alarm on it could never fire.
 */
export const emittedMetricNames = (): ReadonlySet<string> => {
  const names = new Set<string>();
  const files = globSync(['lib/**/*.ts', 'handlers/**/*.ts'], { cwd: ROOT });
  for (const file of files.filter((path) => path !== DEFINITION)) {
    for (const key of metricKeysIn(readFileSync(`${ROOT}${file}`, 'utf8'))) {
      names.add(METRICS[key]);
    }
  }
  return names;
};
