import { type GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultAccount, ofProvider } from '../../../lib/accounts/account.js';
import { ConfigurationError } from '../../../lib/config.js';
import { loadSecrets } from '../../../lib/secrets/load-secrets.js';
import {
  parameterName,
  SECRET_PARAMETERS,
  type SecretVariable,
} from '../../../lib/secrets/ssm-parameters.js';
import { getService, resetService } from '../../../lib/service.js';
import { StorageUnavailableError } from '../../../lib/transactions/errors.js';

/** SSM has no local emulator: its client is the one thing mocked here (project standards). */
const SHA_OUT = 'ssm-sha-out-value-5a1f0c';
const PREVIOUS = 'ssm-sha-out-previous-value-77e2';
const RESULT_SECRET = 'ssm-result-signing-secret-value-3c9d0e1f2a';

const fakeClient = (parameters: { Name: string; Value: string }[]) => {
  const send = vi.fn(async (_command: GetParametersCommand) => ({ Parameters: parameters }));
  return { send, client: { send } as unknown as Pick<SSMClient, 'send'> };
};

/** A single-account install's parameters, by variable, as parametersOf lists them. */
const loadFlat = (
  client: Pick<SSMClient, 'send'>,
  path: string,
  variables: readonly SecretVariable[],
) =>
  loadSecrets(
    client,
    variables.map((variable) => ({
      parameter: parameterName(path, variable),
      key: variable,
      required: SECRET_PARAMETERS[variable].required,
    })),
  );

