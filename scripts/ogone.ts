import { parseArgs } from 'node:util';
import { isHashAlgorithm } from '../lib/ogone/hash-algorithm.js';
import { localApiUser, startFakeDirectLink } from './lib/fake-directlink.js';
import { localDirectLinkPort, localEnvironment } from './lib/local-config.js';
import { pay } from './lib/local-ogone/pay.js';

/**
 * A local Ogone, against `npm start` (same PORT and configuration):
 *   npm run ogone -- pay <reference> [--status 9] [--via browser|server|both] [--method GET|POST]
 *   npm run ogone -- directlink [--status 9]   serves a fake DirectLink status query
 *   npm run ogone -- reconcile                 runs the reconcile function once
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    status: { type: 'string', default: '9' },
    via: { type: 'string', default: 'both' },
    method: { type: 'string', default: 'POST' },
  },
});
const port = Number(process.env.PORT ?? 3000);
const settings = localEnvironment(process.env, port);
const baseUrl = `http://127.0.0.1:${port}`;
const algorithm = settings.OGONE_HASH_ALGORITHM ?? 'sha512';
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if (!isHashAlgorithm(algorithm)) fail('OGONE_HASH_ALGORITHM must be sha1, sha256 or sha512');
const [command, reference] = positionals;

if (command === 'pay') {
  if (reference === undefined) fail('usage: npm run ogone -- pay <reference> [--status 9]');
  if (!['browser', 'server', 'both'].includes(values.via)) fail('--via is browser, server or both');
  if (!['GET', 'POST'].includes(values.method)) fail('--method is GET or POST');
  const transaction = await pay({
    baseUrl,
    reference: reference as string,
    status: values.status,
    via: values.via as 'browser' | 'server' | 'both',
    method: values.method as 'GET' | 'POST',
    shaOutPassphrase: settings.OGONE_SHA_OUT_PASSPHRASE as string,
    shaInPassphrase: settings.OGONE_SHA_IN_PASSPHRASE as string,
    algorithm: algorithm as 'sha512',
    print: console.log,
  }).catch((error: Error) => fail(error.message));
  console.log(JSON.stringify(transaction, null, 2));
} else if (command === 'directlink') {
  const fake = await startFakeDirectLink({
    port: localDirectLinkPort(process.env, port),
    credentials: localApiUser(settings),
    // Answers like Ogone for any order the local service knows: its amount, the chosen status.
    answer: async (orderId) => {
      const found = await fetch(
        `${baseUrl}/payment/ogone/transactions/${encodeURIComponent(orderId)}`,
      );
      if (!found.ok) return { ogoneError: '50001130', ncErrorPlus: `unknown orderid ${orderId}` };
      const { amount, currency } = (await found.json()) as { amount: string; currency: string };
      console.log(`DirectLink query for ${orderId}: STATUS ${values.status}`);
      return { status: values.status, amount, currency };
    },
  });
  console.log(`fake DirectLink on ${fake.url}, answering STATUS ${values.status}; Ctrl-C stops it`);
  process.on('SIGINT', () => void fake.stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => void fake.stop().then(() => process.exit(0)));
} else if (command === 'reconcile') {
  const lambdaPort = Number(process.env.LAMBDA_PORT ?? port + 2);
  const response = await fetch(
    `http://127.0.0.1:${lambdaPort}/2015-03-31/functions/ogone-feedback-local-reconcile/invocations`,
    { method: 'POST', body: '{}' },
  ).catch(() =>
    fail(`No serverless-offline Lambda API on port ${lambdaPort}: is npm start running?`),
  );
  console.log(JSON.stringify(await (response as Response).json(), null, 2));
} else {
  fail('usage: npm run ogone -- pay <reference> | directlink | reconcile   (see README)');
}
