import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import metricNames from '../../lib/observability/metric-names.json' with { type: 'json' };
import { EXAMPLE_PARAMS } from '../../scripts/package.js';

/**
 * infra/resources.cjs on its own, without packaging: serverless.yml's `functions` is the one list
 * of functions, and every table keyed by function must cover exactly it.
 */
type Build = (serverless: {
  resolveVariable: (name: string) => Promise<unknown>;
}) => Promise<{ Resources: Record<string, { Type: string }> }>;

const build = createRequire(import.meta.url)('../../infra/resources.cjs') as Build;
const serverlessYml = parse(
  readFileSync(new URL('../../serverless.yml', import.meta.url), 'utf8'),
) as { functions: Record<string, unknown>; params: { default: Record<string, unknown> } };

const resolverWith = (functions: Record<string, unknown>) => async (name: string) => {
  const values: Record<string, unknown> = {
    // dev's values: serverless.yml's defaults (dev sets no capacity parameter of its own).
    ...Object.fromEntries(
      Object.entries(serverlessYml.params.default).map(([key, value]) => [`param:${key}`, value]),
    ),
    ...Object.fromEntries(
      Object.entries(EXAMPLE_PARAMS).map(([key, value]) => [`param:${key}`, value]),
    ),
    'self:service': 'ogone-feedback',
    'sls:stage': 'dev',
    'self:provider.environment.POWERTOOLS_SERVICE_NAME': 'ogone-feedback-dev',
    'param:ssmPath': '/ogone-feedback/dev',
    'param:tableName': 'ogone-feedback-dev-transactions',
    'self:functions': functions,
  };
  return Object.hasOwn(values, name) ? values[name] : '';
};

describe('infra/resources.cjs', () => {
  it('makes one role per function of serverless.yml', async () => {
    const { Resources } = await build({ resolveVariable: resolverWith(serverlessYml.functions) });
    const roles = Object.entries(Resources)
      .filter(([, resource]) => resource.Type === 'AWS::IAM::Role')
      .map(([id]) => id.replace(/Role$/, ''));
    const functions = Object.keys(serverlessYml.functions);
    expect(roles.sort()).toEqual(
      functions.map((fn) => `${fn[0]?.toUpperCase()}${fn.slice(1)}`).sort(),
    );
  });

  it('refuses a function that its permission and secret tables do not list', async () => {
    const functions = { ...serverlessYml.functions, refund: {} };
    await expect(build({ resolveVariable: resolverWith(functions) })).rejects.toThrow(
      /DATA_ACCESS .* \(missing: refund;/,
    );
  });

  it('refuses a table entry for a function that serverless.yml does not deploy', async () => {
    const { feedback: _, ...functions } = serverlessYml.functions;
    await expect(build({ resolveVariable: resolverWith(functions) })).rejects.toThrow(
      /not a function: feedback/,
    );
  });
});

describe('infra/resources.cjs dashboard', () => {
  type Alarm = { Type: string; Properties: { Namespace: string; MetricName: string } };
  type Dashboard = { Properties: { DashboardBody: { 'Fn::Sub': string } } };

  it('charts every service metric that an alarm watches, so the page shows what paged', async () => {
    const { Resources } = await build({ resolveVariable: resolverWith(serverlessYml.functions) });
    const body = (Resources.Dashboard as unknown as Dashboard).Properties.DashboardBody;
    const { widgets } = JSON.parse(body['Fn::Sub']) as {
      widgets: { properties: { metrics: string[][] } }[];
    };
    const charted = new Set(
      widgets.flatMap((widget) => widget.properties.metrics.map(([, n]) => n)),
    );
    const alarmed = Object.values(Resources as unknown as Record<string, Alarm>)
      .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
      .filter((alarm) => alarm.Properties.Namespace === metricNames.namespace)
      .map((alarm) => alarm.Properties.MetricName);
    expect(alarmed.length).toBeGreaterThan(5);
    expect(alarmed.filter((name) => !charted.has(name))).toEqual([]);
  });
});
