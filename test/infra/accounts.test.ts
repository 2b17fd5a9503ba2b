import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import nag from '../../infra/nag-acknowledgements.json' with { type: 'json' };
import { OGONE_SETTINGS } from '../../lib/accounts/ogone-account.js';
import { WORLDLINE_SETTINGS } from '../../lib/accounts/worldline-account.js';
import { ConfigurationError } from '../../lib/config.js';
import catalogue from '../../lib/secrets/secret-parameters.json' with { type: 'json' };
import { accountsForStage } from '../../scripts/accounts-for-stage.js';
import { runNag } from './cdk-nag.js';
import { CANARY_SECRETS, type Packaged, packageStage, type Template } from './packaged-template.js';

/**
 * Issues 10 and 11, deploy: a stage's accounts file drives the template (infra/accounts.cjs).
 * Checked with the service's own code, refused with secrets or any problem the functions would
 * refuse; OGONE_ACCOUNTS on every function; each role exactly its accounts' SSM parameters, of
 * its accounts' provider only. The fixture mixes three ogone accounts and two worldline ones, one
 * of them (`be-direct`) the same merchant as the ogone `be` in the middle of its migration.
 */
const FIXTURE = 'test/fixtures/accounts.mixed-deploy.json';
const fixtureText = readFileSync(new URL(`../../${FIXTURE}`, import.meta.url), 'utf8');
type Document = { default: string; accounts: Record<string, Record<string, unknown>> };
const fixture = (): Document => JSON.parse(fixtureText) as Document;
const PATH = '/ogone-feedback/prod';
const INLINE_SECRET = 'canary-inline-secret-3f9d1a7c';

const require = createRequire(import.meta.url);
type ResolveVariable = (name: string) => Promise<unknown>;
type StageAccounts = { file: string; document: string; parameters: Record<string, string[]> };
const infra = require('../../infra/accounts.cjs') as {
  stageAccounts: (resolve: ResolveVariable) => Promise<StageAccounts | undefined>;
  requireEnvironmentFits: (provider: object, functions: Record<string, object>) => void;
  ENVIRONMENT_LIMIT: number;
};
const { requireHttps, URL_SETTING } = require('../../infra/https-params.cjs') as {
  URL_SETTING: RegExp;
  requireHttps: (
    resolve: ResolveVariable,
    stage: string,
    accounts?: StageAccounts,
  ) => Promise<void>;
};

const resolverFor =
  (values: Record<string, string>): ResolveVariable =>
  async (name) =>
    values[name.replace(/^(param|sls):/, '')] ?? '';

const OGONE = ['main', 'be', 'lu'];
const WORLDLINE = ['be-direct', 'nl'];
const of = (ids: readonly string[], name: string) =>
  ids.map((id) => `${PATH}/accounts/${id}/${name}`);

/**
 * Each function's SSM parameters for the fixture: ogone main and be have an API user, lu has
 * none; the worldline accounts' secrets go only to the functions that use them.
 */
const EXPECTED: Record<string, string[]> = {
  feedback: [
    ...of(OGONE, 'sha-out-passphrase'),
    ...of(OGONE, 'sha-out-passphrase-previous'),
    `${PATH}/result-signing-secret`,
  ],
  worldlineWebhook: of(WORLDLINE, 'webhook-keys'),
  worldlineReturn: [...of(WORLDLINE, 'api-secret'), `${PATH}/result-signing-secret`],
  registerTransaction: [...of(OGONE, 'sha-in-passphrase'), ...of(WORLDLINE, 'api-secret')],
  getTransaction: [],
  reconcile: [...of(['main', 'be'], 'api-user-password'), ...of(WORLDLINE, 'api-secret')],
  publishEvents: [],
};

/** The provider whose accounts have each per-account secret, by its SSM name. */
const PROVIDER_OF_SECRET = new Map(
  Object.values(catalogue.parameters).map(({ name, provider }) => [name, provider]),
);

/** The per-account parameters among `parameters` whose account is not of the secret's provider. */
const ofTheOtherProvider = (parameters: readonly string[]): string[] => {
  const accounts = fixture().accounts;
  return parameters.filter((parameter) => {
    const [, id, name] = /\/accounts\/([^/]+)\/([^/]+)$/.exec(parameter) ?? [];
    if (id === undefined || name === undefined) return false;
    return accounts[id]?.provider !== PROVIDER_OF_SECRET.get(name);
  });
};

