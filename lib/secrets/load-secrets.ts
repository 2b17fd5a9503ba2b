import { GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { ConfigurationError } from '../config.js';
import type { WantedParameter } from './ssm-parameters.js';

/** GetParameters takes at most ten names a call. */
const NAMES_PER_CALL = 10;

/**
 * Reads the function's SecureString parameters, decrypted, once per cold start: one GetParameters
 * call per ten names, all at once. A required parameter that is missing or empty fails the start
 * with the parameter's name; no value is ever part of an error or a log line.
 */
export const loadSecrets = async (
  client: Pick<SSMClient, 'send'>,
  wanted: readonly WantedParameter[],
): Promise<Record<string, string>> => {
  if (wanted.length === 0) return {};
  const byName = new Map(wanted.map((entry) => [entry.parameter, entry]));
  const names = [...byName.keys()];
  const calls = [];
  for (let at = 0; at < names.length; at += NAMES_PER_CALL) {
    const chunk = names.slice(at, at + NAMES_PER_CALL);
    calls.push(client.send(new GetParametersCommand({ Names: chunk, WithDecryption: true })));
  }
  const secrets: Record<string, string> = {};
  for (const output of await Promise.all(calls)) {
    for (const parameter of output.Parameters ?? []) {
      const entry = parameter.Name === undefined ? undefined : byName.get(parameter.Name);
      if (entry !== undefined && parameter.Value !== undefined && parameter.Value !== '') {
        secrets[entry.key] = parameter.Value;
      }
    }
  }
  const problems = wanted
    .filter((entry) => entry.required && !(entry.key in secrets))
    .map((entry) => `SSM parameter ${entry.parameter} is missing or empty`);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return secrets;
};
