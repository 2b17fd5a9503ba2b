import { feedbackPathOf } from '../../lib/http/payment-request-settings.js';
import type { LocalAccount, SecretOrigin } from './local-accounts/local-accounts.js';
import { LOCAL_RESULT_SIGNING_SECRET, LOCAL_SHA_OUT_PASSPHRASE } from './local-config.js';
import type { LocalStack } from './local-stack.js';

export type ReadyStack = Pick<LocalStack, 'baseUrl' | 'lambdaPort' | 'settings' | 'accounts'> & {
  readonly dynamoDb: Pick<LocalStack['dynamoDb'], 'endpoint'>;
  /** The fake Payments API, when a worldline account calls it. */
  readonly worldline?: { readonly url: string } | undefined;
};

/**
 * A local secret is printed so that curl examples can sign: a local default, or one from the
 * accounts file, which is local by nature (a deployed stage's file never carries secrets).
 */
const secretLine = (
  label: string,
  value: string | undefined,
  origin: SecretOrigin | undefined,
): string[] => {
  if (value === undefined) return [];
  switch (origin) {
    case 'local default':
      return [`    ${label}${value} (local default)`];
    case 'accounts file':
      return [`    ${label}${value} (from the accounts file: a local-only secret)`];
    case undefined:
      return [`    ${label}not shown`];
  }
};

const accountLines = (
  local: LocalAccount,
  base: string,
  defaultId: string,
  fakeUrl: string | undefined,
): string[] => {
  const { account } = local;
  if (account.provider === 'worldline') return worldlineLines(local, base, fakeUrl);
  const feedback = feedbackPathOf(account.id, defaultId);
  const hash =
    account.previousHashAlgorithm === undefined
      ? account.hashAlgorithm
      : `${account.hashAlgorithm} (${account.previousHashAlgorithm} also accepted for SHA-OUT)`;
  return [
    `  account ${account.id}${local.isDefault ? ' (default)' : ''}: ogone, PSPID ${account.pspId}, ${hash}`,
    `    feedback:   GET|POST ${base}${feedback}${
      local.isDefault && feedback !== '/payment/ogone/return' ? ' (and /payment/ogone/return)' : ''
    }`,
    `    register:   POST     ${base}/payment/transactions with "account": "${account.id}"${
      local.isDefault ? ' (or none)' : ''
    }`,
    `    read:       GET      ${base}/payment/transactions/${account.id}/{reference}`,
    ...secretLine(
      'SHA-OUT:    ',
      account.shaOutPassphrases[0],
      local.origins['sha-out-passphrase'],
    ),
    ...secretLine(
      'previous:   ',
      account.shaOutPassphrases[1],
      local.origins['sha-out-passphrase-previous'],
    ),
    account.apiUser === undefined
      ? '    DirectLink: no API user (not reconciled)'
      : `    DirectLink: user ${account.apiUser.userId} at ${account.directLinkQueryUrl}`,
  ];
};

/**
 * A worldline account's routes, where its Payments API is, and its local secrets: the api-secret
 * (a curl to the fake signs with it) and each webhook key (a hand-made webhook signs with it).
 */
const worldlineLines = (
  local: LocalAccount,
  base: string,
  fakeUrl: string | undefined,
): string[] => {
  const { account } = local;
  if (account.provider !== 'worldline') return [];
  const fake = account.apiEndpoint === fakeUrl ? ' (the local fake: npm run worldline -- pay)' : '';
  return [
    `  account ${account.id}${local.isDefault ? ' (default)' : ''}: worldline, merchantId ${account.merchantId}`,
    `    webhook:    POST     ${base}/payment/worldline/${account.id}/webhook`,
    `    return:     GET      ${base}/payment/worldline/${account.id}/return`,
    `    register:   POST     ${base}/payment/transactions with "account": "${account.id}"${
      local.isDefault ? ' (or none)' : ''
    }`,
    `    read:       GET      ${base}/payment/transactions/${account.id}/{reference}`,
    `    API:        ${account.apiEndpoint}${fake}, key ${account.apiKeyId}`,
    ...secretLine('api-secret: ', account.apiSecret, local.origins['api-secret']),
    ...Object.entries(account.webhookKeys).flatMap(([keyId, secret]) =>
      secretLine(`webhook key ${keyId}: `, secret, local.origins['webhook-keys']),
    ),
  ];
};

/** What `npm start` prints once ready. Without ACCOUNTS_FILE, the lines it always printed. */
export const readyLines = (stack: ReadyStack, seconds: string): string[] => {
  const { baseUrl, settings, accounts } = stack;
  const shared = [
    `  invoke:       http://127.0.0.1:${stack.lambdaPort} (serverless-offline Lambda API: reconcile)`,
    `  DirectLink:   ${settings.OGONE_DIRECTLINK_URL} (npm run ogone -- directlink)`,
    `  DynamoDB:     ${stack.dynamoDb.endpoint} (table ${settings.TRANSACTIONS_TABLE})`,
  ];
  // Printed for the same reason: a local result page verifies redirects with it.
  const resultKey =
    settings.RESULT_SIGNING_SECRET === LOCAL_RESULT_SIGNING_SECRET
      ? `  result key:   ${LOCAL_RESULT_SIGNING_SECRET} (local default)`
      : '  result key:   from RESULT_SIGNING_SECRET (not shown)';
  if (accounts === undefined) return singleAccount(stack, seconds, shared, resultKey);
  return [
    '',
    `ogone-feedback ready in ${seconds} s`,
    `  accounts:     ${accounts.accounts.length} from ACCOUNTS_FILE ${accounts.file} (default ${accounts.defaultId})`,
    ...accounts.accounts.flatMap((local) =>
      accountLines(local, baseUrl, accounts.defaultId, stack.worldline?.url),
    ),
    ...shared,
    ...(stack.worldline === undefined
      ? []
      : [
          `  Worldline:    ${stack.worldline.url} (local fake Payments API and hosted checkout page)`,
        ]),
    resultKey,
    'Ctrl-C stops everything.',
  ];
};

const singleAccount = (
  { baseUrl, settings }: ReadyStack,
  seconds: string,
  shared: readonly string[],
  resultKey: string,
): string[] => [
  '',
  `ogone-feedback ready in ${seconds} s`,
  `  feedback:     GET|POST ${baseUrl}/payment/ogone/return`,
  `  register:     POST     ${baseUrl}/payment/ogone/transactions`,
  `  read:         GET      ${baseUrl}/payment/ogone/transactions/{reference}`,
  ...shared,
  `  hash:         ${settings.OGONE_HASH_ALGORITHM}`,
  // The fixed local passphrase is printed so curl examples can sign; a real one never is.
  settings.OGONE_SHA_OUT_PASSPHRASE === LOCAL_SHA_OUT_PASSPHRASE
    ? `  SHA-OUT:      ${settings.OGONE_SHA_OUT_PASSPHRASE} (local default)`
    : '  SHA-OUT:      from OGONE_SHA_OUT_PASSPHRASE (not shown)',
  resultKey,
  'Ctrl-C stops everything.',
];