/** Refused files: [what, change to the fixture, the problem it names]. */
const REFUSED: readonly [string, (document: Document) => void, RegExp][] = [
  [
    'secrets',
    (d) => {
      d.accounts.be = { ...d.accounts.be, secrets: { 'sha-out-passphrase': INLINE_SECRET } };
    },
    /accounts\.be\.secrets: a deployed stage's secrets live in SSM/,
  ],
  [
    'a worldline account with secrets',
    (d) => {
      d.accounts.nl = {
        ...d.accounts.nl,
        secrets: { 'api-secret': INLINE_SECRET, 'webhook-keys': `{"k1":"${INLINE_SECRET}"}` },
      };
    },
    /accounts\.nl\.secrets: a deployed stage's secrets live in SSM/,
  ],
  [
    'a duplicate PSPID',
    (d) => {
      d.accounts.lu = { ...d.accounts.lu, pspid: 'ShopBE' };
    },
    /accounts\.lu\.pspid is also accounts\.be's/,
  ],
  [
    'a duplicate worldline merchantId',
    (d) => {
      d.accounts.nl = { ...d.accounts.nl, merchantId: 'ShopBE' };
    },
    /accounts\.nl\.merchantId is also accounts\.be-direct's/,
  ],
  [
    'a worldline account without its apiKeyId',
    (d) => {
      const { apiKeyId: _, ...rest } = d.accounts.nl ?? {};
      d.accounts.nl = rest;
    },
    /accounts\.nl\.apiKeyId is required/,
  ],
  [
    "a worldline account's http resultUrl",
    (d) => {
      d.accounts.nl = { ...d.accounts.nl, resultUrl: 'http://shop.example/nl/result' };
    },
    /accounts\.nl\.resultUrl must be an absolute https URL/,
  ],
  [
    "a worldline account's http apiEndpoint",
    (d) => {
      d.accounts.nl = { ...d.accounts.nl, apiEndpoint: 'http://payment.direct.example' };
    },
    /accounts\.nl\.apiEndpoint must be an absolute https URL/,
  ],
  [
    'an unknown provider',
    (d) => {
      d.accounts.lu = { ...d.accounts.lu, provider: 'paypal' };
    },
    /accounts\.lu\.provider must be one of/,
  ],
  [
    'an invalid id',
    (d) => {
      d.accounts.Shop_LU = d.accounts.lu ?? {};
      delete d.accounts.lu;
    },
    /account id "Shop_LU" must match/,
  ],
  [
    'an unknown hash algorithm (a value check of parseConfig)',
    (d) => {
      d.accounts.be = { ...d.accounts.be, previousHashAlgorithm: 'md5' };
    },
    /accounts\.be\.previousHashAlgorithm must be one of/,
  ],
  [
    'a default naming no account',
    (d) => {
      d.default = 'fr';
    },
    /default must name one of the accounts/,
  ],
];

const changed = (change: (document: Document) => void): string => {
  const document = fixture();
  change(document);
  return JSON.stringify(document, null, 2);
};

const problemsOf = (text: string): string => {
  try {
    accountsForStage(text, PATH);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).problems.join('\n');
  }
  throw new Error('accepted');
};

describe('the accounts file check (scripts/accounts-for-stage.ts)', () => {
  it('gives the document as compact JSON and each function exactly its parameters', () => {
    const { document, parameters } = accountsForStage(fixtureText, PATH);
    expect(document).toBe(JSON.stringify(fixture()));
    expect(parameters).toEqual(EXPECTED);
  });

  it('gives no function a secret of an account of the other provider', () => {
    const { parameters } = accountsForStage(fixtureText, PATH);
    const all = Object.values(parameters).flat();
    // Both kinds are there to be mixed up, and none is.
    expect(all.some((p) => p.endsWith('/accounts/be/sha-in-passphrase'))).toBe(true);
    expect(all.some((p) => p.endsWith('/accounts/be-direct/api-secret'))).toBe(true);
    for (const [fn, list] of Object.entries(parameters)) {
      expect(ofTheOtherProvider(list), fn).toEqual([]);
    }
    // The check itself fails on a mix-up.
    expect(ofTheOtherProvider([`${PATH}/accounts/be/api-secret`])).toHaveLength(1);
  });

  it('accepts a worldline merchantId that an ogone account has as PSPID (one merchant, migrating)', () => {
    const { be, 'be-direct': direct } = fixture().accounts;
    expect(direct?.merchantId).toBe(be?.pspid);
    expect(() => accountsForStage(fixtureText, PATH)).not.toThrow();
  });

  it.each(REFUSED)('refuses %s, naming the field, never a value', (_, change, problem) => {
    const problems = problemsOf(changed(change));
    expect(problems).toMatch(problem);
    expect(problems).not.toContain(INLINE_SECRET);
  });

  it('refuses a file that is not JSON', () => {
    expect(problemsOf('{"default": ')).toMatch(/not JSON/);
  });
});

