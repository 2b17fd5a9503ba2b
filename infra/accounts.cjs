// A deployed stage's merchant accounts (docs/deploy.md "Accounts"): config/accounts.<stage>.json,
// or the file --param "accountsFile=…" names. With one, every function gets the checked document
// as OGONE_ACCOUNTS and each role exactly its accounts' SSM parameters; without, the stage is one
// account named `default` made from --param values, as before accounts existed.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
// The service's own checks and parameter list are TypeScript, which CommonJS cannot load: they
// run in a child process (tsx), so that packaging and the functions read the file one way.
const SCRIPT = path.join(ROOT, 'scripts', 'accounts-for-stage.ts');

/** Lambda refuses a function whose variables, names and values, exceed 4 KB in all. */
const ENVIRONMENT_LIMIT = 4096;

/** A stage without an accounts file: its one account's variables, from these --param values. */
const SINGLE_ACCOUNT = {
  provider: {
    OGONE_ENVIRONMENT: 'ogoneEnvironment',
    OGONE_PSPID: 'pspId',
    OGONE_HASH_ALGORITHM: 'hashAlgorithm',
    OGONE_PREVIOUS_HASH_ALGORITHM: 'previousHashAlgorithm',
    RESULT_URL: 'resultUrl',
  },
  reconcile: { OGONE_USERID: 'apiUserId', OGONE_DIRECTLINK_URL: 'directLinkUrl' },
};

const fail = (message) => {
  throw new Error(`${message} (docs/deploy.md "Accounts")`);
};

/** The stage's accounts file, absolute; undefined for a single-account stage. */
const accountsFileOf = async (resolveVariable) => {
  const stage = String(await resolveVariable('sls:stage'));
  // `npm start` reads its accounts from ACCOUNTS_FILE at run time (scripts/start.ts).
  if (stage === 'local') return undefined;
  const given = String(await resolveVariable('param:accountsFile'));
  if (given !== '') {
    const file = path.resolve(ROOT, given);
    if (!existsSync(file)) fail(`--param "accountsFile=${given}": no such file`);
    return file;
  }
  const conventional = path.join(ROOT, 'config', `accounts.${stage}.json`);
  return existsSync(conventional) ? conventional : undefined;
};

const cache = new Map();

/** Runs scripts/accounts-for-stage.ts once per file and path: {document, parameters} or throws. */
const checkedAccounts = (file, ssmPath) => {
  const key = `${file}\n${ssmPath}`;
  if (!cache.has(key)) {
    const result = spawnSync(
      process.execPath,
      [require.resolve('tsx/cli'), SCRIPT, file, ssmPath],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    const name = path.relative(ROOT, file);
    if (result.status !== 0) {
      const problems = (result.stderr || String(result.error ?? 'no output')).trim().split('\n');
      fail(`${name} cannot be deployed: ${problems.join('; ')}`);
    }
    cache.set(key, { file: name, ...JSON.parse(result.stdout) });
  }
  return cache.get(key);
};

/**
 * The stage's checked accounts: `{file, document, parameters}` (the document as compact JSON,
 * the SSM parameter names each function reads), or undefined for a single-account stage.
 */
const stageAccounts = async (resolveVariable) => {
  const file = await accountsFileOf(resolveVariable);
  if (file === undefined) return undefined;
  return checkedAccounts(file, String(await resolveVariable('param:ssmPath')));
};

/** `${file(./infra/accounts.cjs):environment.<scope>}`: custom.environment.<scope> plus accounts. */
const environmentOf =
  (scope) =>
  async ({ resolveVariable }) => {
    const common = await resolveVariable(`self:custom.environment.${scope}`);
    const accounts = await stageAccounts(resolveVariable);
    if (accounts !== undefined) {
      return scope === 'provider' ? { ...common, OGONE_ACCOUNTS: accounts.document } : common;
    }
    const single = {};
    for (const [variable, param] of Object.entries(SINGLE_ACCOUNT[scope])) {
      single[variable] = await resolveVariable(`param:${param}`);
    }
    return { ...common, ...single };
  };

/** Throws, naming the function and the sizes, when a function's variables exceed Lambda's 4 KB. */
const requireEnvironmentFits = (providerEnvironment, functions) => {
  for (const [fn, definition] of Object.entries(functions)) {
    const variables = { ...providerEnvironment, ...(definition.environment ?? {}) };
    // The JSON form counts a little more than Lambda does (quotes, commas): what passes fits.
    const size = Buffer.byteLength(JSON.stringify(variables));
    if (size > ENVIRONMENT_LIMIT) {
      fail(
        `${fn}'s environment is ${size} bytes, over Lambda's ${ENVIRONMENT_LIMIT} (OGONE_ACCOUNTS is ${Buffer.byteLength(String(variables.OGONE_ACCOUNTS ?? ''))}): shorten the accounts file (ids, URLs), or split the accounts over two stages`,
      );
    }
  }
};

module.exports = {
  environment: { provider: environmentOf('provider'), reconcile: environmentOf('reconcile') },
  stageAccounts,
  requireEnvironmentFits,
  ENVIRONMENT_LIMIT,
};
