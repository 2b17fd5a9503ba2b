import { parseArgs } from 'node:util';
import { startFakeDirectLink } from './lib/fake-directlink.js';
import { LocalAccountsError } from './lib/local-accounts/errors.js';
import {
  findLocalAccount,
  type LocalAccounts,
  localAccounts,
} from './lib/local-accounts/local-accounts.js';
import { localDirectLinkPort } from './lib/local-config.js';
import { pay } from './lib/local-ogone/pay.js';

/**
 * A local Ogone, against `npm start` (same PORT, ACCOUNTS_FILE and configuration):
 *   npm run ogone -- pay <reference> [--account <id>] [--status 9] [--via browser|server|both]
 *                                    [--method GET|POST]
 *   npm run ogone -- directlink [--status 9]   serves a fake DirectLink status query
 *   npm run ogone -- reconcile                 runs the reconcile function once
 */
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
const { positionals, values } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        status: { type: 'string', default: '9' },
        via: { type: 'string', default: 'both' },
        method: { type: 'string', default: 'POST' },
        account: { type: 'string' },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
const port = Number(process.env.PORT ?? 3000);
const baseUrl = `http://127.0.0.1:${port}`;
const local = (): LocalAccounts => {
  try {
    return localAccounts(process.env, port);
  } catch (error) {
    if (error instanceof LocalAccountsError) return fail(error.message);
    throw error;
  }
};
const [command, reference] = positionals;

if (command === 'pay') {
  if (reference === undefined) fail('usage: npm run ogone -- pay <reference> [--account <id>]');
  if (!['browser', 'server', 'both'].includes(values.via)) fail('--via is browser, server or both');
  if (!['GET', 'POST'].includes(values.method)) fail('--method is GET or POST');
  const accounts = local();
  const account = (() => {
    try {
      const found = findLocalAccount(accounts, values.account).account;
      if (found.provider !== 'ogone') {
        return fail(`account ${found.id} is a worldline account: use npm run worldline -- pay`);
      }
      return found;
    } catch (error) {
      if (error instanceof LocalAccountsError) return fail(error.message);
      throw error;
    }
  })();
  const transaction = await pay({
    baseUrl,
    reference: reference as string,
    status: values.status,
    via: values.via as 'browser' | 'server' | 'both',
    method: values.method as 'GET' | 'POST',
    shaOutPassphrase: account.shaOutPassphrases[0] as string,
    shaInPassphrase: account.shaInPassphrase,
    algorithm: account.hashAlgorithm,
    // Without --account, the routes without an account, as before accounts.
    ...(values.account === undefined ? {} : { account: { id: account.id, pspId: account.pspId } }),
    print: console.log,
  }).catch((error: Error) => fail(error.message));
  console.log(JSON.stringify(transaction, null, 2));
} else if (command === 'directlink') {
  const accounts = local().accounts.flatMap(({ account }) =>
    account.provider === 'ogone' ? [account] : [],
  );
  const byPspId = new Map(accounts.map((account) => [account.pspId, account]));
  const fake = await startFakeDirectLink({
    port: localDirectLinkPort(process.env, port),
    // Each account's own API user: a query with another account's credentials is refused.
    credentials: accounts.flatMap(({ pspId, apiUser }) =>
      apiUser === undefined ? [] : [{ pspId, ...apiUser }],
    ),
    // Answers like Ogone for any order the local service knows in the querying PSPID's account:
    // its amount, the chosen status.
    answer: async (orderId, pspId) => {
      const id = byPspId.get(pspId)?.id ?? '';
      const found = await fetch(
        `${baseUrl}/payment/transactions/${id}/${encodeURIComponent(orderId)}`,
      );
      if (!found.ok) return { ogoneError: '50001130', ncErrorPlus: `unknown orderid ${orderId}` };
      const { amount, currency } = (await found.json()) as { amount: string; currency: string };
      console.log(`DirectLink query for ${orderId} (account ${id}): STATUS ${values.status}`);
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