describe('infra/accounts.cjs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ogone-accounts-'));
  const stage = (accountsFile: string, name = 'prod') =>
    resolverFor({ stage: name, accountsFile, ssmPath: PATH });

  it('runs the check in a child process and names the file and the field when it refuses', async () => {
    await expect(infra.stageAccounts(stage(FIXTURE))).resolves.toEqual({
      file: FIXTURE,
      ...accountsForStage(fixtureText, PATH),
    });
    const bad = join(dir, 'accounts.secrets.json');
    writeFileSync(bad, changed(REFUSED[0]?.[1] ?? (() => {})));
    const refusal = infra.stageAccounts(stage(bad));
    await expect(refusal).rejects.toThrow(/accounts\.secrets\.json cannot be deployed: .*secrets/);
    await expect(refusal).rejects.not.toThrow(INLINE_SECRET);
  }, 30_000);

  it('refuses an accountsFile that does not exist, and leaves the local stage to ACCOUNTS_FILE', async () => {
    await expect(infra.stageAccounts(stage('config/accounts.missing.json'))).rejects.toThrow(
      /accountsFile=config\/accounts\.missing\.json.*no such file/,
    );
    await expect(infra.stageAccounts(stage(FIXTURE, 'local'))).resolves.toBeUndefined();
    // dev has no config/accounts.dev.json: a single-account stage, as before accounts.
    await expect(infra.stageAccounts(stage('', 'dev'))).resolves.toBeUndefined();
  });

  it("requires https for every account's URLs instead of the resultUrl and directLinkUrl params", async () => {
    const accounts = await infra.stageAccounts(stage(FIXTURE));
    if (accounts === undefined) throw new Error('no accounts');
    await expect(requireHttps(resolverFor({}), 'prod', accounts)).resolves.toBeUndefined();
    // The loopback http URLs are what parseConfig accepts (npm start, its fakes): only a
    // deployed stage refuses them.
    for (const [id, name, value] of [
      ['lu', 'resultUrl', 'http://shop.example/lu/result'],
      ['lu', 'directLinkUrl', 'https://user:pw@secure.ogone.com/ncol/prod/querydirect_utf8.asp'],
      ['nl', 'resultUrl', 'http://127.0.0.1:3000/nl/result'],
      ['nl', 'apiEndpoint', 'http://127.0.0.1:3020'],
      ['nl', 'apiEndpoint', 'https://user:pw@payment.direct.worldline-solutions.com'],
    ] as const) {
      const document = fixture();
      document.accounts[id] = { ...document.accounts[id], [name]: value };
      const changedAccounts = { ...accounts, document: JSON.stringify(document) };
      const refusal = requireHttps(resolverFor({}), 'prod', changedAccounts);
      await expect(refusal).rejects.toThrow(new RegExp(`accounts\\.${id}\\.${name} in .*https://`));
      await expect(refusal).rejects.not.toThrow(/pw@/);
      await expect(
        requireHttps(resolverFor({}), 'local', changedAccounts),
      ).resolves.toBeUndefined();
    }
  });

  it("checks exactly the settings of either provider's accounts that hold a URL", () => {
    const urlSettings = [...new Set([...OGONE_SETTINGS, ...WORLDLINE_SETTINGS])].filter((name) =>
      URL_SETTING.test(name),
    );
    expect(urlSettings.sort()).toEqual(['apiEndpoint', 'directLinkUrl', 'resultUrl']);
  });

  it("refuses a function whose variables exceed Lambda's 4 KB, naming it", () => {
    const provider = { OGONE_SSM_PATH: PATH, OGONE_ACCOUNTS: JSON.stringify(fixture()) };
    expect(() => infra.requireEnvironmentFits(provider, { feedback: {} })).not.toThrow();
    const large = { ...provider, OGONE_ACCOUNTS: 'x'.repeat(infra.ENVIRONMENT_LIMIT) };
    expect(() =>
      infra.requireEnvironmentFits(large, { feedback: { environment: { A: '1' } } }),
    ).toThrow(/feedback's environment is \d+ bytes, over Lambda's 4096/);
  });
});

