import { globSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import nag from '../../infra/nag-acknowledgements.json' with { type: 'json' };
import { METRICS, METRICS_NAMESPACE } from '../../lib/observability/metrics.js';
import secrets from '../../lib/secrets/secret-parameters.json' with { type: 'json' };
import { type FunctionKey, parametersOf } from '../../lib/secrets/ssm-parameters.js';
import { runNag } from './cdk-nag.js';
import { emittedMetricNames } from './emitted-metrics.js';
import { CANARY_SECRETS, type Packaged, packageStage, type Template } from './packaged-template.js';

/**
 * The CloudFormation that `osls package` generates for prod, read as an infra reviewer would:
 * routes, authorization, every IAM statement, runtime, table protection, logs and alarms.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let prod: Packaged;
let template: Template;

beforeAll(() => {
  prod = packageStage('prod');
  template = prod.template;
}, 180_000);

const ofType = (type: string) =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

/** The functions as deployed, by logical id prefix (`Feedback` for `FeedbackLambdaFunction`). */
const functionIds = () =>
  ofType('AWS::Lambda::Function').map(([id]) => id.replace(/LambdaFunction$/, ''));

const logicalIdOf = (fn: string) => `${fn[0]?.toUpperCase()}${fn.slice(1)}`;

const resource = (id: string) => {
  const found = template.Resources[id];
  if (found === undefined) throw new Error(`no resource ${id}`);
  return found;
};

type Statement = { Sid: string; Action: string[]; Resource: unknown; Condition?: unknown };

const statements = (roleId: string): Statement[] =>
  (
    resource(roleId).Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[]
  ).flatMap((policy) => policy.PolicyDocument.Statement);

describe('functions', () => {
  it.each([
    'Feedback',
    'WorldlineWebhook',
    'WorldlineReturn',
    'RegisterTransaction',
    'GetTransaction',
  ])('%s: runtime, arch, role', (id) => {
    const fn = resource(`${id}LambdaFunction`).Properties;
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.Timeout).toBe(6);
    expect(fn.Role).toEqual({ 'Fn::GetAtt': [`${id}Role`, 'Arn'] });
    const variables = (fn.Environment as { Variables: Record<string, string> }).Variables;
    // Source maps cost every cold start; they are turned on by hand while investigating.
    expect(variables.NODE_OPTIONS).toBeUndefined();
    expect(variables.OGONE_SSM_PATH).toBe('/ogone-feedback/prod');
    expect(variables.OGONE_ENVIRONMENT).toBe('prod');
    // None unless a switch of algorithm is under way.
    expect(variables.OGONE_PREVIOUS_HASH_ALGORITHM ?? '').toBe('');
    expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe(METRICS_NAMESPACE);
    for (const name of Object.keys(CANARY_SECRETS)) expect(variables).not.toHaveProperty(name);
  });

  it('gives only the functions that redirect shoppers the result redirect validity, and no signing secret', () => {
    const ttl = (id: string) =>
      (resource(`${id}LambdaFunction`).Properties.Environment as { Variables: object }).Variables;
    expect(ttl('Feedback')).toMatchObject({ RESULT_SIGNATURE_TTL_SECONDS: '600' });
    expect(ttl('WorldlineReturn')).toMatchObject({ RESULT_SIGNATURE_TTL_SECONDS: '600' });
    for (const id of ['WorldlineWebhook', 'RegisterTransaction', 'GetTransaction', 'Reconcile']) {
      expect(ttl(id)).not.toHaveProperty('RESULT_SIGNATURE_TTL_SECONDS');
    }
  });

  it('deploys exactly the functions that the secrets table and the roles are keyed by', () => {
    expect(functionIds().sort()).toEqual(Object.keys(secrets.functions).map(logicalIdOf).sort());
    for (const id of functionIds()) {
      expect(resource(`${id}LambdaFunction`).Properties.Role).toEqual({
        'Fn::GetAtt': [`${id}Role`, 'Arn'],
      });
    }
  });

  it('packages each function individually, as a minified ESM bundle with a source map', () => {
    for (const fn of [
      'feedback',
      'worldlineWebhook',
      'worldlineReturn',
      'registerTransaction',
      'getTransaction',
    ]) {
      const handler = resource(`${logicalIdOf(fn)}LambdaFunction`).Properties.Handler as string;
      const bundle = prod.texts.get(`${fn}.zip:${handler.replace(/\.handler$/, '.mjs')}`);
      expect(bundle, fn).toBeDefined();
      expect(bundle).toMatch(/^import\{createRequire\}|^import \{ createRequire \}/);
      expect(
        [...prod.texts.keys()].some(
          (key) => key.startsWith(`${fn}.zip:`) && key.endsWith('.mjs.map'),
        ),
      ).toBe(true);
      // The SDK is bundled, not taken from the runtime.
      expect(bundle).toContain('UpdateItemCommand');
    }
  });
});

