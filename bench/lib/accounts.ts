import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { StoreAccount } from '../../lib/dynamodb/item-key.js';
import { httpApiEvent } from '../../scripts/lib/http-api-event.js';
import { BENCH_PASSPHRASE } from './fixtures.js';

/**
 * Issue 10's question: does a deployment with three accounts cost the feedback function more,
 * cold or warm, than one? The same bundle, configured by an accounts document of three ogone
 * accounts (secrets inline, as locally: no SSM in the bench), each with its own passphrase and
 * algorithm; the calls go to the non-default account `be`, whose keys are prefixed.
 */
export const BENCH_ACCOUNT: StoreAccount = { id: 'be', provider: 'ogone' };

const account = (pspid: string, shaOut: string, hashAlgorithm: string, extra = {}) => ({
  provider: 'ogone',
  pspid,
  environment: 'test',
  hashAlgorithm,
  resultUrl: `https://shop.example/${pspid}/result`,
  ...extra,
  secrets: { 'sha-out-passphrase': shaOut, 'sha-in-passphrase': `${shaOut}-in` },
});

export const THREE_ACCOUNTS = JSON.stringify({
  default: 'main',
  accounts: {
    main: account('bench-main', 'bench-main-sha-out-passphrase-01', 'sha256'),
    be: account('bench-be', BENCH_PASSPHRASE, 'sha512', { previousHashAlgorithm: 'sha1' }),
    nl: account('bench-nl', 'bench-nl-sha-out-passphrase-0001', 'sha1'),
  },
});

/** Ogone's online POST to the account's own route, as the HTTP API delivers it. */
export const accountEvent = (form: string): APIGatewayProxyEventV2 =>
  httpApiEvent('POST', `/payment/ogone/${BENCH_ACCOUNT.id}/return`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Buffer.from(form).toString('base64'),
    isBase64Encoded: true,
    pathParameters: { account: BENCH_ACCOUNT.id },
  });
