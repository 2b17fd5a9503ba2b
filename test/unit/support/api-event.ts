import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface EventOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly rawQueryString?: string;
}

/** An API Gateway HTTP API (payload 2.0) event for the feedback route. */
export const apiEvent = (options: EventOptions = {}): APIGatewayProxyEventV2 => {
  const method = options.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: `${method} /payment/ogone/return`,
    rawPath: '/payment/ogone/return',
    rawQueryString: options.rawQueryString ?? '',
    headers: options.headers ?? {},
    isBase64Encoded: options.isBase64Encoded ?? false,
    ...(options.body === undefined ? {} : { body: options.body }),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'example.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'example',
      http: {
        method,
        path: '/payment/ogone/return',
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.1',
        userAgent: 'test',
      },
      requestId: 'request-1',
      routeKey: `${method} /payment/ogone/return`,
      stage: '$default',
      time: '27/Nov/2026:08:00:00 +0000',
      timeEpoch: 1_795_766_400_000,
    },
  };
};
