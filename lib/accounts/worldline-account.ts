import { worldlineApiEndpoint } from '../worldline/endpoints.js';
import { OGONE_ENVIRONMENTS, type OgoneEnvironment, type WorldlineAccount } from './account.js';
import { checkedUrl } from './web-url.js';

/** The settings of a worldline account, by their names in the accounts document. */
export const WORLDLINE_SETTINGS = [
  'provider',
  'merchantId',
  'environment',
  'apiKeyId',
  'resultUrl',
  'apiEndpoint',
] as const;
export type WorldlineSetting = (typeof WORLDLINE_SETTINGS)[number];

/** Its secrets, by their SSM names (docs/deploy.md). */
export const WORLDLINE_SECRETS = ['api-secret', 'webhook-keys'] as const;
export type WorldlineSecret = (typeof WORLDLINE_SECRETS)[number];

/** Which secrets the function reading this account needs (least privilege). */
export interface WorldlineNeeds {
  readonly apiSecret?: boolean;
  readonly webhookKeys?: boolean;
}

export interface WorldlineSource {
  readonly id: string;
  setting(name: WorldlineSetting): string | undefined;
  secret(name: WorldlineSecret): string | undefined;
  label(name: WorldlineSetting | WorldlineSecret): string;
}

/** Worldline's key ids are short printable tokens; the header carries one as it is. */
const KEY_ID = /^[\x21-\x2b\x2d-\x7e]{1,128}$/;
/** Worldline's own secrets are 44 base64 characters; a much shorter one is a mistake. */
const SHORT_SECRET = 16;

/**
 * The `webhook-keys` secret: a JSON object of key id → secret, several while keys rotate. Key
 * ids never hold a comma, which is how a repeated header arrives (webhook-signature.ts).
 */
const webhookKeysOf = (
  label: string,
  text: string | undefined,
  problems: string[],
  warnings: string[],
): Record<string, string> => {
  if (text === undefined) {
    problems.push(`${label} is required`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    problems.push(`${label} must be a JSON object of key id to secret`);
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`${label} must be a JSON object of key id to secret`);
    return {};
  }
  const keys: Record<string, string> = {};
  const before = problems.length;
  for (const [keyId, secret] of Object.entries(parsed)) {
    if (!KEY_ID.test(keyId)) {
      problems.push(`${label}: a key id must be 1 to 128 printable characters, no comma`);
    } else if (typeof secret !== 'string' || secret === '') {
      problems.push(`${label}: the secret of a key id must be a non-empty string`);
    } else {
      if (secret.length < SHORT_SECRET) {
        warnings.push(`${label}: a secret is shorter than ${SHORT_SECRET} characters`);
      }
      keys[keyId] = secret;
    }
  }
  if (Object.keys(keys).length === 0 && problems.length === before) {
    problems.push(`${label} must name at least one key`);
  }
  return keys;
};

/**
 * Builds and checks one worldline account (docs/accounts.md), adding every problem it finds.
 * Values never appear in a problem, only their names.
 */
export const worldlineAccount = (
  source: WorldlineSource,
  needs: WorldlineNeeds,
  problems: string[],
  warnings: string[],
): WorldlineAccount => {
  const { label } = source;
  const required = (name: WorldlineSetting): string => {
    const value = source.setting(name);
    if (value === undefined) problems.push(`${label(name)} is required`);
    return value ?? '';
  };
  const merchantId = required('merchantId');
  const apiKeyId = required('apiKeyId');
  const environment = source.setting('environment') ?? 'test';
  if (!(OGONE_ENVIRONMENTS as readonly string[]).includes(environment)) {
    problems.push(`${label('environment')} must be one of ${OGONE_ENVIRONMENTS.join(', ')}`);
  }
  const resultUrl = checkedUrl(label('resultUrl'), required('resultUrl'), problems);
  // The same rule as DirectLink's URL: https, or http to this machine only (a local fake).
  const override = checkedUrl(label('apiEndpoint'), source.setting('apiEndpoint'), problems);
  let apiSecret = '';
  if (needs.apiSecret === true) {
    apiSecret = source.secret('api-secret') ?? '';
    if (apiSecret === '') problems.push(`${label('api-secret')} is required`);
  }
  const webhookKeys =
    needs.webhookKeys === true
      ? webhookKeysOf(label('webhook-keys'), source.secret('webhook-keys'), problems, warnings)
      : {};
  const env: OgoneEnvironment = environment === 'prod' ? 'prod' : 'test';
  return {
    id: source.id,
    provider: 'worldline',
    merchantId,
    environment: env,
    apiKeyId,
    apiSecret,
    // The parsed form, without a trailing slash: paths are appended to it.
    apiEndpoint: worldlineApiEndpoint(env, override?.href).replace(/\/+$/, ''),
    webhookKeys,
    // A placeholder only when a problem is already listed: parseConfig then throws.
    resultUrl: resultUrl ?? new URL('https://invalid.invalid/'),
  };
};
