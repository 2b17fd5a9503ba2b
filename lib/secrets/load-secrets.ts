import { GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { ConfigurationError } from '../config.js';
import { parameterName, SECRET_PARAMETERS, type SecretVariable } from './ssm-parameters.js';

/**
 * Reads the function's SecureString parameters in one GetParameters call, decrypted, once per cold
 * start. A required parameter that is missing or empty fails the start with the parameter's name;
 * no value is ever part of an error or a log line.
 */
export const loadSecrets = async (
  client: Pick<SSMClient, 'send'>,
  path: string,
  variables: readonly SecretVariable[],
): Promise<Record<string, string>> => {
  if (variables.length === 0) return {};
  const names = new Map(variables.map((variable) => [parameterName(path, variable), variable]));
  const output = await client.send(
    new GetParametersCommand({ Names: [...names.keys()], WithDecryption: true }),
  );
  const secrets: Record<string, string> = {};
  for (const parameter of output.Parameters ?? []) {
    const variable = parameter.Name === undefined ? undefined : names.get(parameter.Name);
    if (variable !== undefined && parameter.Value !== undefined && parameter.Value !== '') {
      secrets[variable] = parameter.Value;
    }
  }
  const problems = [...names.entries()]
    .filter(([, variable]) => SECRET_PARAMETERS[variable].required && !(variable in secrets))
    .map(([name]) => `SSM parameter ${name} is missing or empty`);
  if (problems.length > 0) throw new ConfigurationError(problems);
  return secrets;
};
