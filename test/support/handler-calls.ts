import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { expect } from 'vitest';
import { handler as getTransaction } from '../../handlers/get-transaction.js';
import { handler as reconcileHandler } from '../../handlers/reconcile.js';
import { handler as register } from '../../handlers/register-transaction.js';
import { httpApiEvent, lambdaContext } from './api-events.js';

type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: ReturnType<typeof lambdaContext>,
) => unknown;

/** Calls a handler as the HTTP API does, with the structured answer it gives. */
export const callHandler = async (
  fn: HttpHandler,
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> =>
  (await fn(event, lambdaContext())) as APIGatewayProxyStructuredResultV2;

/** Registers 15.10 EUR for `reference` through the registration handler: 201 or the test fails. */
export const registerThroughHandler = async (reference: string): Promise<void> => {
  const response = await callHandler(
    register,
    httpApiEvent('POST', '/payment/ogone/transactions', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference, amount: '15.10', currency: 'EUR' }),
    }),
  );
  expect(response.statusCode).toBe(201);
};

/** The transaction JSON the read handler answers for `reference`. */
export const readThroughHandler = async (
  reference: string,
): Promise<{ state: string; notifications: unknown[] }> => {
  const response = await callHandler(
    getTransaction,
    httpApiEvent('GET', `/payment/ogone/transactions/${reference}`, {
      pathParameters: { reference },
    }),
  );
  return JSON.parse(response.body ?? '{}') as { state: string; notifications: unknown[] };
};

/** What the reconcile function answers: its run's totals over every account. */
export interface ReconcileTotals {
  readonly checked: number;
  readonly applied: number;
  readonly failed: number;
}

/** One scheduled run of the reconcile function, with 55 s of its minute left. */
export const runReconcile = async (): Promise<ReconcileTotals> =>
  (await reconcileHandler(undefined, {
    ...lambdaContext(),
    getRemainingTimeInMillis: () => 55_000,
  })) as ReconcileTotals;
