import type { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it, vi } from 'vitest';
import { loadSecrets } from '../../../lib/secrets/load-secrets.js';
import { parametersOf } from '../../../lib/secrets/ssm-parameters.js';

/** SSM has no local emulator: its client is the one thing mocked here (project standards). */
const PATH = '/ogone-feedback/prod';

const documentOf = (ids: readonly string[], withApiUser: readonly string[] = []) =>
  JSON.stringify({
    default: ids[0],
    accounts: Object.fromEntries(
      ids.map((id) => [
        id,
        {
          provider: 'ogone',
          pspid: `PSPID-${id}`,
          resultUrl: 'https://shop.example/result',
          ...(withApiUser.includes(id) ? { apiUserId: `api-${id}` } : {}),
        },
      ]),
    ),
  });

describe('parametersOf with an accounts document', () => {
  const document = documentOf(['main', 'be'], ['main']);

  it('lists each account’s SHA-OUT passphrases for feedback, and the deployment’s secret once', () => {
    expect(parametersOf('feedback', `${PATH}/`, document)).toEqual([
      {
        parameter: `${PATH}/accounts/main/sha-out-passphrase`,
        key: 'accounts/main/sha-out-passphrase',
        required: true,
      },
      {
        parameter: `${PATH}/accounts/be/sha-out-passphrase`,
        key: 'accounts/be/sha-out-passphrase',
        required: true,
      },
      {
        parameter: `${PATH}/accounts/main/sha-out-passphrase-previous`,
        key: 'accounts/main/sha-out-passphrase-previous',
        required: false,
      },
      {
        parameter: `${PATH}/accounts/be/sha-out-passphrase-previous`,
        key: 'accounts/be/sha-out-passphrase-previous',
        required: false,
      },
      {
        parameter: `${PATH}/result-signing-secret`,
        key: 'RESULT_SIGNING_SECRET',
        required: false,
      },
    ]);
  });

  it('lists the API password only of accounts that name an API user', () => {
    expect(parametersOf('reconcile', PATH, document)).toEqual([
      {
        parameter: `${PATH}/accounts/main/api-user-password`,
        key: 'accounts/main/api-user-password',
        required: true,
      },
    ]);
    expect(parametersOf('reconcile', PATH, documentOf(['a', 'b']))).toEqual([]);
  });

  it('lists each account’s SHA-IN passphrase for registration, and nothing for reading', () => {
    expect(parametersOf('registerTransaction', PATH, document).map((p) => p.parameter)).toEqual([
      `${PATH}/accounts/main/sha-in-passphrase`,
      `${PATH}/accounts/be/sha-in-passphrase`,
    ]);
    expect(parametersOf('getTransaction', PATH, document)).toEqual([]);
  });

  it('without a document, lists today’s flat names', () => {
    expect(parametersOf('feedback', PATH, undefined).map((p) => [p.parameter, p.key])).toEqual([
      [`${PATH}/sha-out-passphrase`, 'OGONE_SHA_OUT_PASSPHRASE'],
      [`${PATH}/sha-out-passphrase-previous`, 'OGONE_SHA_OUT_PASSPHRASE_PREVIOUS'],
      [`${PATH}/result-signing-secret`, 'RESULT_SIGNING_SECRET'],
    ]);
  });
});

describe('parametersOf with ogone and worldline accounts', () => {
  const mixed = JSON.stringify({
    default: 'main',
    accounts: {
      main: {
        provider: 'ogone',
        pspid: 'PSPID-main',
        resultUrl: 'https://shop.example/result',
        apiUserId: 'api-main',
      },
      nl: {
        provider: 'worldline',
        merchantId: 'ShopNL',
        apiKeyId: 'KEY',
        resultUrl: 'https://shop.example/nl',
      },
    },
  });
  const names = (fn: Parameters<typeof parametersOf>[0]) =>
    parametersOf(fn, PATH, mixed).map((p) => p.parameter);

  it('gives each function its own provider’s secrets of each account, never the other’s', () => {
    expect(names('feedback')).toEqual([
      `${PATH}/accounts/main/sha-out-passphrase`,
      `${PATH}/accounts/main/sha-out-passphrase-previous`,
      `${PATH}/result-signing-secret`,
    ]);
    expect(names('worldlineWebhook')).toEqual([`${PATH}/accounts/nl/webhook-keys`]);
    expect(names('worldlineReturn')).toEqual([
      `${PATH}/accounts/nl/api-secret`,
      `${PATH}/result-signing-secret`,
    ]);
    expect(names('registerTransaction')).toEqual([
      `${PATH}/accounts/main/sha-in-passphrase`,
      `${PATH}/accounts/nl/api-secret`,
    ]);
    expect(names('reconcile')).toEqual([
      `${PATH}/accounts/main/api-user-password`,
      `${PATH}/accounts/nl/api-secret`,
    ]);
    expect(names('getTransaction')).toEqual([]);
  });

  it('without a document, the worldline functions read nothing but the deployment’s secret', () => {
    expect(parametersOf('worldlineWebhook', PATH, undefined)).toEqual([]);
    expect(parametersOf('worldlineReturn', PATH, undefined).map((p) => p.key)).toEqual([
      'RESULT_SIGNING_SECRET',
    ]);
  });
});

describe('loadSecrets with many accounts', () => {
  it('asks at most ten names a call, every name once, and keys each value by account', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const wanted = parametersOf('feedback', PATH, documentOf(ids));
    // Two SHA-OUT names per account and the deployment's secret: 15, so two calls.
    expect(wanted).toHaveLength(15);
    const send = vi.fn(async (command: GetParametersCommand) => ({
      Parameters: (command.input.Names ?? []).map((name) => ({ Name: name, Value: `v:${name}` })),
    }));
    const secrets = await loadSecrets({ send } as unknown as Pick<SSMClient, 'send'>, wanted);
    const asked = send.mock.calls.map(([command]) => command.input.Names ?? []);
    expect(asked.map((names) => names.length)).toEqual([10, 5]);
    expect(asked.flat().sort()).toEqual(wanted.map((entry) => entry.parameter).sort());
    for (const call of send.mock.calls) expect(call[0].input.WithDecryption).toBe(true);
    expect(secrets['accounts/g/sha-out-passphrase']).toBe(
      `v:${PATH}/accounts/g/sha-out-passphrase`,
    );
    expect(Object.keys(secrets)).toHaveLength(15);
  });

  it('names each missing required parameter of any chunk', async () => {
    const wanted = parametersOf('feedback', PATH, documentOf(['a', 'b', 'c', 'd', 'e', 'f']));
    const send = vi.fn(async (command: GetParametersCommand) => ({
      Parameters: (command.input.Names ?? [])
        .filter((name) => !name.includes('/accounts/f/'))
        .map((name) => ({ Name: name, Value: 'value' })),
    }));
    const error = await loadSecrets({ send } as unknown as Pick<SSMClient, 'send'>, wanted).catch(
      (caught: unknown) => caught,
    );
    expect(send).toHaveBeenCalledTimes(2);
    expect((error as { problems: string[] }).problems).toEqual([
      `SSM parameter ${PATH}/accounts/f/sha-out-passphrase is missing or empty`,
    ]);
  });
});
