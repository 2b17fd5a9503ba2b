import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import nag from '../../infra/nag-acknowledgements.json' with { type: 'json' };
import { ACCOUNT_ID } from '../../lib/accounts/account.js';
import { runNag } from './cdk-nag.js';
import { type Packaged, packageStage, type Template } from './packaged-template.js';

/**
 * Capacity the public routes can count on (infra/capacity.cjs): the reserved concurrency of the
 * functions providers notify (feedback, worldlineWebhook), a throttle per route key, and the
 * optional edge (CloudFront and AWS WAF), read from `osls package` output for prod with the edge
 * on and dev with it off.
 */
const WEB_ACL_FILE = fileURLToPath(new URL('../../infra/edge-web-acl.yml', import.meta.url));
const EDGE = {
  edge: 'true',
  edgeWebAclArn:
    'arn:aws:wafv2:us-east-1:123456789012:global/webacl/ogone-feedback-prod-edge/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  edgeCertificateArn:
    'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  edgeDomainName: 'pay.shop.example',
  publicBaseUrl: 'https://pay.shop.example',
} as const;
const asParams = (params: Record<string, string>) =>
  Object.entries(params).flatMap(([name, value]) => ['--param', `${name}=${value}`]);

let edge: Packaged;
let dev: Packaged;

beforeAll(() => {
  edge = packageStage('prod', asParams(EDGE));
  dev = packageStage('dev');
}, 240_000);

const resource = (template: Template, id: string) => {
  const found = template.Resources[id];
  if (found === undefined) throw new Error(`no resource ${id}`);
  return found;
};
const ofType = (template: Template, type: string) =>
  Object.entries(template.Resources).filter(([, found]) => found.Type === type);