describe('packaged with a mixed accounts file (ogone and worldline)', () => {
  let packaged: Packaged;
  let template: Template;

  beforeAll(() => {
    packaged = packageStage('prod', ['--param', `accountsFile=${FIXTURE}`]);
    template = packaged.template;
  }, 180_000);

  const ofType = (type: string) =>
    Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
  type Statement = { Sid: string; Resource: unknown };
  const granted = (fn: string) => {
    const role = template.Resources[`${fn[0]?.toUpperCase()}${fn.slice(1)}Role`];
    expect(role, fn).toBeDefined();
    const statements = (
      (role?.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]
    ).flatMap((policy) => policy.PolicyDocument.Statement);
    const own = statements.find((s) => s.Sid === 'OwnSecrets');
    const decrypt = statements.some((s) => s.Sid === 'DecryptSecretsThroughSsm');
    expect(decrypt, fn).toBe(own !== undefined);
    return ((own?.Resource ?? []) as { 'Fn::Sub': string }[]).map((arn) =>
      arn['Fn::Sub'].replace(
        'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter',
        '',
      ),
    );
  };

  it("gives each role exactly its accounts' SSM parameters, none of the other provider's", () => {
    for (const [fn, parameters] of Object.entries(EXPECTED)) {
      expect(granted(fn), fn).toEqual(parameters);
      expect(ofTheOtherProvider(granted(fn)), fn).toEqual([]);
    }
  });

  it('gives every function the document as OGONE_ACCOUNTS, and no single-account variable', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(Object.keys(EXPECTED).length);
    for (const [id, fn] of functions) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, string> })
        .Variables;
      expect(variables.OGONE_ACCOUNTS, id).toBe(JSON.stringify(fixture()));
      expect(variables.OGONE_SSM_PATH, id).toBe(PATH);
      for (const name of [
        'OGONE_PSPID',
        'OGONE_ENVIRONMENT',
        'OGONE_HASH_ALGORITHM',
        'OGONE_PREVIOUS_HASH_ALGORITHM',
        'RESULT_URL',
        'OGONE_USERID',
        'OGONE_DIRECTLINK_URL',
      ]) {
        expect(variables, id).not.toHaveProperty(name);
      }
    }
  });

  it('puts no secret in the package', () => {
    for (const [file, text] of packaged.texts) {
      for (const value of Object.values(CANARY_SECRETS)) {
        expect(text.includes(value), `${value} in ${file}`).toBe(false);
      }
    }
  });

  it('passes cdk-nag beyond infra/nag-acknowledgements.json, every acknowledgement used', () => {
    const outcome = runNag(
      join(packaged.dir, 'cloudformation-template-update-stack.json'),
      nag.acknowledgements,
    );
    expect(outcome.unacknowledged, 'fix these, or acknowledge them with a reason').toEqual([]);
    expect(outcome.unused, 'remove these acknowledgements').toEqual([]);
  }, 120_000);

  it('refuses to package a file with secrets or a duplicate merchantId, naming the fields and not the values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ogone-accounts-package-'));
    const file = join(dir, 'accounts.prod.json');
    // One packaging run for every refusal: all problems come out in one error.
    const refused = (what: string) => REFUSED.find(([name]) => name === what)?.[1] ?? (() => {});
    writeFileSync(
      file,
      changed((d) => {
        refused('secrets')(d);
        refused('a worldline account with secrets')(d);
        refused('a duplicate worldline merchantId')(d);
      }),
    );
    let output = '';
    try {
      packageStage('prod', ['--param', `accountsFile=${file}`]);
    } catch (error) {
      output = (error as Error).message;
    }
    expect(output).toMatch(/accounts\.prod\.json cannot be deployed: .*accounts\.be\.secrets/);
    expect(output).toMatch(/cannot be deployed: .*accounts\.nl\.secrets/);
    expect(output).toMatch(
      /cannot be deployed: .*accounts\.nl\.merchantId is also accounts\.be-direct's/,
    );
    expect(output).not.toContain(INLINE_SECRET);
  }, 180_000);
});
