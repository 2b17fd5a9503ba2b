import { readFileSync } from 'node:fs';
import type { Plugin } from 'esbuild';
import {
  type BuiltBundle,
  buildBundle,
  buildVariant,
  type EsbuildSettings,
  FUNCTION_ENTRIES,
  ROOT,
} from './bundles.js';

/**
 * Diagnostic bundles for the cold-start investigation. None of them ships: each isolates what
 * one dependency, or one proposed change, costs when a fresh process loads the bundle.
 */
const FLOOR_PLUS: Record<string, string> = {
  'floor+ssm': `
    export { handler } from './bench/lib/floor-entry.ts';
    import { SSMClient } from '@aws-sdk/client-ssm';
    (globalThis as Record<string, unknown>).benchKeep = SSMClient;`,
  'floor+powertools': `
    export { handler } from './bench/lib/floor-entry.ts';
    import { Logger } from '@aws-lambda-powertools/logger';
    import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
    import { Metrics } from '@aws-lambda-powertools/metrics';
    import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
    const logger = new Logger({ serviceName: 'bench' });
    const metrics = new Metrics({ namespace: 'Bench', serviceName: 'bench' });
    (globalThis as Record<string, unknown>).benchKeep = [injectLambdaContext(logger), logMetrics(metrics)];`,
  'floor+middy': `
    export { handler } from './bench/lib/floor-entry.ts';
    import middy from '@middy/core';
    (globalThis as Record<string, unknown>).benchKeep = middy(async () => undefined);`,
};

/** Replaces @aws-sdk/client-ssm by a stub: the bound on what not loading it at all saves. */
const stubSsm: Plugin = {
  name: 'bench-stub-ssm',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\/client-ssm$/ }, () => ({
      path: 'client-ssm',
      namespace: 'bench-stub',
    }));
    build.onLoad({ filter: /.*/, namespace: 'bench-stub' }, () => ({
      contents:
        "export class SSMClient { constructor() { throw new Error('SSM is stubbed in this benchmark bundle'); } }\n" +
        'export class GetParametersCommand {}\n',
      loader: 'js',
    }));
  },
};

const STATIC_SSM = "import { SSMClient } from '@aws-sdk/client-ssm';\n";
const STATIC_SECRETS = "import { loadSecrets } from './secrets/load-secrets.js';\n";
const SSM_CALL = /await loadSecrets\(new SSMClient\(/;

/**
 * The proposed fix, applied to lib/service.ts at bundle time only: the SSM client and the secrets
 * loader are imported dynamically, when OGONE_SSM_PATH is set, instead of at module load.
 * Undefined when service.ts no longer has the shape this rewrite expects.
 */
export const lazySsmSource = (source: string): string | undefined => {
  if (!source.includes(STATIC_SSM) || !source.includes(STATIC_SECRETS) || !SSM_CALL.test(source)) {
    return undefined;
  }
  return source
    .replace(STATIC_SSM, '')
    .replace(STATIC_SECRETS, '')
    .replace(
      SSM_CALL,
      "await (await import('./secrets/load-secrets.js')).loadSecrets(new (await import('@aws-sdk/client-ssm')).SSMClient(",
    );
};

/**
 * The same rewrite, but the dynamic import targets one small module that re-exports the two
 * names needed, so esbuild can still drop the rest of the SSM client (a dynamic import of
 * '@aws-sdk/client-ssm' itself keeps every command of it in the bundle).
 */
export const lazySsmModuleSource = (source: string): string | undefined =>
  lazySsmSource(source)?.replace(
    "await (await import('./secrets/load-secrets.js')).loadSecrets(new (await import('@aws-sdk/client-ssm')).SSMClient(",
    "await (await import('bench:lazy-secrets')).loadSecrets(new (await import('bench:lazy-secrets')).SSMClient(",
  );

const lazySsm = (rewritten: string, root: string): Plugin => ({
  name: 'bench-lazy-ssm',
  setup(build) {
    build.onLoad({ filter: /[\\/]lib[\\/]service\.ts$/ }, () => ({
      contents: rewritten,
      loader: 'ts',
    }));
    build.onResolve({ filter: /^bench:lazy-secrets$/ }, () => ({
      path: 'lazy-secrets',
      namespace: 'bench-lazy',
    }));
    build.onLoad({ filter: /.*/, namespace: 'bench-lazy' }, () => ({
      contents:
        "export { loadSecrets } from './lib/secrets/load-secrets.ts';\n" +
        "export { SSMClient } from '@aws-sdk/client-ssm';\n",
      loader: 'ts',
      resolveDir: root,
    }));
  },
});

export interface Variants {
  readonly bundles: Record<string, BuiltBundle>;
  /** Variants that could not be built, and why. */
  readonly skipped: Record<string, string>;
}

export const buildVariants = async (
  outdir: string,
  settings: EsbuildSettings,
  serviceSourcePath: string,
): Promise<Variants> => {
  const bundles: Record<string, BuiltBundle> = {};
  const skipped: Record<string, string> = {};
  for (const [name, contents] of Object.entries(FLOOR_PLUS)) {
    bundles[name] = await buildVariant(name, contents, outdir, settings);
  }
  bundles['feedback-no-ssm'] = await buildBundle(
    'feedback-no-ssm',
    FUNCTION_ENTRIES.feedback,
    outdir,
    settings,
    { plugins: [stubSsm] },
  );
  const source = readFileSync(serviceSourcePath, 'utf8');
  for (const [name, rewritten] of [
    ['feedback-lazy-ssm-naive', lazySsmSource(source)],
    ['feedback-lazy-ssm-module', lazySsmModuleSource(source)],
  ] as const) {
    if (rewritten === undefined) {
      skipped[name] = 'lib/service.ts no longer has the static SSM imports this rewrite expects';
    } else {
      bundles[name] = await buildBundle(name, FUNCTION_ENTRIES.feedback, outdir, settings, {
        plugins: [lazySsm(rewritten, ROOT)],
      });
    }
  }
  return { bundles, skipped };
};
