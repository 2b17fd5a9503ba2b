import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { packageStage } from './packaged-template.js';

/**
 * Issue 9: a deployed stage's URLs are https. The check runs while the template is built, so it
 * stops `osls deploy` as well as `npm run package`, and names the parameter to fix.
 */
type ResolveVariable = (name: string) => Promise<string | undefined>;
const { HTTPS_PARAMS, requireHttps } = createRequire(import.meta.url)(
  '../../infra/https-params.cjs',
) as {
  HTTPS_PARAMS: Record<string, string>;
  requireHttps: (resolve: ResolveVariable, stage: string) => Promise<void>;
};

const GOOD: Record<string, string> = {
  resultUrl: 'https://shop.example/payment/result',
  publicBaseUrl: '',
  directLinkUrl: '',
};

const resolverFor =
  (params: Record<string, string>): ResolveVariable =>
  async (name) =>
    params[name.replace(/^param:/, '')];

describe('https parameters', () => {
  it('covers the three URL parameters', () => {
    expect(HTTPS_PARAMS).toEqual({
      resultUrl: 'RESULT_URL',
      publicBaseUrl: 'PUBLIC_BASE_URL',
      directLinkUrl: 'OGONE_DIRECTLINK_URL',
    });
  });

  it.each(
    ['dev', 'test', 'prod'].flatMap((stage) =>
      Object.keys(HTTPS_PARAMS).flatMap((param) =>
        [
          'http://shop.example/x',
          'http://127.0.0.1:3000',
          'ftp://shop.example/x',
          'shop.example',
        ].map((value) => [stage, param, value] as const),
      ),
    ),
  )('stage %s refuses %s=%s, naming the parameter', async (stage, param, value) => {
    const refusal = requireHttps(resolverFor({ ...GOOD, [param]: value }), stage);
    await expect(refusal).rejects.toThrow(new RegExp(`${param}=.*${HTTPS_PARAMS[param]}.*https`));
  });

  it('accepts https, and an empty optional URL (its default)', async () => {
    await expect(requireHttps(resolverFor(GOOD), 'prod')).resolves.toBeUndefined();
    const all = {
      ...GOOD,
      publicBaseUrl: 'https://pay.example',
      directLinkUrl: 'https://x.example/q',
    };
    await expect(requireHttps(resolverFor(all), 'prod')).resolves.toBeUndefined();
  });

  it.each(Object.keys(HTTPS_PARAMS))(
    'refuses %s with a user and password, without echoing them',
    async (param) => {
      const value = 'https://api-user:s3cret-pw@shop.example/x';
      const refusal = requireHttps(resolverFor({ ...GOOD, [param]: value }), 'prod');
      await expect(refusal).rejects.toThrow(/without a user or password/);
      await expect(refusal).rejects.not.toThrow(/s3cret/);
    },
  );

  it('refuses a deployed stage without a result URL', async () => {
    await expect(requireHttps(resolverFor({ ...GOOD, resultUrl: '' }), 'dev')).rejects.toThrow(
      /resultUrl/,
    );
  });

  it('leaves the local stage on http://127.0.0.1', async () => {
    const local = {
      resultUrl: 'http://127.0.0.1:3000/r',
      publicBaseUrl: 'http://127.0.0.1:3000',
      directLinkUrl: 'http://127.0.0.1:3010/q',
    };
    await expect(requireHttps(resolverFor(local), 'local')).resolves.toBeUndefined();
  });

  it.each([
    ['dev', 'resultUrl', 'http://shop.example/payment/result'],
    ['prod', 'directLinkUrl', 'http://secure.ogone.com/ncol/prod/querydirect_utf8.asp'],
  ])(
    'packaging stage %s with an http %s fails',
    (stage, param, value) => {
      expect(() => packageStage(stage, ['--param', `${param}=${value}`])).toThrow(
        new RegExp(`${param}=.*must be an https:// URL`),
      );
    },
    180_000,
  );
});