type Bucket = { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
const routeSettings = (template: Template) =>
  resource(template, 'HttpApiStage').Properties.RouteSettings as Record<string, Bucket>;
const bucket = (rate: number, burst: number): Bucket => ({
  ThrottlingRateLimit: rate,
  ThrottlingBurstLimit: burst,
});

describe('throttles per route', () => {
  it.each([
    ['prod', () => edge.template, bucket(100, 200), bucket(50, 100)],
    ['dev', () => dev.template, bucket(25, 50), bucket(10, 20)],
  ] as const)('%s: every route key has its own bucket', (_, template, publicBucket, merchant) => {
    const routes = ofType(template(), 'AWS::ApiGatewayV2::Route').map(
      ([, route]) => route.Properties.RouteKey as string,
    );
    const settings = routeSettings(template());
    expect(Object.keys(settings).sort()).toEqual([...routes].sort());
    expect(settings).toEqual({
      'GET /payment/ogone/return': publicBucket,
      'POST /payment/ogone/return': publicBucket,
      'ANY /payment/ogone/return': bucket(5, 10),
      'GET /payment/ogone/{account}/return': publicBucket,
      'POST /payment/ogone/{account}/return': publicBucket,
      'ANY /payment/ogone/{account}/return': bucket(5, 10),
      // Worldline's webhook and the shopper's return are public as Ogone's feedback is.
      'POST /payment/worldline/{account}/webhook': publicBucket,
      'ANY /payment/worldline/{account}/webhook': bucket(5, 10),
      'GET /payment/worldline/{account}/return': publicBucket,
      'ANY /payment/worldline/{account}/return': bucket(5, 10),
      'POST /payment/transactions': merchant,
      'GET /payment/transactions/{account}/{reference}': merchant,
      'POST /payment/ogone/transactions': merchant,
      'GET /payment/ogone/transactions/{reference}': merchant,
      'GET /payment/ogone/transactions': merchant,
    });
  });

  it('updates the stage only after every route it names exists', () => {
    const routeIds = ofType(edge.template, 'AWS::ApiGatewayV2::Route').map(([id]) => id);
    const dependsOn = resource(edge.template, 'HttpApiStage').DependsOn as string[];
    expect(dependsOn.filter((id) => id.startsWith('HttpApiRoute')).sort()).toEqual(routeIds.sort());
  });
});

describe('reserved concurrency', () => {
  it('reserves 50 for the feedback function and 25 for the webhook in prod, and nothing for the others', () => {
    const reserved = (template: Template) =>
      Object.fromEntries(
        ofType(template, 'AWS::Lambda::Function').map(([id, fn]) => [
          id,
          fn.Properties.ReservedConcurrentExecutions,
        ]),
      );
    expect(reserved(edge.template)).toEqual({
      FeedbackLambdaFunction: 50,
      WorldlineWebhookLambdaFunction: 25,
      WorldlineReturnLambdaFunction: undefined,
      RegisterTransactionLambdaFunction: undefined,
      GetTransactionLambdaFunction: undefined,
      ReconcileLambdaFunction: undefined,
      PublishEventsLambdaFunction: undefined,
    });
    expect(Object.values(reserved(dev.template)).every((value) => value === undefined)).toBe(true);
  });
});

describe('edge', () => {
  const distribution = () =>
    resource(edge.template, 'EdgeDistribution').Properties.DistributionConfig as Record<
      string,
      unknown
    > & { DefaultCacheBehavior: Record<string, unknown> };

  it('is off unless asked for', () => {
    for (const type of ['AWS::CloudFront::Distribution', 'AWS::CloudFront::OriginRequestPolicy']) {
      expect(ofType(dev.template, type)).toEqual([]);
    }
  });

  it('puts CloudFront with the web ACL in front of the API, TLS 1.2 on both sides', () => {
    const config = distribution();
    expect(config.WebACLId).toBe(EDGE.edgeWebAclArn);
    // CloudFront refuses a comment over 128 characters.
    expect(String(config.Comment).length).toBeLessThanOrEqual(128);
    expect(config.Aliases).toEqual([EDGE.edgeDomainName]);
    expect(config.ViewerCertificate).toEqual({
      AcmCertificateArn: EDGE.edgeCertificateArn,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(config.Origins).toEqual([
      {
        Id: 'HttpApi',
        DomainName: { 'Fn::Sub': '${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}' },
        CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
      },
    ]);
    expect(config.DefaultCacheBehavior).toMatchObject({
      TargetOriginId: 'HttpApi',
      ViewerProtocolPolicy: 'https-only',
      Compress: false,
    });
    expect(config.DefaultCacheBehavior.AllowedMethods).toContain('POST');
  });

  it('caches nothing and passes every query string, Accept, Content-Type and the webhook signature headers to the handler', () => {
    const behavior = distribution().DefaultCacheBehavior;
    // AWS's managed policy "CachingDisabled".
    expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(behavior.OriginRequestPolicyId).toEqual({ Ref: 'EdgeOriginRequestPolicy' });
    const policy = resource(edge.template, 'EdgeOriginRequestPolicy').Properties
      .OriginRequestPolicyConfig as Record<string, unknown>;
    expect(policy.QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' });
    // Without X-GCS-Signature and X-GCS-KeyId every webhook through the edge would be refused.
    expect(policy.HeadersConfig).toEqual({
      HeaderBehavior: 'whitelist',
      Headers: ['Accept', 'Content-Type', 'X-GCS-Signature', 'X-GCS-KeyId'],
    });
    // API Gateway routes by its own Host: forwarding the viewer's would answer 403.
    expect(policy.HeadersConfig).not.toMatchObject({ Headers: expect.arrayContaining(['Host']) });
  });

  it('outputs the distribution domain to point edgeDomainName at', () => {
    const outputs = (edge.template as Template & { Outputs: Record<string, { Value: unknown }> })
      .Outputs;
    expect(outputs.EdgeDistributionDomainName?.Value).toEqual({
      'Fn::GetAtt': ['EdgeDistribution', 'DomainName'],
    });
  });

  it('passes cdk-nag beyond infra/nag-acknowledgements.json, every acknowledgement used', () => {
    const outcome = runNag(join(edge.dir, 'cloudformation-template-update-stack.json'), [
      ...nag.acknowledgements,
      ...nag.edgeAcknowledgements,
    ]);
    expect(outcome.unacknowledged, 'fix these, or acknowledge them with a reason').toEqual([]);
    expect(outcome.unused, 'remove these acknowledgements').toEqual([]);
  }, 120_000);
});

describe('edge web ACL (infra/edge-web-acl.yml, us-east-1)', () => {
  type Rule = { Name: string; Priority: number; Action: unknown; Statement: unknown };
  const acl = () => {
    const template = parse(readFileSync(WEB_ACL_FILE, 'utf8')) as Template;
    return resource(template, 'WebAcl').Properties as { Scope: string; Rules: Rule[] };
  };
  /** Every path of the template's routes, `{account}` as given; public or merchant. */
  const paths = (isPublic: boolean, account: string) => [
    ...new Set(
      ofType(edge.template, 'AWS::ApiGatewayV2::Route')
        .filter(([, route]) => (route.Properties.AuthorizationType === undefined) === isPublic)
        .map(([, route]) => (route.Properties.RouteKey as string).split(' ')[1] ?? '')
        .map((path) => path.replace('{account}', account).replace('{reference}', 'order-1')),
    ),
  ];
  const onPublicPaths = {
    RegexMatchStatement: {
      FieldToMatch: { UriPath: {} },
      RegexString:
        '^/payment/(ogone/([a-z0-9-]{1,32}/)?return|worldline/[a-z0-9-]{1,32}/(webhook|return))$',
      TextTransformations: [{ Priority: 0, Type: 'NONE' }],
    },
  };
  const allowed = new RegExp(onPublicPaths.RegexMatchStatement.RegexString);

  it('matches exactly the public routes, for every valid account id and no other', () => {
    // The account part is the id lib/accounts/account.ts accepts, as the handler does.
    expect(onPublicPaths.RegexMatchStatement.RegexString).toContain(
      ACCOUNT_ID.source.replace(/^\^|\$$/g, ''),
    );
    const publicPaths = [
      ...paths(true, 'main'),
      ...paths(true, 'be-2'),
      ...paths(true, 'a'.repeat(32)),
    ];
    expect(publicPaths).toContain('/payment/ogone/return');
    expect(publicPaths).toContain('/payment/ogone/be-2/return');
    expect(publicPaths).toContain('/payment/worldline/be-2/webhook');
    expect(publicPaths).toContain('/payment/worldline/be-2/return');
    for (const path of publicPaths) expect(path, path).toMatch(allowed);
    const merchant = paths(false, 'main');
    expect(merchant.length).toBeGreaterThan(0);
    for (const path of [
      ...merchant,
      '/payment/ogone/BE/return',
      `/payment/ogone/${'a'.repeat(33)}/return`,
      '/payment/ogone/a/b/return',
      '/payment/ogone//return',
      '/payment/ogone/return/',
      '/payment/ogone/returns',
      '/x/payment/ogone/return',
      '/payment/worldline/return',
      '/payment/worldline/webhook',
      '/payment/worldline/BE/webhook',
      `/payment/worldline/${'a'.repeat(33)}/webhook`,
      '/payment/worldline/a/b/return',
      '/payment/worldline/be/webhook/',
      '/payment/worldline/be/webhooks',
      '/payment/ogone/be/webhook',
      '/payment/worldline/be/transactions',
    ]) {
      expect(path, path).not.toMatch(allowed);
    }
  });

  it('blocks every path but the public routes, then rate-limits them per client IP', () => {
    const { Scope, Rules } = acl();
    expect(Scope).toBe('CLOUDFRONT');
    expect(
      Rules.map(({ Name, Priority, Action, Statement }) => ({ Name, Priority, Action, Statement })),
    ).toEqual([
      {
        Name: 'only-the-feedback-route',
        Priority: 0,
        Action: { Block: {} },
        Statement: { NotStatement: { Statement: onPublicPaths } },
      },
      {
        Name: 'feedback-rate-per-ip',
        Priority: 1,
        Action: { Block: {} },
        Statement: {
          RateBasedStatement: {
            AggregateKeyType: 'IP',
            EvaluationWindowSec: 300,
            Limit: { Ref: 'RateLimit' },
            ScopeDownStatement: onPublicPaths,
          },
        },
      },
    ]);
  });

  it('logs each request with its client address and without its query string', () => {
    const template = parse(readFileSync(WEB_ACL_FILE, 'utf8')) as Template;
    expect(resource(template, 'WebAclLogging').Properties).toEqual({
      ResourceArn: { 'Fn::GetAtt': ['WebAcl', 'Arn'] },
      LogDestinationConfigs: [{ 'Fn::GetAtt': ['WebAclLogGroup', 'Arn'] }],
      RedactedFields: [{ QueryString: {} }],
    });
    expect(resource(template, 'WebAclLogGroup').Properties).toMatchObject({
      LogGroupName: { 'Fn::Sub': expect.stringMatching(/^aws-waf-logs-/) },
      RetentionInDays: 90,
    });
  });

  it('passes cdk-nag', () => {
    const outcome = runNag(WEB_ACL_FILE, []);
    expect(outcome.unacknowledged).toEqual([]);
  }, 120_000);
});

describe('parameters', () => {
  const { capacity } = createRequire(import.meta.url)('../../infra/capacity.cjs') as {
    capacity: (input: {
      resolveVariable: (name: string) => Promise<unknown>;
      serviceName: string;
      functions: Record<string, unknown>;
    }) => Promise<{ Resources: Record<string, unknown>; extensions: Record<string, unknown> }>;
  };
  const functions = {
    feedback: { events: [{ httpApi: { method: 'GET', path: '/payment/ogone/return' } }] },
    worldlineWebhook: {
      events: [{ httpApi: { method: 'POST', path: '/payment/worldline/{account}/webhook' } }],
    },
    read: {
      events: [{ httpApi: { method: 'GET', path: '/t', authorizer: { type: 'aws_iam' } } }],
    },
  };
  const run = (params: Record<string, string>) => {
    const values: Record<string, string> = {
      publicThrottleRate: '10',
      publicThrottleBurst: '20',
      merchantThrottleRate: '10',
      merchantThrottleBurst: '20',
      feedbackReservedConcurrency: '',
      worldlineWebhookReservedConcurrency: '',
      edge: 'false',
      ...params,
    };
    const resolveVariable = async (name: string) => values[name.replace(/^param:/, '')] ?? '';
    return capacity({ resolveVariable, serviceName: 'ogone-feedback-prod', functions });
  };

  it('builds with valid values, a reservation for each function that has one', async () => {
    const built = await run({
      feedbackReservedConcurrency: '5',
      worldlineWebhookReservedConcurrency: '3',
    });
    expect(built).toMatchObject({
      Resources: {},
      extensions: {
        FeedbackLambdaFunction: { Properties: { ReservedConcurrentExecutions: 5 } },
        WorldlineWebhookLambdaFunction: { Properties: { ReservedConcurrentExecutions: 3 } },
      },
    });
    const none = await run({});
    expect(none.extensions).not.toHaveProperty('FeedbackLambdaFunction');
    expect(none.extensions).not.toHaveProperty('WorldlineWebhookLambdaFunction');
  });

  it.each([
    [
      { feedbackReservedConcurrency: '0' },
      /feedbackReservedConcurrency=0" must be a whole number from 1/,
    ],
    [
      { worldlineWebhookReservedConcurrency: '0' },
      /worldlineWebhookReservedConcurrency=0" must be a whole number from 1/,
    ],
    [{ publicThrottleRate: 'fast' }, /publicThrottleRate=fast" must be a whole number/],
    [{ merchantThrottleBurst: '-1' }, /merchantThrottleBurst=-1"/],
    [{ edge: 'yes' }, /edge=yes" must be true or false/],
    [{ ...EDGE, edgeWebAclArn: '' }, /edgeWebAclArn=arn:aws:wafv2:us-east-1/],
    [
      { ...EDGE, edgeWebAclArn: EDGE.edgeWebAclArn.replace('us-east-1', 'eu-west-1') },
      /edgeWebAclArn/,
    ],
    [
      { ...EDGE, edgeCertificateArn: EDGE.edgeCertificateArn.replace('us-east-1', 'eu-west-1') },
      /edgeCertificateArn=arn:aws:acm:us-east-1/,
    ],
    [{ ...EDGE, edgeDomainName: 'not a domain' }, /edgeDomainName/],
    [{ ...EDGE, publicBaseUrl: '' }, /publicBaseUrl=https:\/\/pay\.shop\.example/],
  ])('refuses %o, naming the parameter', async (params, message) => {
    await expect(run(params)).rejects.toThrow(message);
  });
});
