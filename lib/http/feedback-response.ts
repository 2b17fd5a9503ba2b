import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const acceptsHtml = (event: APIGatewayProxyEventV2): boolean => {
  const accept = Object.entries(event.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'accept',
  );
  return accept?.[1]?.toLowerCase().includes('text/html') ?? false;
};

/**
 * The answer to a verified notification, whatever it did (design §1). A browser is sent on to
 * RESULT_URL, and only there: the reference and state are set as query parameters of that fixed
 * URL, never taken from the request as a destination. Ogone's server gets a plain `OK`, which it
 * shows as a line on its own result page.
 */
export const feedbackResponse = (
  event: APIGatewayProxyEventV2,
  resultUrl: URL,
  reference: string,
  state: string,
): APIGatewayProxyStructuredResultV2 => {
  if (!acceptsHtml(event)) {
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      body: 'OK',
    };
  }
  const location = new URL(resultUrl);
  location.searchParams.set('reference', reference);
  location.searchParams.set('state', state);
  return {
    statusCode: 303,
    headers: { location: location.toString(), 'cache-control': 'no-store' },
    body: '',
  };
};
