// Capacity the public routes can count on (docs/deploy.md section 9): the reserved concurrency
// of the functions that providers notify (Ogone's feedback, Worldline's webhooks), a throttle per
// route key so that a flood on a public route cannot use up the merchant routes' requests (nor
// theirs the public ones'), and the optional edge: CloudFront with an AWS WAF web ACL in front of
// the public routes (Ogone's /payment/ogone/return and /payment/ogone/{account}/return,
// Worldline's /payment/worldline/{account}/webhook and …/return).
// infra/resources.cjs merges what this returns.

/**
 * Ogone uses GET and POST, Worldline POST (webhooks) and shoppers GET (the return); the
 * catch-all route of each path only answers 405, so it gets a small bucket.
 */
const OTHER_METHODS_THROTTLE = { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 };

// AWS managed CloudFront cache policy "CachingDisabled": every request reaches the handler.
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

// The headers the public handlers read: the content type of a POST, Accept for a browser, and a
// webhook's signature and key id (without them every webhook through the edge would be 403).
// Host stays the API's own, which API Gateway routes by.
const FORWARDED_HEADERS = ['Accept', 'Content-Type', 'X-GCS-Signature', 'X-GCS-KeyId'];

/**
 * Functions that a provider's servers call and that get a reserved concurrency, each with its own
 * parameter: a reservation is per function, and each is sized from its own route's throttle
 * (docs/deploy.md section 9). Separate, so that during a migration the Ogone reservation can
 * shrink as the Worldline one grows, and each function's ceiling protects the other's.
 */
const RESERVED_CONCURRENCY = {
  FeedbackLambdaFunction: 'feedbackReservedConcurrency',
  WorldlineWebhookLambdaFunction: 'worldlineWebhookReservedConcurrency',
};

const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]+\/[\w-]+$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/;
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const fail = (message) => {
  throw new Error(`${message} (docs/deploy.md section 9)`);
};

const integer = (name, value, min, max) => {
  const text = String(value);
  const number = Number(text);
  if (!/^\d+$/.test(text) || number < min || number > max) {
    fail(`--param "${name}=${text}" must be a whole number from ${min} to ${max}`);
  }
  return number;
};

const flag = (name, value) => {
  const text = String(value);
  if (text !== 'true' && text !== 'false') fail(`--param "${name}=${text}" must be true or false`);
  return text === 'true';
};

/** `METHOD /path` of every HTTP API event, the way osls writes route keys, and its logical id. */
const httpRoutes = (functions) =>
  Object.values(functions).flatMap((definition) =>
    (definition.events ?? []).flatMap(({ httpApi }) => {
      if (httpApi === undefined) return [];
      const method = httpApi.method === '*' ? 'ANY' : httpApi.method.toUpperCase();
      const routeKey = `${method} ${httpApi.path}`;
      return [{ routeKey, method, path: httpApi.path, public: httpApi.authorizer === undefined }];
    }),
  );

// osls's naming (getHttpApiRouteLogicalId); the template test checks every id names a route.
const routeLogicalId = (routeKey) =>
  `HttpApiRoute${routeKey
    .split('/')
    .map((part) => {
      const text = part
        .toLowerCase()
        .replace(/-/g, 'Dash')
        .replace(/\{(.*)\}/g, '$1Var')
        .replace(/[^0-9A-Za-z]/g, '');
      return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
    })
    .join('')}`;

const routeSettings = async (resolveVariable, routes) => {
  const bucket = async (prefix) => ({
    ThrottlingRateLimit: integer(
      `${prefix}ThrottleRate`,
      await resolveVariable(`param:${prefix}ThrottleRate`),
      1,
      10000,
    ),
    ThrottlingBurstLimit: integer(
      `${prefix}ThrottleBurst`,
      await resolveVariable(`param:${prefix}ThrottleBurst`),
      1,
      5000,
    ),
  });
  const publicBucket = await bucket('public');
  const merchantBucket = await bucket('merchant');
  return Object.fromEntries(
    routes.map((route) => [
      route.routeKey,
      !route.public
        ? merchantBucket
        : route.method === 'ANY'
          ? OTHER_METHODS_THROTTLE
          : publicBucket,
    ]),
  );
};