describe('error names in the bundles', () => {
  /** The error classes the service declares, by name: the `error` a refusal's log line carries. */
  const declared = globSync('lib/**/*.ts', { cwd: ROOT })
    .flatMap((file) => [
      ...readFileSync(join(ROOT, file), 'utf8').matchAll(/export class (\w+Error) extends/g),
    ])
    .map(([, name]) => name as string);
  /** How esbuild binds a class: `class N` or `N=class` (minified syntax), any suffix kept. */
  const bound = (bundle: string, name: string) =>
    [
      ...bundle.matchAll(
        new RegExp(
          `(?:class |[,;{}\\s(]|var |let )(${name}\\d*)(?:=class\\b| extends\\b|\\{)`,
          'g',
        ),
      ),
    ].map(([, as]) => as);

  it('keeps every error class under its own name: a renamed one would log under another', () => {
    expect(declared.length).toBeGreaterThan(20);
    const bundles = [...prod.texts].filter(([file]) => file.endsWith('.mjs'));
    expect(bundles.length).toBeGreaterThan(6);
    const seen = new Set<string>();
    for (const [file, bundle] of bundles) {
      for (const name of declared) {
        // Identifiers are not minified (serverless.yml): a class keeps its name unless esbuild
        // renamed it to avoid another module's identifier (`ValidationError2`). A library's class
        // of the same name renamed instead fails here too: a collision to look at either way.
        for (const as of bound(bundle, name)) {
          expect(as, `${file}: ${name}`).toBe(name);
          seen.add(name);
        }
      }
    }
    // What the feedback route refuses with is named in every bundle that holds it.
    for (const name of [
      'SignatureVerificationError',
      'MalformedParametersError',
      'ContentionError',
    ]) {
      expect(seen, name).toContain(name);
    }
  });
});

describe('reconciliation schedule', () => {
  it('runs reconcile every 15 minutes in a deployed stage (only the local stage leaves it off)', () => {
    const rules = Object.values(template.Resources).filter(
      (candidate) => (candidate as { Type?: string }).Type === 'AWS::Events::Rule',
    ) as { Properties: Record<string, unknown> }[];
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties).toMatchObject({
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
    });
  });
});

describe('HTTP API', () => {
  const routes = () =>
    Object.fromEntries(
      ofType('AWS::ApiGatewayV2::Route').map(([, route]) => [
        route.Properties.RouteKey as string,
        route.Properties.AuthorizationType ?? 'NONE',
      ]),
    );

  it('declares exactly the contract routes, IAM on the transaction routes only', () => {
    expect(routes()).toEqual({
      'GET /payment/ogone/return': 'NONE',
      'POST /payment/ogone/return': 'NONE',
      'ANY /payment/ogone/return': 'NONE',
      'GET /payment/ogone/{account}/return': 'NONE',
      'POST /payment/ogone/{account}/return': 'NONE',
      'ANY /payment/ogone/{account}/return': 'NONE',
      // Public: a webhook's signature, a return's RETURNMAC, is the authentication.
      'POST /payment/worldline/{account}/webhook': 'NONE',
      'ANY /payment/worldline/{account}/webhook': 'NONE',
      'GET /payment/worldline/{account}/return': 'NONE',
      'ANY /payment/worldline/{account}/return': 'NONE',
      'POST /payment/ogone/transactions': 'AWS_IAM',
      'POST /payment/transactions': 'AWS_IAM',
      'GET /payment/transactions/{account}/{reference}': 'AWS_IAM',
      'GET /payment/ogone/transactions/{reference}': 'AWS_IAM',
      'GET /payment/ogone/transactions': 'AWS_IAM',
    });
  });

  it('throttles the stage and writes JSON access logs', () => {
    const stage = resource('HttpApiStage').Properties as {
      DefaultRouteSettings: Record<string, number>;
      AccessLogSettings: { Format: string };
    };
    expect(stage.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 200,
      ThrottlingBurstLimit: 400,
    });
    const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;
    expect(format.status).toBe('$context.status');
    expect(format.requestId).toBe('$context.requestId');
  });
});

