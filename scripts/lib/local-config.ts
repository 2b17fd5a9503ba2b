/**
 * The local defaults (README, Configuration), applied only by `npm start` and end-to-end tests: the
 * service itself has no default for a secret, so a deployed function can never fall back to one.
 */
export const LOCAL_SHA_OUT_PASSPHRASE = 'local-sha-out-passphrase';
export const LOCAL_SHA_IN_PASSPHRASE = 'local-sha-in-passphrase';
export const LOCAL_API_USER = 'local-api-user';
export const LOCAL_API_PASSWORD = 'local-api-password';
/** Signs the result redirect locally; a shop's result page under test verifies with it. */
export const LOCAL_RESULT_SIGNING_SECRET = 'local-result-signing-secret-not-for-production';

/** A worldline account's local secrets, where the accounts file gives none. */
export const LOCAL_WORLDLINE_API_SECRET = 'local-worldline-api-secret';
/** The key id `npm run worldline` signs its webhooks with, and its secret. */
export const LOCAL_WEBHOOK_KEY_ID = 'local-webhook-key';
export const LOCAL_WEBHOOK_SECRET = 'local-worldline-webhook-secret';

/** Where the local fake DirectLink listens: DIRECTLINK_PORT, else PORT + 10. */
export const localDirectLinkPort = (env: NodeJS.ProcessEnv, port: number): number =>
  Number(env.DIRECTLINK_PORT ?? port + 10);

/**
 * Where npm start serves the local fake of Worldline Direct's Payments API: WORLDLINE_PORT, else
 * PORT + 11. `npm run worldline` computes the same URL from the same variables.
 */
export const localWorldlineUrl = (env: NodeJS.ProcessEnv, port: number): string =>
  `http://127.0.0.1:${Number(env.WORLDLINE_PORT || port + 11)}`;

export const localEnvironment = (env: NodeJS.ProcessEnv, port: number): Record<string, string> => {
  const base = `http://127.0.0.1:${port}`;
  const pick = (name: string, fallback: string): string => {
    const value = env[name];
    return value === undefined || value === '' ? fallback : value;
  };
  const settings: Record<string, string> = {
    OGONE_PSPID: pick('OGONE_PSPID', 'local-pspid'),
    OGONE_HASH_ALGORITHM: pick('OGONE_HASH_ALGORITHM', 'sha512'),
    OGONE_SHA_OUT_PASSPHRASE: pick('OGONE_SHA_OUT_PASSPHRASE', LOCAL_SHA_OUT_PASSPHRASE),
    OGONE_SHA_IN_PASSPHRASE: pick('OGONE_SHA_IN_PASSPHRASE', LOCAL_SHA_IN_PASSPHRASE),
    RESULT_SIGNING_SECRET: pick('RESULT_SIGNING_SECRET', LOCAL_RESULT_SIGNING_SECRET),
    OGONE_ENVIRONMENT: pick('OGONE_ENVIRONMENT', 'test'),
    RESULT_URL: pick('RESULT_URL', `${base}/payment/ogone/transactions`),
    TRANSACTIONS_TABLE: pick('TRANSACTIONS_TABLE', 'ogone-feedback-local-transactions'),
    PUBLIC_BASE_URL: pick('PUBLIC_BASE_URL', base),
    // The API user of the fake DirectLink that `npm run ogone -- directlink` serves.
    OGONE_USERID: pick('OGONE_USERID', LOCAL_API_USER),
    OGONE_PASSWORD: pick('OGONE_PASSWORD', LOCAL_API_PASSWORD),
    OGONE_DIRECTLINK_URL: pick(
      'OGONE_DIRECTLINK_URL',
      `http://127.0.0.1:${localDirectLinkPort(env, port)}/ncol/test/querydirect_utf8.asp`,
    ),
    RECONCILE_MIN_AGE_MINUTES: pick('RECONCILE_MIN_AGE_MINUTES', '0'),
  };
  for (const optional of ['OGONE_SHA_OUT_PASSPHRASE_PREVIOUS']) {
    const value = env[optional];
    if (value !== undefined && value !== '') settings[optional] = value;
  }
  return settings;
};
