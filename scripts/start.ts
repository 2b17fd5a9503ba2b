import { LOCAL_RESULT_SIGNING_SECRET } from './lib/local-config.js';
import { startLocalStack } from './lib/local-stack.js';

/**
 * `npm start`: the whole service on this machine, until Ctrl-C. Prints one ready line with the
 * URLs; stops serverless-offline and DynamoDB Local (Java included) on SIGINT or SIGTERM.
 */
const port = Number(process.env.PORT ?? 3000);
const dynamoDbPort =
  process.env.DYNAMODB_PORT === undefined ? undefined : Number(process.env.DYNAMODB_PORT);
const startedAt = Date.now();

const stack = await startLocalStack({
  port,
  // Fixed, so that `npm run ogone -- reconcile` can invoke the reconcile function.
  lambdaPort: Number(process.env.LAMBDA_PORT ?? port + 2),
  ...(dynamoDbPort === undefined ? {} : { dynamoDbPort }),
  echo: process.env.QUIET !== '1',
});

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping serverless-offline and DynamoDB Local`);
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
const local = stack.settings.OGONE_SHA_OUT_PASSPHRASE === 'local-sha-out-passphrase';
console.log(
  [
    '',
    `ogone-feedback ready in ${seconds} s`,
    `  feedback:     GET|POST ${stack.baseUrl}/payment/ogone/return`,
    `  register:     POST     ${stack.baseUrl}/payment/ogone/transactions`,
    `  read:         GET      ${stack.baseUrl}/payment/ogone/transactions/{reference}`,
    `  invoke:       http://127.0.0.1:${stack.lambdaPort} (serverless-offline Lambda API: reconcile)`,
    `  DirectLink:   ${stack.settings.OGONE_DIRECTLINK_URL} (npm run ogone -- directlink)`,
    `  DynamoDB:     ${stack.dynamoDb.endpoint} (table ${stack.settings.TRANSACTIONS_TABLE})`,
    `  hash:         ${stack.settings.OGONE_HASH_ALGORITHM}`,
    // The fixed local passphrase is printed so curl examples can sign; a real one never is.
    local
      ? `  SHA-OUT:      ${stack.settings.OGONE_SHA_OUT_PASSPHRASE} (local default)`
      : '  SHA-OUT:      from OGONE_SHA_OUT_PASSPHRASE (not shown)',
    // Printed for the same reason: a local result page verifies redirects with it.
    stack.settings.RESULT_SIGNING_SECRET === LOCAL_RESULT_SIGNING_SECRET
      ? `  result key:   ${LOCAL_RESULT_SIGNING_SECRET} (local default)`
      : '  result key:   from RESULT_SIGNING_SECRET (not shown)',
    'Ctrl-C stops everything.',
  ].join('\n'),
);
