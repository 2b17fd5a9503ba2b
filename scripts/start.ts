import { LocalAccountsError } from './lib/local-accounts/errors.js';
import { startLocalStack } from './lib/local-stack.js';
import { readyLines } from './lib/ready-lines.js';

/**
 * `npm start`: the whole service on this machine, until Ctrl-C. Prints one ready line with the
 * URLs (each account's, with ACCOUNTS_FILE); stops serverless-offline and DynamoDB Local (Java
 * included) on SIGINT or SIGTERM.
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
}).catch((error: unknown) => {
  // A bad ACCOUNTS_FILE is the user's to fix: its problems, not a stack trace.
  if (!(error instanceof LocalAccountsError)) throw error;
  console.error(error.message);
  return process.exit(2);
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
console.log(readyLines(stack, seconds).join('\n'));
