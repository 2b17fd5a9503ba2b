// The same call as `sdk-entry.ts` by hand over node:http(s) (the module the SDK itself sends
// with), so that the comparison with the SDK is not one of fetch's (undici's) first-use cost.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { gcsAuthorization } from '../../../lib/worldline/gcs-signature.js';
import { BENCH_CHECKOUT, benchSettings } from './settings.js';

export const handler = async () => {
  const settings = benchSettings();
  const url = new URL(
    `/v2/${encodeURIComponent(settings.merchantId)}/hostedcheckouts`,
    settings.endpoint,
  );
  const date = new Date().toUTCString();
  const contentType = 'application/json';
  const authorization = gcsAuthorization(settings.apiKeyId, settings.apiSecret, {
    method: 'POST',
    contentType,
    date,
    headers: [],
    path: url.pathname,
  });
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const { status, body } = await new Promise<{ status: number; body: string }>(
    (resolve, reject) => {
      const outgoing = send(
        url,
        {
          method: 'POST',
          headers: { 'content-type': contentType, date, authorization },
          signal: AbortSignal.timeout(5000),
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(JSON.stringify(BENCH_CHECKOUT));
    },
  );
  return { statusCode: status === 201 ? 200 : status, body };
};