describe('least privilege', () => {
  const table = { 'Fn::GetAtt': ['TransactionsTable', 'Arn'] };
  const key = { 'Fn::GetAtt': ['SecretsKey', 'Arn'] };
  const logs = (fn: string) => ({
    'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/ogone-feedback-prod-${fn}:*`,
  });
  const parameter = (name: string) => ({
    'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/ogone-feedback/prod/${name}`,
  });

  it('has exactly one role per function and no other role', () => {
    expect(
      ofType('AWS::IAM::Role')
        .map(([id]) => id)
        .sort(),
    ).toEqual(
      functionIds()
        .map((id) => `${id}Role`)
        .sort(),
    );
  });

  it('feedback: update items, its own log group, the SHA-OUT parameters', () => {
    expect(statements('FeedbackRole')).toEqual([
      {
        Sid: 'OwnLogGroup',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: logs('feedback'),
      },
      {
        Sid: 'TransactionsTable',
        Effect: 'Allow',
        Action: ['dynamodb:UpdateItem'],
        Resource: table,
      },
      {
        Sid: 'OwnSecrets',
        Effect: 'Allow',
        Action: ['ssm:GetParameters'],
        Resource: [
          parameter('sha-out-passphrase'),
          parameter('sha-out-passphrase-previous'),
          parameter('result-signing-secret'),
        ],
      },
      {
        Sid: 'DecryptSecretsThroughSsm',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: key,
        Condition: {
          StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' } },
        },
      },
    ]);
  });

  // A stage without an accounts file has one ogone account: no role reads a worldline secret
  // (test/infra/accounts.test.ts checks a stage with worldline accounts).
  it('worldlineWebhook: update items and its own log group, no secret without a worldline account', () => {
    expect(statements('WorldlineWebhookRole')).toEqual([
      {
        Sid: 'OwnLogGroup',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: logs('worldlineWebhook'),
      },
      {
        Sid: 'TransactionsTable',
        Effect: 'Allow',
        Action: ['dynamodb:UpdateItem'],
        Resource: table,
      },
    ]);
  });

  it('worldlineReturn: get and update items, its own log group, the result-signing secret', () => {
    const all = statements('WorldlineReturnRole');
    expect(all.map((s) => [s.Sid, s.Action])).toEqual([
      ['OwnLogGroup', ['logs:CreateLogStream', 'logs:PutLogEvents']],
      ['TransactionsTable', ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
      ['OwnSecrets', ['ssm:GetParameters']],
      ['DecryptSecretsThroughSsm', ['kms:Decrypt']],
    ]);
    expect(all[0]?.Resource).toEqual(logs('worldlineReturn'));
    expect(all[1]?.Resource).toEqual(table);
    expect(all[2]?.Resource).toEqual([parameter('result-signing-secret')]);
    expect(all[3]?.Resource).toEqual(key);
  });

  it('registerTransaction: put and update items, its own log group, the SHA-IN parameter', () => {
    const all = statements('RegisterTransactionRole');
    expect(all.map((s) => [s.Sid, s.Action])).toEqual([
      ['OwnLogGroup', ['logs:CreateLogStream', 'logs:PutLogEvents']],
      ['TransactionsTable', ['dynamodb:PutItem', 'dynamodb:UpdateItem']],
      ['OwnSecrets', ['ssm:GetParameters']],
      ['DecryptSecretsThroughSsm', ['kms:Decrypt']],
    ]);
    expect(all[0]?.Resource).toEqual(logs('registerTransaction'));
    expect(all[1]?.Resource).toEqual(table);
    expect(all[2]?.Resource).toEqual([parameter('sha-in-passphrase')]);
    expect(all[3]?.Resource).toEqual(key);
  });

  it('getTransaction: get items and its own log group, no secret at all', () => {
    expect(statements('GetTransactionRole')).toEqual([
      {
        Sid: 'OwnLogGroup',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: logs('getTransaction'),
      },
      { Sid: 'TransactionsTable', Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: table },
    ]);
  });

  it('reconcile: get and update items, query the open index, its own log group, the API password', () => {
    const all = statements('ReconcileRole');
    expect(all.map((s) => [s.Sid, s.Action])).toEqual([
      ['OwnLogGroup', ['logs:CreateLogStream', 'logs:PutLogEvents']],
      ['TransactionsTable', ['dynamodb:GetItem', 'dynamodb:UpdateItem']],
      ['OpenTransactionsIndex', ['dynamodb:Query']],
      ['OwnSecrets', ['ssm:GetParameters']],
      ['DecryptSecretsThroughSsm', ['kms:Decrypt']],
    ]);
    expect(all[0]?.Resource).toEqual(logs('reconcile'));
    expect(all[1]?.Resource).toEqual(table);
    // The due index, and for one release the index it replaced (docs/deploy.md).
    expect(all[2]?.Resource).toEqual([
      { 'Fn::Join': ['/', [table, 'index', 'open-by-next-check']] },
      { 'Fn::Join': ['/', [table, 'index', 'open-by-created']] },
    ]);
    expect(all[3]?.Resource).toEqual([parameter('api-user-password')]);
    expect(all[4]?.Resource).toEqual(key);
  });

  it('publishEvents: the table stream, PutEvents on its bus, the dead-letter queue, nothing else', () => {
    expect(statements('PublishEventsRole').map((s) => [s.Sid, s.Action, s.Resource])).toEqual([
      ['OwnLogGroup', ['logs:CreateLogStream', 'logs:PutLogEvents'], logs('publishEvents')],
      [
        'TransactionsStream',
        ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        { 'Fn::GetAtt': ['TransactionsTable', 'StreamArn'] },
      ],
      [
        'ListTransactionsStreams',
        ['dynamodb:ListStreams'],
        { 'Fn::Join': ['/', [table, 'stream', '*']] },
      ],
      [
        'PublishStateChanges',
        ['events:PutEvents'],
        {
          'Fn::Sub': [
            'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${Bus}',
            { Bus: 'default' },
          ],
        },
      ],
      [
        'StreamDeadLetterQueue',
        ['sqs:SendMessage'],
        { 'Fn::GetAtt': ['PublishEventsDeadLetterQueue', 'Arn'] },
      ],
    ]);
  });

  it('reads the stream with partial-batch retries and a dead-letter queue', () => {
    const [, mapping] = ofType('AWS::Lambda::EventSourceMapping')[0] ?? [];
    expect(mapping?.Properties).toMatchObject({
      EventSourceArn: { 'Fn::GetAtt': ['TransactionsTable', 'StreamArn'] },
      StartingPosition: 'LATEST',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': ['PublishEventsDeadLetterQueue', 'Arn'] } },
      },
    });
    expect(resource('TransactionsTable').Properties.StreamSpecification).toEqual({
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
  });

  it('sends a record to the dead-letter queue while the stream still holds it, to be replayed', () => {
    const [, mapping] = ofType('AWS::Lambda::EventSourceMapping')[0] ?? [];
    const maximumAge = mapping?.Properties.MaximumRecordAgeInSeconds;
    const streamRetention = 24 * 3600;
    expect(typeof maximumAge).toBe('number');
    // -1 (the default: for ever) or the retention itself would hand over a record already trimmed.
    expect(maximumAge).toBeGreaterThanOrEqual(60);
    // At least half a day left to replay it after the dead-letter alarm (docs/deploy.md).
    expect(streamRetention - (maximumAge as number)).toBeGreaterThanOrEqual(12 * 3600);
  });

  it('runs reconciliation on a schedule', () => {
    const rule = resource('ReconcileEventsRuleSchedule1').Properties;
    expect(rule.ScheduleExpression).toBe('rate(15 minutes)');
    expect(rule.State).toBe('ENABLED');
  });

  it('grants the SSM parameters that the code reads, per function', () => {
    const prefix = '/ogone-feedback/prod/';
    for (const fn of Object.keys(secrets.functions)) {
      const id = `${logicalIdOf(fn)}Role`;
      const granted = statements(id).find((s) => s.Sid === 'OwnSecrets')?.Resource ?? [];
      // The list each function asks SSM for at cold start (lib/secrets/ssm-parameters.ts).
      const read = parametersOf(fn as FunctionKey, '/ogone-feedback/prod', undefined).map(
        ({ parameter: name }) => name.slice(prefix.length),
      );
      expect(granted, fn).toEqual(read.map(parameter));
    }
  });

  it('has no wildcard resource on any action outside the KMS key policy', () => {
    const serialized = ofType('AWS::IAM::Role').map(([, role]) => JSON.stringify(role));
    for (const text of serialized) {
      expect(text).not.toMatch(/"Resource":"\*"/);
      expect(text).not.toMatch(/"Action":"\*"|"[a-z0-9]+:\*"/);
    }
  });
});

describe('table', () => {
  it('is on-demand, recoverable, encrypted, protected and retained, with the shared key schema', () => {
    const table = resource('TransactionsTable');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties).toMatchObject({
      TableName: 'ogone-feedback-prod-transactions',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'reference', KeyType: 'HASH' }],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('reads reconciliation from an index keyed on the due time, one index change per deploy', () => {
    const indexes = resource('TransactionsTable').Properties.GlobalSecondaryIndexes as {
      IndexName: string;
      KeySchema: unknown;
    }[];
    expect(indexes[0]).toMatchObject({
      IndexName: 'open-by-next-check',
      KeySchema: [
        { AttributeName: 'openBucket', KeyType: 'HASH' },
        { AttributeName: 'nextCheckAt', KeyType: 'RANGE' },
      ],
    });
    // CloudFormation adds or deletes one index per table update: a template that differs from
    // the last release's indexes by more than one cannot deploy over it (docs/deploy.md).
    const lastRelease = ['open-by-created'];
    const names = indexes.map((index) => index.IndexName);
    const changed = [
      ...names.filter((name) => !lastRelease.includes(name)),
      ...lastRelease.filter((name) => !names.includes(name)),
    ];
    expect(changed).toEqual(['open-by-next-check']);
  });
});

describe('operations', () => {
  it('keeps every log group for 90 days', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups.map(([id]) => id).sort()).toEqual(
      [...functionIds(), 'HttpApi'].map((id) => `${id}LogGroup`).sort(),
    );
    for (const [, group] of groups) expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('alarms on every outcome that needs a person, rejections, 5xx, errors and throttles', () => {
    const alarms = Object.fromEntries(
      ofType('AWS::CloudWatch::Alarm').map(([id, alarm]) => [id, alarm.Properties]),
    );
    const service = [{ Name: 'service', Value: 'ogone-feedback-prod' }];
    const serviceAlarms = Object.entries(alarms).filter(
      ([, alarm]) => alarm.Namespace === METRICS_NAMESPACE,
    );
    for (const [id, alarm] of serviceAlarms) {
      expect(alarm, id).toMatchObject({
        Dimensions: service,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: ['arn:aws:sns:eu-west-1:123456789012:ogone-feedback-alarms'],
      });
    }
    for (const [id, metric, threshold] of [
      ['AmountMismatchAlarm', METRICS.amountMismatch, 1],
      ['DoublePaymentAlarm', METRICS.doublePayment, 1],
      ['UnmatchedReferenceAlarm', METRICS.unmatched, 1],
      ['UnknownStatusAlarm', METRICS.unknownStatus, 1],
      ['MissingPayIdAlarm', METRICS.missingPayId, 1],
      ['TransactionItemTooLargeAlarm', METRICS.itemTooLarge, 1],
      ['SignatureRejectionBurstAlarm', METRICS.signatureRejected, 20],
      ['StorageFailureAlarm', METRICS.storageFailure, 1],
      ['WorldlineApiFailureAlarm', METRICS.worldlineApiFailure, 5],
    ] as const) {
      expect(alarms[id], id).toMatchObject({ MetricName: metric, Threshold: threshold });
    }
    expect(alarms.HttpApi5xxAlarm).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
    });
    for (const fn of functionIds()) {
      expect(alarms[`${fn}ErrorsAlarm`]).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
      });
      expect(alarms[`${fn}ThrottlesAlarm`]).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Throttles',
      });
    }
    expect(alarms.PublishEventsDeadLetterAlarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
    });
    expect(alarms.PublishEventsIteratorAgeAlarm).toMatchObject({ MetricName: 'IteratorAge' });
    const dlqIteratorAnd5xx = 3;
    expect(Object.keys(alarms)).toHaveLength(
      serviceAlarms.length + 2 * functionIds().length + dlqIteratorAnd5xx,
    );
    expect(ofType('AWS::CloudWatch::Dashboard')).toHaveLength(1);
  });

  it('alarms on and charts only metrics that the code emits', () => {
    const emitted = emittedMetricNames();
    const alarmed = ofType('AWS::CloudWatch::Alarm')
      .map(([, alarm]) => alarm.Properties)
      .filter((alarm) => alarm.Namespace === METRICS_NAMESPACE)
      .map((alarm) => alarm.MetricName as string);
    const body = resource('Dashboard').Properties.DashboardBody as { 'Fn::Sub': string };
    const { widgets } = JSON.parse(body['Fn::Sub']) as {
      widgets: { properties: { metrics: string[][] } }[];
    };
    const charted = widgets
      .flatMap((widget) => widget.properties.metrics)
      .filter(([namespace]) => namespace === METRICS_NAMESPACE);
    expect(alarmed.length).toBeGreaterThan(0);
    expect(charted.length).toBeGreaterThan(0);
    for (const name of [...alarmed, ...charted.map(([, name]) => name)]) {
      expect([...emitted], name).toContain(name);
    }
    // Powertools adds the function's service name as the `service` dimension of every metric.
    const services = functionIds().map(
      (id) =>
        (
          resource(`${id}LambdaFunction`).Properties.Environment as {
            Variables: Record<string, string>;
          }
        ).Variables.POWERTOOLS_SERVICE_NAME,
    );
    const [service] = services;
    expect(new Set(services)).toEqual(new Set([service]));
    for (const [, alarm] of ofType('AWS::CloudWatch::Alarm')) {
      if (alarm.Properties.Namespace !== METRICS_NAMESPACE) continue;
      expect(alarm.Properties.Dimensions).toEqual([{ Name: 'service', Value: service }]);
    }
    for (const [, , dimension, value] of charted)
      expect([dimension, value]).toEqual(['service', service]);
  });
});