const edgeResources = async ({ resolveVariable, serviceName }) => {
  const webAclArn = String(await resolveVariable('param:edgeWebAclArn'));
  const certificateArn = String(await resolveVariable('param:edgeCertificateArn'));
  const domainName = String(await resolveVariable('param:edgeDomainName'));
  const publicBaseUrl = String(await resolveVariable('param:publicBaseUrl'));
  // A web ACL or certificate that CloudFront uses lives in us-east-1, whatever the stack's
  // region: created separately (infra/edge-web-acl.yml) and named here.
  if (!WEB_ACL_ARN.test(webAclArn)) {
    fail(
      '--param "edge=true" needs --param "edgeWebAclArn=arn:aws:wafv2:us-east-1:…:global/webacl/…" (a CLOUDFRONT-scope web ACL, infra/edge-web-acl.yml)',
    );
  }
  if (!CERTIFICATE_ARN.test(certificateArn)) {
    fail(
      '--param "edge=true" needs --param "edgeCertificateArn=arn:aws:acm:us-east-1:…:certificate/…" (an ACM certificate in us-east-1 for edgeDomainName)',
    );
  }
  if (!DOMAIN_NAME.test(domainName)) {
    fail('--param "edge=true" needs --param "edgeDomainName=…", the domain Ogone will call');
  }
  // Ogone is sent back to PUBLIC_BASE_URL: without it, the result URLs would name the API's own
  // domain and go around the edge.
  if (publicBaseUrl !== `https://${domainName}`) {
    fail(`--param "edge=true" needs --param "publicBaseUrl=https://${domainName}"`);
  }
  return {
    EdgeOriginRequestPolicy: {
      Type: 'AWS::CloudFront::OriginRequestPolicy',
      Properties: {
        OriginRequestPolicyConfig: {
          Name: `${serviceName}-feedback`,
          Comment:
            'Public routes: the query string, Accept, Content-Type and the webhook signature headers as received',
          // Signature verification needs the query string byte for byte: all of it, unchanged
          // (the body is passed through as sent).
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: FORWARDED_HEADERS },
          CookiesConfig: { CookieBehavior: 'none' },
        },
      },
    },
    EdgeDistribution: {
      Type: 'AWS::CloudFront::Distribution',
      Properties: {
        DistributionConfig: {
          Enabled: true,
          // CloudFront takes at most 128 characters here: the paths are the web ACL's to list.
          Comment: `${serviceName}: the public routes behind AWS WAF`,
          Aliases: [domainName],
          HttpVersion: 'http2and3',
          WebACLId: webAclArn,
          ViewerCertificate: {
            AcmCertificateArn: certificateArn,
            SslSupportMethod: 'sni-only',
            MinimumProtocolVersion: 'TLSv1.2_2021',
          },
          Origins: [
            {
              Id: 'HttpApi',
              DomainName: {
                'Fn::Sub': '${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}',
              },
              CustomOriginConfig: {
                OriginProtocolPolicy: 'https-only',
                OriginSSLProtocols: ['TLSv1.2'],
              },
            },
          ],
          // One behaviour; the web ACL blocks every path but the public ones (infra/edge-web-acl.yml).
          DefaultCacheBehavior: {
            TargetOriginId: 'HttpApi',
            ViewerProtocolPolicy: 'https-only',
            AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
            CachedMethods: ['GET', 'HEAD'],
            CachePolicyId: CACHING_DISABLED,
            OriginRequestPolicyId: { Ref: 'EdgeOriginRequestPolicy' },
            Compress: false,
          },
        },
      },
    },
  };
};

/** Resources, stage and function extensions, and outputs for infra/resources.cjs to merge. */
const capacity = async ({ resolveVariable, serviceName, functions }) => {
  const routes = httpRoutes(functions);
  const edge = flag('edge', await resolveVariable('param:edge'));
  if (!routes.some((route) => route.public)) fail('Expected a public path, found none');
  const extensions = {
    HttpApiStage: {
      Properties: { RouteSettings: await routeSettings(resolveVariable, routes) },
      // A route setting names a route key that must exist before the stage is updated.
      DependsOn: routes.map((route) => routeLogicalId(route.routeKey)),
    },
  };
  for (const [functionId, param] of Object.entries(RESERVED_CONCURRENCY)) {
    const reserved = String(await resolveVariable(`param:${param}`));
    if (reserved === '') continue;
    // 0 would switch the function off; Lambda keeps 100 of the account limit unreserved.
    extensions[functionId] = {
      Properties: { ReservedConcurrentExecutions: integer(param, reserved, 1, 10000) },
    };
  }
  if (!edge) return { Resources: {}, Outputs: {}, extensions };
  return {
    Resources: await edgeResources({ resolveVariable, serviceName }),
    Outputs: {
      EdgeDistributionDomainName: {
        Description: 'Point edgeDomainName (CNAME or alias record) here',
        Value: { 'Fn::GetAtt': ['EdgeDistribution', 'DomainName'] },
      },
    },
    extensions,
  };
};

module.exports = { capacity, routeLogicalId };
