import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ACCOUNTS_VARIABLE, ConfigurationError, parseConfig } from '../lib/config.js';
import catalogue from '../lib/secrets/secret-parameters.json' with { type: 'json' };
import { type FunctionKey, parametersOf } from '../lib/secrets/ssm-parameters.js';

/**
 * `tsx scripts/accounts-for-stage.ts <accounts file> <ssm path>`: what packaging needs from a
 * deployed stage's accounts file (infra/accounts.cjs runs it; CommonJS cannot import this code).
 * The file is checked by the service's own parseConfig, secrets refused, so a file the functions
 * would refuse at cold start never deploys. Prints `{document, parameters}`: the document as
 * compact JSON (OGONE_ACCOUNTS) and, per function, the SSM parameters it reads
 * (parametersOf, the same list the functions ask SSM for). Problems name fields, never values.
 */
export interface StageAccounts {
  readonly document: string;
  readonly parameters: Readonly<Record<string, readonly string[]>>;
}

/** Nothing is fetched or needed: the secrets are SSM's, checked by each function at cold start. */
const NO_SECRETS = { shaOut: false, shaIn: false, apiUser: false, resultSigning: false } as const;

export const accountsForStage = (text: string, ssmPath: string): StageAccounts => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigurationError(['the accounts file is not JSON']);
  }
  const document = JSON.stringify(parsed);
  parseConfig(
    // parseConfig also checks the table name, which packaging sets itself: any name passes.
    { [ACCOUNTS_VARIABLE]: document, TRANSACTIONS_TABLE: 'checked-by-packaging' },
    NO_SECRETS,
    { documentSecrets: false },
  );
  const parameters = Object.fromEntries(
    Object.keys(catalogue.functions).map((fn) => [
      fn,
      parametersOf(fn as FunctionKey, ssmPath, document).map(({ parameter }) => parameter),
    ]),
  );
  return { document, parameters };
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, ssmPath] = process.argv.slice(2);
  if (file === undefined || ssmPath === undefined) {
    process.stderr.write('usage: tsx scripts/accounts-for-stage.ts <accounts file> <ssm path>\n');
    process.exit(2);
  }
  try {
    process.stdout.write(
      `${JSON.stringify(accountsForStage(readFileSync(file, 'utf8'), ssmPath))}\n`,
    );
  } catch (error) {
    const problems =
      error instanceof ConfigurationError
        ? error.problems
        : [`could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`];
    // One problem a line, for infra/accounts.cjs to quote.
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(1);
  }
}