describe('loadSecrets', () => {
  it('asks for exactly the function’s parameters, decrypted, in one call', async () => {
    const { send, client } = fakeClient([
      { Name: '/ogone-feedback/prod/sha-out-passphrase', Value: SHA_OUT },
      { Name: '/ogone-feedback/prod/sha-out-passphrase-previous', Value: PREVIOUS },
    ]);
    const secrets = await loadFlat(client, '/ogone-feedback/prod/', [
      'OGONE_SHA_OUT_PASSPHRASE',
      'OGONE_SHA_OUT_PASSPHRASE_PREVIOUS',
    ]);
    expect(secrets).toEqual({
      OGONE_SHA_OUT_PASSPHRASE: SHA_OUT,
      OGONE_SHA_OUT_PASSPHRASE_PREVIOUS: PREVIOUS,
    });
    expect(send).toHaveBeenCalledTimes(1);
    const input = send.mock.calls[0]?.[0].input;
    expect(input).toEqual({
      Names: [
        '/ogone-feedback/prod/sha-out-passphrase',
        '/ogone-feedback/prod/sha-out-passphrase-previous',
      ],
      WithDecryption: true,
    });
  });

  it('accepts a missing previous passphrase (no rotation under way)', async () => {
    const { client } = fakeClient([{ Name: '/p/sha-out-passphrase', Value: SHA_OUT }]);
    const secrets = await loadFlat(client, '/p', [
      'OGONE_SHA_OUT_PASSPHRASE',
      'OGONE_SHA_OUT_PASSPHRASE_PREVIOUS',
    ]);
    expect(secrets).toEqual({ OGONE_SHA_OUT_PASSPHRASE: SHA_OUT });
  });

  it.each([
    ['missing', []],
    ['empty', [{ Name: '/p/sha-in-passphrase', Value: '' }]],
  ])('fails with the parameter name when a required one is %s', async (_case, parameters) => {
    const { client } = fakeClient(parameters);
    const error = await loadFlat(client, '/p', ['OGONE_SHA_IN_PASSPHRASE']).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual([
      'SSM parameter /p/sha-in-passphrase is missing or empty',
    ]);
  });

  it('never puts a value into an error', async () => {
    const { client } = fakeClient([
      { Name: '/p/sha-out-passphrase', Value: SHA_OUT },
      { Name: '/p/sha-in-passphrase', Value: '' },
    ]);
    const error = (await loadFlat(client, '/p', [
      'OGONE_SHA_OUT_PASSPHRASE',
      'OGONE_SHA_IN_PASSPHRASE',
    ]).catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain(SHA_OUT);
  });

  it('makes no call for a function without secrets', async () => {
    const { send, client } = fakeClient([]);
    expect(await loadFlat(client, '/p', [])).toEqual({});
    expect(send).not.toHaveBeenCalled();
  });
});

describe('getService with OGONE_SSM_PATH', () => {
  const env = {
    OGONE_SSM_PATH: '/ogone-feedback/test',
    OGONE_PSPID: 'pspid',
    RESULT_URL: 'https://shop.example/result',
    TRANSACTIONS_TABLE: 'table',
    AWS_REGION: 'eu-west-1',
    // Present in the environment but ignored: in AWS, secrets come from SSM only.
    OGONE_SHA_OUT_PASSPHRASE: 'from-the-environment',
    RESULT_SIGNING_SECRET: 'result-secret-from-the-environment-ignored',
  };

  afterEach(() => {
    vi.restoreAllMocks();
    resetService();
  });

  it('reads the secrets once per cold start and verifies with the SSM values', async () => {
    const send = vi.spyOn(SSMClient.prototype, 'send').mockImplementation(async () => ({
      Parameters: [
        { Name: '/ogone-feedback/test/sha-out-passphrase', Value: SHA_OUT },
        { Name: '/ogone-feedback/test/sha-out-passphrase-previous', Value: PREVIOUS },
        { Name: '/ogone-feedback/test/result-signing-secret', Value: RESULT_SECRET },
      ],
    }));
    const first = await getService('feedback', env);
    const second = await getService('feedback', env);
    expect(second).toBe(first);
    expect(send).toHaveBeenCalledTimes(1);
    expect(ofProvider(defaultAccount(first.config.accounts), 'ogone').keys.passphrases).toEqual([
      SHA_OUT,
      PREVIOUS,
    ]);
    expect(first.config.resultSigning.secret).toBe(RESULT_SECRET);
    expect(send.mock.calls[0]?.[0].input).toMatchObject({
      Names: [
        '/ogone-feedback/test/sha-out-passphrase',
        '/ogone-feedback/test/sha-out-passphrase-previous',
        '/ogone-feedback/test/result-signing-secret',
      ],
    });
  });

  it('fails the cold start on a missing parameter, and tries again on the next call', async () => {
    const send = vi
      .spyOn(SSMClient.prototype, 'send')
      .mockImplementationOnce(async () => ({ Parameters: [] }))
      .mockImplementationOnce(async () => ({
        Parameters: [
          { Name: '/ogone-feedback/test/sha-out-passphrase', Value: SHA_OUT },
          { Name: '/ogone-feedback/test/result-signing-secret', Value: RESULT_SECRET },
        ],
      }));
    await expect(getService('feedback', env)).rejects.toBeInstanceOf(ConfigurationError);
    const service = await getService('feedback', env);
    expect(ofProvider(defaultAccount(service.config.accounts), 'ogone').keys.passphrases).toEqual([
      SHA_OUT,
    ]);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('never fills a parameter SSM lacks with the environment’s value', async () => {
    vi.spyOn(SSMClient.prototype, 'send').mockImplementation(async () => ({
      Parameters: [
        { Name: '/ogone-feedback/test/sha-out-passphrase', Value: SHA_OUT },
        { Name: '/ogone-feedback/test/result-signing-secret', Value: RESULT_SECRET },
      ],
    }));
    const service = await getService('feedback', {
      ...env,
      OGONE_SHA_OUT_PASSPHRASE_PREVIOUS: 'previous-from-the-environment',
    });
    expect(ofProvider(defaultAccount(service.config.accounts), 'ogone').keys.passphrases).toEqual([
      SHA_OUT,
    ]);
  });

  it('starts without the result-signing parameter: notifications never wait for it', async () => {
    vi.spyOn(SSMClient.prototype, 'send').mockImplementation(async () => ({
      Parameters: [{ Name: '/ogone-feedback/test/sha-out-passphrase', Value: SHA_OUT }],
    }));
    const service = await getService('feedback', env);
    expect(ofProvider(defaultAccount(service.config.accounts), 'ogone').keys.passphrases).toEqual([
      SHA_OUT,
    ]);
    // Never the environment's value, and never an empty key: a browser's redirect is refused.
    expect(service.config.resultSigning.secret).toBe('');
  });

  it('still fails the cold start on any other problem, listing the secret’s too', async () => {
    vi.spyOn(SSMClient.prototype, 'send').mockImplementation(async () => ({
      Parameters: [
        { Name: '/ogone-feedback/test/sha-out-passphrase', Value: SHA_OUT },
        { Name: '/ogone-feedback/test/result-signing-secret', Value: 'short' },
      ],
    }));
    const error = await getService('feedback', { ...env, RESULT_URL: 'http://shop.example/' })
      .then(() => undefined)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual([
      'RESULT_SIGNING_SECRET must be at least 32 characters',
      'RESULT_URL must be an absolute https URL (http only to loopback)',
    ]);
  });

  it('answers an unreachable SSM as a retryable storage failure', async () => {
    vi.spyOn(SSMClient.prototype, 'send').mockImplementation(async () => {
      throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    });
    await expect(getService('registerTransaction', env)).rejects.toBeInstanceOf(
      StorageUnavailableError,
    );
  });

  it('reads nothing for the read function, which holds no secret', async () => {
    const send = vi.spyOn(SSMClient.prototype, 'send');
    const service = await getService('getTransaction', env);
    expect(send).not.toHaveBeenCalled();
    expect(ofProvider(defaultAccount(service.config.accounts), 'ogone').keys.passphrases).toEqual(
      [],
    );
  });
});
