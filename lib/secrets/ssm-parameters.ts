import type { ConfigNeeds } from '../config.js';
import catalogue from './secret-parameters.json' with { type: 'json' };

/**
 * Where each secret lives in SSM Parameter Store, under one path per stage (`OGONE_SSM_PATH`,
 * e.g. `/ogone-feedback/prod`), and which function may read which. The JSON file is the one
 * definition: infra/resources.cjs grants each function's role exactly these parameters, and
 * docs/deploy.md lists them for the infra team.
 */
export type SecretVariable = keyof typeof catalogue.parameters;
export type FunctionKey = keyof typeof catalogue.functions;

export const SECRET_PARAMETERS: Readonly<
  Record<SecretVariable, { readonly name: string; readonly required: boolean }>
> = catalogue.parameters;

export const secretsOf = (fn: FunctionKey): readonly SecretVariable[] =>
  catalogue.functions[fn] as SecretVariable[];

/** The configuration checks that follow from the secrets a function is given. */
export const needsOf = (fn: FunctionKey): ConfigNeeds => ({
  shaOut: secretsOf(fn).includes('OGONE_SHA_OUT_PASSPHRASE'),
  shaIn: secretsOf(fn).includes('OGONE_SHA_IN_PASSPHRASE'),
  apiUser: secretsOf(fn).includes('OGONE_PASSWORD'),
  resultSigning: secretsOf(fn).includes('RESULT_SIGNING_SECRET'),
});

export const parameterName = (path: string, variable: SecretVariable): string =>
  `${path.replace(/\/+$/, '')}/${SECRET_PARAMETERS[variable].name}`;
