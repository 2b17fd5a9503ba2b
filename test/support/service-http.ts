/** The merchant routes over real HTTP, for tests that run the service (startLocalStack). */
export const TRANSACTIONS_PATH = '/payment/ogone/transactions';

export const registerOver = (baseUrl: string, body: unknown): Promise<Response> =>
  fetch(`${baseUrl}${TRANSACTIONS_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

export const readOver = (baseUrl: string, reference: string): Promise<Response> =>
  fetch(`${baseUrl}${TRANSACTIONS_PATH}/${encodeURIComponent(reference)}`);
