import { ofProvider } from '../lib/accounts/account.js';
import { LocalAccountsError } from './lib/local-accounts/errors.js';
import { findLocalAccount, localAccounts } from './lib/local-accounts/local-accounts.js';
import { parsePayArguments } from './lib/local-worldline/arguments.js';
import { LocalWorldlineError } from './lib/local-worldline/errors.js';
import { payWorldline } from './lib/local-worldline/pay.js';

/**
 * A local Worldline Direct, against `npm start` (same PORT, ACCOUNTS_FILE and WORLDLINE_PORT):
 *   npm run worldline -- pay <reference> [--account <id>] [--status 9] [--via both|webhook|browser]
 * pays the transaction's hosted checkout in npm start's fake Payments API, sends the signed
 * webhook and the shopper's browser return, and prints the transaction.
 */
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};

try {
  const args = parsePayArguments(process.argv.slice(2));
  const port = Number(process.env.PORT ?? 3000);
  const found = findLocalAccount(localAccounts(process.env, port), args.account).account;
  if (found.provider !== 'worldline') {
    fail(`account ${found.id} is an ogone account: use npm run ogone -- pay`);
  }
  const transaction = await payWorldline({
    baseUrl: `http://127.0.0.1:${port}`,
    account: ofProvider(found, 'worldline'),
    reference: args.reference,
    statusCode: args.statusCode,
    via: args.via,
    print: console.log,
  });
  console.log(JSON.stringify(transaction, null, 2));
} catch (error) {
  if (error instanceof LocalAccountsError || error instanceof LocalWorldlineError) {
    fail(error.message);
  }
  throw error;
}
