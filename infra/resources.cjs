// CloudFormation resources of ogone-feedback, built in code so that every role is made the same
// way from one list of what each function may do (least privilege, no `*` on any data action).
// serverless.yml includes the result as `resources: ${file(./infra/resources.cjs)}`.
const tableSchema = require('../lib/dynamodb/table-schema.json');
const secrets = require('../lib/secrets/secret-parameters.json');
const { requireHttps } = require('./https-params.cjs');
const { capacity } = require('./capacity.cjs');
const { stageAccounts, requireEnvironmentFits } = require('./accounts.cjs');
const metricNames = require('../lib/observability/metric-names.json');

const METRICS_NAMESPACE = metricNames.namespace;

/** The CloudWatch name of a metric the code emits, by its key (lib/observability/metrics.ts). */
const metricName = (key) => {
  const name = metricNames.names[key];
  // A renamed or removed metric must stop packaging, not leave an alarm watching nothing.
  if (name === undefined) {
    throw new Error(`No metric "${key}" in lib/observability/metric-names.json`);
  }
  return name;
};

/** What each function does to the table: one action each. */
const TABLE_ARN = { 'Fn::GetAtt': ['TransactionsTable', 'Arn'] };
// Reconciliation's indexes: the due index, and for one release the index it replaces (read only
// to schedule transactions stored before the due index existed; docs/deploy.md).
const OPEN_INDEX_ARNS = tableSchema.GlobalSecondaryIndexes.map((index) => ({
  'Fn::Join': ['/', [TABLE_ARN, 'index', index.IndexName]],
}));
const table = (actions) => ({ Sid: 'TransactionsTable', Action: actions, Resource: TABLE_ARN });

const STREAM_ARN = { 'Fn::GetAtt': ['TransactionsTable', 'StreamArn'] };
const EVENT_BUS_ARN = {
  'Fn::Sub': [
    'arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${Bus}',
    { Bus: '${param:eventBusName}' },
  ],
};

/** What each function may do to data, beyond its own logs and secrets: one entry per function. */
const DATA_ACCESS = {
  feedback: [table(['dynamodb:UpdateItem'])],
  worldlineWebhook: [table(['dynamodb:UpdateItem'])],
  // Reads the registration's hosted checkout (RETURNMAC) before asking Worldline about it.
  worldlineReturn: [table(['dynamodb:GetItem', 'dynamodb:UpdateItem'])],
  // UpdateItem stores the hosted checkout a worldline registration created.
  registerTransaction: [table(['dynamodb:PutItem', 'dynamodb:UpdateItem'])],
  getTransaction: [table(['dynamodb:GetItem'])],
  reconcile: [
    // GetItem: a worldline transaction's hosted checkout id, which the Payments API is asked by.
    table(['dynamodb:GetItem', 'dynamodb:UpdateItem']),
    { Sid: 'OpenTransactionsIndex', Action: ['dynamodb:Query'], Resource: OPEN_INDEX_ARNS },
  ],
  publishEvents: [
    {
      Sid: 'TransactionsStream',
      Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      Resource: STREAM_ARN,
    },
    {
      // AWS's documented resource form for ListStreams: the table's streams.
      Sid: 'ListTransactionsStreams',
      Action: ['dynamodb:ListStreams'],
      Resource: { 'Fn::Join': ['/', [TABLE_ARN, 'stream', '*']] },
    },
    { Sid: 'PublishStateChanges', Action: ['events:PutEvents'], Resource: EVENT_BUS_ARN },
    {
      // Lambda sends the on-failure record with the function's own role.
      Sid: 'StreamDeadLetterQueue',
      Action: ['sqs:SendMessage'],
      Resource: { 'Fn::GetAtt': ['PublishEventsDeadLetterQueue', 'Arn'] },
    },
  ],
};

const sub = (text) => ({ 'Fn::Sub': text });

const logicalId = (fn) => `${fn[0].toUpperCase()}${fn.slice(1)}`;

/**
 * The SSM parameters `fn` reads: with an accounts file, the list lib/secrets/ssm-parameters.ts
 * makes from it (infra/accounts.cjs); without, one per secret under the stage path, of the
 * single account's provider (ogone) and the deployment's own: a stage without an accounts file
 * has no worldline account, so no role may read a worldline secret (the same rule as
 * `parametersOf` there; test/infra/template.test.ts holds the two together).
 */
