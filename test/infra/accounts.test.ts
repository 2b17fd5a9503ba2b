import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import nag from '../../infra/nag-acknowledgements.json' with { type: 'json' };
import { ConfigurationError } from '../../lib/config.js';
import { accountsForStage } from '../../scripts/accounts-for-stage.js';
import { runNag } from './cdk-nag.js';
import { CANARY_SECRETS, type Packaged, packageStage, type Template } from './packaged-template.js';

/**
 * Issue 10, deploy: a stage's accounts file drives the template (infra/accounts.cjs). Checked
 * with the service's own code, refused with secrets or any problem the functions would refuse;
 * OGONE_ACCOUNTS on every function; each role exactly its accounts' SSM parameters.
 */
const FIXTURE = 'test/fixtures/accounts.three.json';
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
const { requireHttps } = require('../../infra/https-params.cjs') as {
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

/** Each function's SSM parameters for the fixture: main and be have an API user, lu has none. */
const EXPECTED: Record<string, string[]> = {
  feedback: [
    ...['main', 'be', 'lu'].map((id) => `${PATH}/accounts/${id}/sha-out-passphrase`),
    ...['main', 'be', 'lu'].map((id) => `${PATH}/accounts/${id}/sha-out-passphrase-previous`),
    `${PATH}/result-signing-secret`,
  ],
  registerTransaction: ['main', 'be', 'lu'].map((id) => `${PATH}/accounts/${id}/sha-in-passphrase`),
  getTransaction: [],
  reconcile: ['main', 'be'].map((id) => `${PATH}/accounts/${id}/api-user-password`),
  publishEvents: [],
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
    'a duplicate PSPID',
    (d) => {
      d.accounts.lu = { ...d.accounts.lu, pspid: 'ShopBE' };
    },
    /accounts\.lu\.pspid is also accounts\.be's/,
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
      d.default = 'nl';
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
    for (const [name, value] of [
      ['resultUrl', 'http://shop.example/lu/result'],
      ['directLinkUrl', 'https://user:pw@secure.ogone.com/ncol/prod/querydirect_utf8.asp'],
    ] as const) {
      const document = fixture();
      document.accounts.lu = { ...document.accounts.lu, [name]: value };
      const refusal = requireHttps(resolverFor({}), 'prod', {
        ...accounts,
        document: JSON.stringify(document),
      });
      await expect(refusal).rejects.toThrow(new RegExp(`accounts\\.lu\\.${name} in .*https://`));
      await expect(refusal).rejects.not.toThrow(/pw@/);
    }
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

describe('packaged with a three-account file', () => {
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

  it("gives each role exactly its accounts' SSM parameters", () => {
    for (const [fn, parameters] of Object.entries(EXPECTED)) {
      expect(granted(fn), fn).toEqual(parameters);
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

  it('refuses to package a file with secrets, naming the field and not the value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ogone-accounts-package-'));
    const file = join(dir, 'accounts.prod.json');
    writeFileSync(file, changed(REFUSED[0]?.[1] ?? (() => {})));
    let output = '';
    try {
      packageStage('prod', ['--param', `accountsFile=${file}`]);
    } catch (error) {
      output = (error as Error).message;
    }
    expect(output).toMatch(/accounts\.prod\.json cannot be deployed: .*accounts\.be\.secrets/);
    expect(output).not.toContain(INLINE_SECRET);
  }, 180_000);
});
