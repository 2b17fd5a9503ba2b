/**
 * The local defaults of design §1, applied only by `npm start` and the end-to-end tests: the
 * service itself has no default for a secret, so a deployed function can never fall back to one.
 */
export const LOCAL_SHA_OUT_PASSPHRASE = 'local-sha-out-passphrase';
export const LOCAL_SHA_IN_PASSPHRASE = 'local-sha-in-passphrase';

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
    OGONE_ENVIRONMENT: pick('OGONE_ENVIRONMENT', 'test'),
    RESULT_URL: pick('RESULT_URL', `${base}/payment/ogone/transactions`),
    TRANSACTIONS_TABLE: pick('TRANSACTIONS_TABLE', 'ogone-feedback-local-transactions'),
    PUBLIC_BASE_URL: pick('PUBLIC_BASE_URL', base),
  };
  for (const optional of ['OGONE_SHA_OUT_PASSPHRASE_PREVIOUS', 'OGONE_USERID', 'OGONE_PASSWORD']) {
    const value = env[optional];
    if (value !== undefined && value !== '') settings[optional] = value;
  }
  return settings;
};
