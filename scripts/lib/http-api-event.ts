import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * `queryStringParameters` as API Gateway derives it from the query: decoded, a repeated name's
 * values joined with commas, absent when the query is empty.
 */
const queryParametersOf = (
  rawQueryString: string | undefined,
): Pick<APIGatewayProxyEventV2, 'queryStringParameters'> => {
  if (rawQueryString === undefined || rawQueryString === '') return {};
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return { queryStringParameters: parameters };
};

/** An HTTP API (payload 2.0) event as API Gateway builds it: for the tests and the bench. */
export const httpApiEvent = (
  method: string,
  path: string,
  options: {
    rawQueryString?: string;
    body?: string;
    isBase64Encoded?: boolean;
    headers?: Record<string, string>;
    pathParameters?: Record<string, string>;
  } = {},
): APIGatewayProxyEventV2 => ({
  ...queryParametersOf(options.rawQueryString),
  version: '2.0',
  routeKey: `${method} ${path}`,
  rawPath: path,
  rawQueryString: options.rawQueryString ?? '',
  headers: options.headers ?? {},
  ...(options.pathParameters === undefined ? {} : { pathParameters: options.pathParameters }),
  ...(options.body === undefined ? {} : { body: options.body }),
  isBase64Encoded: options.isBase64Encoded ?? false,
  requestContext: {
    accountId: '123456789012',
    apiId: 'api',
    domainName: 'example.execute-api.eu-west-1.amazonaws.com',
    domainPrefix: 'example',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
    requestId: 'request',
    routeKey: `${method} ${path}`,
    stage: '$default',
    time: '27/Nov/2026:08:00:00 +0000',
    timeEpoch: 1795766400000,
  },
});
