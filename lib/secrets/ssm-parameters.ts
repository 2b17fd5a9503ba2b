import { readAccountsDocument } from '../accounts/accounts-document.js';
import { accountSecretKey, type ConfigNeeds } from '../config.js';
import catalogue from './secret-parameters.json' with { type: 'json' };

/**
 * Where each secret lives in SSM Parameter Store, under one path per stage (`OGONE_SSM_PATH`,
 * e.g. `/ogone-feedback/prod`), and which function may read which. The JSON file is the one
 * definition: infra/resources.cjs grants each function's role exactly these parameters, and
 * docs/deploy.md lists them for the infra team. A secret of `account` scope exists once per
 * account (`<path>/accounts/<id>/<name>`) when an accounts document is deployed, else once at
 * `<path>/<name>` for the single `default` account; `deployment` scope is always `<path>/<name>`.
 */
export type SecretVariable = keyof typeof catalogue.parameters;
export type FunctionKey = keyof typeof catalogue.functions;

export const SECRET_PARAMETERS: Readonly<
  Record<
    SecretVariable,
    {
      readonly name: string;
      readonly required: boolean;
      readonly scope: string;
      /** The provider whose accounts have it; `any` for a deployment-scope secret. */
      readonly provider: string;
    }
  >
> = catalogue.parameters;

export const secretsOf = (fn: FunctionKey): readonly SecretVariable[] =>
  catalogue.functions[fn] as SecretVariable[];

/** The configuration checks that follow from the secrets a function is given. */
export const needsOf = (fn: FunctionKey): ConfigNeeds => ({
  shaOut: secretsOf(fn).includes('OGONE_SHA_OUT_PASSPHRASE'),
  shaIn: secretsOf(fn).includes('OGONE_SHA_IN_PASSPHRASE'),
  apiUser: secretsOf(fn).includes('OGONE_PASSWORD'),
  resultSigning: secretsOf(fn).includes('RESULT_SIGNING_SECRET'),
  apiSecret: secretsOf(fn).includes('WORLDLINE_API_SECRET'),
  webhookKeys: secretsOf(fn).includes('WORLDLINE_WEBHOOK_KEYS'),
});

const joined = (path: string, name: string): string => `${path.replace(/\/+$/, '')}/${name}`;

export const parameterName = (path: string, variable: SecretVariable): string =>
  joined(path, SECRET_PARAMETERS[variable].name);

/** One SSM parameter a function reads, and the configuration key its value becomes. */
export interface WantedParameter {
  readonly parameter: string;
  readonly key: string;
  readonly required: boolean;
}

/**
 * Exactly the parameters `fn` reads. With an accounts document, each account's own, of its
 * provider's secrets only: the API password only of accounts that name an API user (the others
 * are not reconciled). Without one, the single ogone account's.
 */
export const parametersOf = (
  fn: FunctionKey,
  path: string,
  accountsDocument: string | undefined,
): WantedParameter[] => {
  const accounts = accountsDocument === undefined ? undefined : documentAccounts(accountsDocument);
  return secretsOf(fn).flatMap((variable): WantedParameter[] => {
    const { name, required, scope, provider } = SECRET_PARAMETERS[variable];
    if (scope !== 'account') return [{ parameter: joined(path, name), key: variable, required }];
    if (accounts === undefined) {
      return provider === 'ogone'
        ? [{ parameter: joined(path, name), key: variable, required }]
        : [];
    }
    return accounts
      .filter((account) => account.provider === provider)
      .filter((account) => variable !== 'OGONE_PASSWORD' || account.settings.apiUserId)
      .map((account) => ({
        parameter: joined(path, `accounts/${account.id}/${name}`),
        key: accountSecretKey(account.id, name),
        required,
      }));
  });
};

/** The document's accounts; its problems are parseConfig's to report, with the rest. */
const documentAccounts = (text: string) => {
  try {
    return readAccountsDocument(JSON.parse(text), { secretsAllowed: true }, []).accounts;
  } catch {
    return [];
  }
};
