import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ofProvider } from '../../../lib/accounts/account.js';
import { localAccounts } from '../../../scripts/lib/local-accounts/local-accounts.js';
import {
  LOCAL_WEBHOOK_KEY_ID,
  LOCAL_WEBHOOK_SECRET,
  LOCAL_WORLDLINE_API_SECRET,
} from '../../../scripts/lib/local-config.js';

/** Worldline accounts of ACCOUNTS_FILE, as npm start and npm run worldline read them. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MIXED = `${ROOT}test/fixtures/accounts.mixed.json`;
const EXAMPLE = `${ROOT}config/accounts.local.mixed.example.json`;
const PORT = 4200;

const folder = mkdtempSync(join(tmpdir(), 'local-worldline-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const fileWith = (accounts: Record<string, unknown>): string => {
  const path = join(folder, `${Object.keys(accounts).join('-')}.json`);
  writeFileSync(path, JSON.stringify({ default: Object.keys(accounts)[0], accounts }));
  return path;
};

const worldlineOf = (env: NodeJS.ProcessEnv, id: string) => {
  const local = localAccounts(env, PORT);
  const found = local.accounts.find((entry) => entry.account.id === id);
  return { local, entry: found, account: ofProvider(found?.account, 'worldline') };
};

describe('local worldline accounts', () => {
  it('fill in the local secrets, with a local webhook key id, and point at the local fake', () => {
    const { local, entry, account } = worldlineOf({ ACCOUNTS_FILE: EXAMPLE }, 'nl');
    expect(account).toMatchObject({
      merchantId: 'LocalShopNL',
      apiKeyId: 'LOCALNLKEY01',
      apiSecret: LOCAL_WORLDLINE_API_SECRET,
      webhookKeys: { [LOCAL_WEBHOOK_KEY_ID]: LOCAL_WEBHOOK_SECRET },
      apiEndpoint: `http://127.0.0.1:${PORT + 11}`,
    });
    expect(entry?.origins).toEqual({
      'api-secret': 'local default',
      'webhook-keys': 'local default',
    });
    // The service reads the same filled-in document: webhook-keys as a JSON object in a string.
    const served = JSON.parse(local.document ?? '{}').accounts.nl;
    expect(served.apiEndpoint).toBe(`http://127.0.0.1:${PORT + 11}`);
    expect(JSON.parse(served.secrets['webhook-keys'])).toEqual({
      [LOCAL_WEBHOOK_KEY_ID]: LOCAL_WEBHOOK_SECRET,
    });
    // The ogone account beside it keeps its own defaults, and no worldline secret.
    const main = JSON.parse(local.document ?? '{}').accounts.main;
    expect(Object.keys(main.secrets).sort()).toEqual([
      'api-user-password',
      'sha-in-passphrase',
      'sha-out-passphrase',
    ]);
    expect(main).not.toHaveProperty('apiEndpoint');
  });

  it('keep the secrets the file gives, each printed as from the file', () => {
    const { entry, account } = worldlineOf({ ACCOUNTS_FILE: MIXED }, 'nl');
    expect(account.apiSecret).toBe('mixed-nl-api-secret-0123456789');
    expect(account.webhookKeys).toEqual({ 'mixed-nl-key': 'mixed-nl-webhook-secret-0123456789' });
    expect(entry?.origins).toEqual({
      'api-secret': 'accounts file',
      'webhook-keys': 'accounts file',
    });
  });

  it('fill in only the secret the file lacks, and keep an apiEndpoint the file sets', () => {
    const file = fileWith({
      be: {
        provider: 'worldline',
        merchantId: 'ShopBE',
        apiKeyId: 'K',
        resultUrl: 'https://shop.example/be',
        apiEndpoint: 'http://127.0.0.1:9999',
        secrets: { 'webhook-keys': '{"k1":"be-webhook-secret-1","k2":"be-webhook-secret-2"}' },
      },
    });
    const { entry, account } = worldlineOf({ ACCOUNTS_FILE: file }, 'be');
    expect(account.apiEndpoint).toBe('http://127.0.0.1:9999');
    expect(account.apiSecret).toBe(LOCAL_WORLDLINE_API_SECRET);
    expect(account.webhookKeys).toEqual({ k1: 'be-webhook-secret-1', k2: 'be-webhook-secret-2' });
    expect(entry?.origins).toEqual({
      'api-secret': 'local default',
      'webhook-keys': 'accounts file',
    });
  });

  it('follow WORLDLINE_PORT, as npm start’s fake does', () => {
    const { account } = worldlineOf({ ACCOUNTS_FILE: EXAMPLE, WORLDLINE_PORT: '4999' }, 'nl');
    expect(account.apiEndpoint).toBe('http://127.0.0.1:4999');
  });

  it('are refused as the service refuses them, every problem named, no secret quoted', () => {
    const file = fileWith({
      bad: {
        provider: 'worldline',
        merchantId: 'ShopBAD',
        resultUrl: 'https://shop.example/bad',
        secrets: { 'webhook-keys': 'not-json-secret-value' },
      },
    });
    const read = () => localAccounts({ ACCOUNTS_FILE: file }, PORT);
    expect(read).toThrow(/accounts\.bad\.apiKeyId is required/);
    expect(read).toThrow(/accounts\.bad\.webhook-keys must be a JSON object/);
    expect(read).not.toThrow(/not-json-secret-value/);
  });
});