const SINGLE_ACCOUNT_PROVIDERS = ['ogone', 'any'];
const parametersOf = (fn, ssmPath, accounts) =>
  accounts === undefined
    ? secrets.functions[fn]
        .filter((variable) =>
          SINGLE_ACCOUNT_PROVIDERS.includes(secrets.parameters[variable].provider),
        )
        .map((variable) => `${ssmPath}/${secrets.parameters[variable].name}`)
    : accounts.parameters[fn];

const role = ({ fn, functionName, parameters }) => {
  const statements = [
    {
      Sid: 'OwnLogGroup',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: sub(
        `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${functionName}:*`,
      ),
    },
    ...DATA_ACCESS[fn].map((statement) => ({ Effect: 'Allow', ...statement })),
  ];
  if (parameters.length > 0) {
    statements.push(
      {
        Sid: 'OwnSecrets',
        Effect: 'Allow',
        Action: ['ssm:GetParameters'],
        Resource: parameters.map((name) =>
          sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${name}`),
        ),
      },
      {
        Sid: 'DecryptSecretsThroughSsm',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: { 'Fn::GetAtt': ['SecretsKey', 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': sub('ssm.${AWS::Region}.amazonaws.com') } },
      },
    );
  }
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      Description: `${functionName}: least privilege`,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'lambda.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      },
      Policies: [
        {
          PolicyName: `${fn}-least-privilege`,
          PolicyDocument: { Version: '2012-10-17', Statement: statements },
        },
      ],
    },
  };
};

const alarm = ({
  description,
  namespace,
  metric,
  dimensions,
  threshold,
  topic,
  period = 300,
  statistic = 'Sum',
}) => ({
  Type: 'AWS::CloudWatch::Alarm',
  Properties: {
    AlarmDescription: description,
    Namespace: namespace,
    MetricName: metric,
    Dimensions: dimensions,
    Statistic: statistic,
    Period: period,
    EvaluationPeriods: 1,
    Threshold: threshold,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
    ...(topic === '' ? {} : { AlarmActions: [topic], OKActions: [topic] }),
  },
});

/** Alarms on the service's own metrics (EMF), by metric key: [id, metric, threshold, description]. */
const SERVICE_ALARMS = [
  [
    'AmountMismatchAlarm',
    'amountMismatch',
    1,
    'A signed amount or currency differs from the registered one: the transaction is held in review.',
  ],
  [
    'DoublePaymentAlarm',
    'doublePayment',
    1,
    'A second PAYID paid or authorized a transaction that another PAYID already paid or authorized: refund or cancel one of them.',
  ],
  [
    'UnmatchedReferenceAlarm',
    'unmatched',
    1,
    'Ogone or Worldline reported a payment for a reference nobody registered in that account.',
  ],
  [
    'UnknownStatusAlarm',
    'unknownStatus',
    1,
    'Ogone sent a STATUS (or Worldline a status code and status) this service does not know: check the status table.',
  ],
  [
    'MissingPayIdAlarm',
    'missingPayId',
    1,
    'A paying notification came without PAYID: it cannot be told from a second payment, so the transaction is held in review.',
  ],
  [
    'TransactionItemTooLargeAlarm',
    'itemTooLarge',
    1,
    'A transaction item reached the DynamoDB item size limit: the notification was not recorded (answered 500, never 503). Look at its anomalies.',
  ],
  [
    'SignatureRejectionBurstAlarm',
    'signatureRejected',
    20,
    'Twenty or more requests with a missing or wrong SHASIGN, webhook signature or merchantId in 5 minutes: a passphrase or webhook key mismatch, or an attack.',
  ],
  [
    'StorageFailureAlarm',
    'storageFailure',
    1,
    'DynamoDB or SSM failed or throttled; requests were answered 503 and Ogone or Worldline will retry.',
  ],
  [
    'WorldlineApiFailureAlarm',
    'worldlineApiFailure',
    5,
    "Five or more Payments API calls failed in 5 minutes (timeout, 5xx, refusal): shoppers' returns show the state as recorded and registrations answer 502/503. Check the API key and Worldline's status.",
  ],
];

const dashboard = ({ serviceName, metricsService, functionNames }) => {
  const metricWidget = (title, metrics, y) => ({
    type: 'metric',
    x: 0,
    y,
    width: 24,
    height: 6,
    properties: {
      title,
      region: '${AWS::Region}',
      stat: 'Sum',
      period: 300,
      view: 'timeSeries',
      metrics,
    },
  });
  const serviceMetric = (key) => [METRICS_NAMESPACE, metricName(key), 'service', metricsService];
  const body = {
    widgets: [
      metricWidget(
        'Notifications by outcome',
        ['applied', 'duplicate', 'stale', 'noChange'].map(serviceMetric),
        0,
      ),
      metricWidget(
        'Needs attention',
        [
          'amountMismatch',
          'doublePayment',
          'unmatched',
          'unknownStatus',
          'missingPayId',
          'itemTooLarge',
        ].map(serviceMetric),
        6,
      ),
      metricWidget(
        'Refused and failed requests',
        [
          'signatureRejected',
          'malformedRequest',
          'storageFailure',
          'worldlineApiFailure',
          'webhookIgnored',
        ].map(serviceMetric),
        12,
      ),
      metricWidget('HTTP API 5xx', [['AWS/ApiGateway', '5xx', 'ApiId', '${HttpApi}']], 18),
      metricWidget(
        'Lambda errors and throttles',
        functionNames.flatMap((name) => [
          ['AWS/Lambda', 'Errors', 'FunctionName', name],
          ['AWS/Lambda', 'Throttles', 'FunctionName', name],
        ]),
        24,
      ),
    ],
  };
  return {
    Type: 'AWS::CloudWatch::Dashboard',
    Properties: { DashboardName: serviceName, DashboardBody: sub(JSON.stringify(body)) },
  };
};

module.exports = async ({ resolveVariable }) => {
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  const ssmPath = await resolveVariable('param:ssmPath');
  const tableName = await resolveVariable('param:tableName');
  const serviceName = `${service}-${stage}`;
  // The `service` dimension Powertools gives every metric: alarms on another value never fire.
  const metricsService = await resolveVariable('self:provider.environment.POWERTOOLS_SERVICE_NAME');
  const topic = await resolveVariable('param:alarmTopicArn');
  if (stage === 'prod' && topic === '') {
    // Alarms nobody receives are no alarms: production must name its SNS topic.
    throw new Error('Stage prod needs --param "alarmTopicArn=arn:aws:sns:…" (docs/deploy.md)');
  }
  // The stage's accounts file, checked by the service's own code (infra/accounts.cjs).
  const accounts = await stageAccounts(resolveVariable);
  await requireHttps(resolveVariable, stage, accounts);
  // serverless.yml's `functions` is the one list; each table here keyed by function must cover
  // exactly it, so that no function deploys without its role, secrets and alarms.
  const functions = Object.keys(await resolveVariable('self:functions'));
  for (const [table, keys] of [
    ['DATA_ACCESS in infra/resources.cjs', Object.keys(DATA_ACCESS)],
    ['functions in lib/secrets/secret-parameters.json', Object.keys(secrets.functions)],
  ]) {
    const missing = functions.filter((fn) => !keys.includes(fn));
    const extra = keys.filter((fn) => !functions.includes(fn));
    if (missing.length > 0 || extra.length > 0) {
      throw new Error(
        `${table} must list exactly serverless.yml's functions (missing: ${missing.join(', ') || 'none'}; not a function: ${extra.join(', ') || 'none'})`,
      );
    }
  }
  const functionName = (fn) => `${serviceName}-${fn}`;

  const Resources = {
    TransactionsTable: {
      Type: 'AWS::DynamoDB::Table',
      // A payment record outlives any stack: never deleted by CloudFormation or by accident.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        TableName: tableName,
        ...tableSchema,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        DeletionProtectionEnabled: true,
      },
    },
    // The key the SSM SecureString parameters are encrypted with: our own, so each role can be
    // granted kms:Decrypt on exactly this key, and only through SSM.
    SecretsKey: {
      Type: 'AWS::KMS::Key',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        Description: `${serviceName}: SSM SecureString parameters`,
        EnableKeyRotation: true,
        KeyPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AccountAdministersTheKey',
              Effect: 'Allow',
              Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
              Action: 'kms:*',
              Resource: '*',
            },
          ],
        },
      },
    },
    SecretsKeyAlias: {
      Type: 'AWS::KMS::Alias',
      Properties: { AliasName: `alias/${serviceName}`, TargetKeyId: { Ref: 'SecretsKey' } },
    },
    Dashboard: dashboard({
      serviceName,
      metricsService,
      functionNames: functions.map(functionName),
    }),
  };

  for (const fn of functions) {
    Resources[`${logicalId(fn)}Role`] = role({
      fn,
      functionName: functionName(fn),
      parameters: parametersOf(fn, ssmPath, accounts),
    });
    Resources[`${logicalId(fn)}ErrorsAlarm`] = alarm({
      description: `${functionName(fn)} threw: see its log group for the error.`,
      namespace: 'AWS/Lambda',
      metric: 'Errors',
      dimensions: [{ Name: 'FunctionName', Value: functionName(fn) }],
      threshold: 1,
      topic,
    });
    Resources[`${logicalId(fn)}ThrottlesAlarm`] = alarm({
      description: `${functionName(fn)} was throttled: raise its concurrency or the account limit.`,
      namespace: 'AWS/Lambda',
      metric: 'Throttles',
      dimensions: [{ Name: 'FunctionName', Value: functionName(fn) }],
      threshold: 1,
      topic,
    });
  }
  for (const [id, key, threshold, description] of SERVICE_ALARMS) {
    Resources[id] = alarm({
      description,
      namespace: METRICS_NAMESPACE,
      metric: metricName(key),
      dimensions: [{ Name: 'service', Value: metricsService }],
      threshold,
      topic,
    });
  }
  Resources.PublishEventsDeadLetterQueue = {
    Type: 'AWS::SQS::Queue',
    Properties: {
      QueueName: `${serviceName}-publish-events-dlq`,
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1209600,
    },
  };
  // Lambda and the operator who redrives it reach the queue over TLS only (cdk-nag AwsSolutions-SQS4).
  Resources.PublishEventsDeadLetterQueuePolicy = {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: {
      Queues: [{ Ref: 'PublishEventsDeadLetterQueue' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'RefuseNonTlsRequests',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sqs:*',
            Resource: { 'Fn::GetAtt': ['PublishEventsDeadLetterQueue', 'Arn'] },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    },
  };
  Resources.PublishEventsDeadLetterAlarm = alarm({
    description:
      'State change events were not published after every retry or within 6 h: replay them from the stream within 18 h with npm run replay-events (docs/deploy.md section 8).',
    namespace: 'AWS/SQS',
    metric: 'ApproximateNumberOfMessagesVisible',
    dimensions: [
      { Name: 'QueueName', Value: { 'Fn::GetAtt': ['PublishEventsDeadLetterQueue', 'QueueName'] } },
    ],
    threshold: 1,
    statistic: 'Maximum',
    period: 60,
    topic,
  });
  // Publish failures are reported per record, not as Lambda errors: lag is the early signal.
  Resources.PublishEventsIteratorAgeAlarm = alarm({
    description:
      'State change events lag the table by more than 5 minutes: EventBridge is failing.',
    namespace: 'AWS/Lambda',
    metric: 'IteratorAge',
    dimensions: [{ Name: 'FunctionName', Value: functionName('publishEvents') }],
    threshold: 300000,
    statistic: 'Maximum',
    period: 60,
    topic,
  });
  Resources.HttpApi5xxAlarm = alarm({
    description: 'The HTTP API answered 5xx: Ogone will retry, but find out why.',
    namespace: 'AWS/ApiGateway',
    metric: '5xx',
    dimensions: [{ Name: 'ApiId', Value: { Ref: 'HttpApi' } }],
    threshold: 1,
    topic,
  });

  const functionDefinitions = await resolveVariable('self:functions');
  requireEnvironmentFits(await resolveVariable('self:provider.environment'), functionDefinitions);
  // Reserved concurrency, a throttle per route, the optional edge (infra/capacity.cjs).
  const limits = await capacity({ resolveVariable, serviceName, functions: functionDefinitions });

  return {
    Resources: { ...Resources, ...limits.Resources },
    Outputs: {
      TransactionsTableName: { Value: { Ref: 'TransactionsTable' } },
      SecretsKeyAlias: { Value: { Ref: 'SecretsKeyAlias' } },
      ...limits.Outputs,
    },
    extensions: {
      ...limits.extensions,
      HttpApiStage: {
        ...limits.extensions.HttpApiStage,
        Properties: {
          ...limits.extensions.HttpApiStage.Properties,
          // Routes without a setting of their own (none today; a new route until it gets one).
          DefaultRouteSettings: {
            ThrottlingRateLimit: await resolveVariable('param:throttleRate'),
            ThrottlingBurstLimit: await resolveVariable('param:throttleBurst'),
          },
        },
      },
    },
  };
};