describe('cdk-nag (AwsSolutions, Serverless)', () => {
  it('finds nothing beyond infra/nag-acknowledgements.json, and every acknowledgement is used', () => {
    const outcome = runNag(
      join(prod.dir, 'cloudformation-template-update-stack.json'),
      nag.acknowledgements,
    );
    expect(outcome.unacknowledged, 'fix these, or acknowledge them with a reason').toEqual([]);
    expect(outcome.unused, 'remove these acknowledgements').toEqual([]);
  }, 120_000);

  it('refuses non-TLS requests to the dead-letter queue (AwsSolutions-SQS4)', () => {
    const policy = resource('PublishEventsDeadLetterQueuePolicy').Properties;
    expect(policy.Queues).toEqual([{ Ref: 'PublishEventsDeadLetterQueue' }]);
    expect(policy.PolicyDocument).toMatchObject({
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
  });
});

describe('secrets', () => {
  it('never appear anywhere in the packaged output, bundles and source maps included', () => {
    expect(prod.texts.size).toBeGreaterThan(6);
    for (const [file, text] of prod.texts) {
      for (const value of Object.values(CANARY_SECRETS)) {
        expect(text.includes(value), `${value} in ${file}`).toBe(false);
      }
    }
  });
});

describe('stages', () => {
  it('maps dev to Ogone test with its own SSM path, and prod refuses to package without a topic', () => {
    // An algorithm switch's overlap on a stage without an accounts file (docs/deploy.md).
    const dev = packageStage('dev', ['--param', 'previousHashAlgorithm=sha1']);
    const fn = dev.template.Resources.FeedbackLambdaFunction?.Properties as {
      Environment: { Variables: Record<string, string> };
    };
    expect(fn.Environment.Variables.OGONE_PREVIOUS_HASH_ALGORITHM).toBe('sha1');
    expect(fn.Environment.Variables.OGONE_ENVIRONMENT).toBe('test');
    expect(fn.Environment.Variables.OGONE_SSM_PATH).toBe('/ogone-feedback/dev');
    expect(() => packageStage('prod', ['--param', 'alarmTopicArn='])).toThrow(/alarmTopicArn/);
  }, 180_000);
});
