// Every deployed stage talks to Ogone and Worldline and sends shoppers over https only: an http
// DirectLink URL or Payments API endpoint would carry the API password or a signed request in
// clear and let the network answer for the provider, an http RESULT_URL or PUBLIC_BASE_URL would
// hand a shopper's result or a provider's notification to anyone on the path. Only the `local`
// stage (npm start, tests) uses http://127.0.0.1.

/** Deploy-time parameters holding a URL, and the variable each becomes (lib/config.ts). */
const HTTPS_PARAMS = {
  resultUrl: 'RESULT_URL',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  directLinkUrl: 'OGONE_DIRECTLINK_URL',
};

/** Empty means "the default" for the optional ones (the API's domain, Ogone's endpoint). */
const OPTIONAL = new Set(['publicBaseUrl', 'directLinkUrl']);

/** https, and no user or password in the URL (they would reach logs and browsers; lib/config.ts). */
const isHttps = (text) => {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
};

/**
 * Settings of an account in the accounts file that hold a URL: every name ending in `Url`
 * (`resultUrl`, an ogone account's `directLinkUrl`) and a worldline account's `apiEndpoint`, the
 * Payments API base URL its api-secret signs requests to (an http one would let the network
 * answer for Worldline). test/infra/accounts.test.ts checks this against both providers' settings.
 */
const URL_SETTING = /Url$|^apiEndpoint$/;

/** A stage with an accounts file takes these from each account, not from --param. */
const PER_ACCOUNT = new Set(['resultUrl', 'directLinkUrl']);

/**
 * Throws, naming the parameter or account setting (never its value), when a deployed stage is
 * given a non-https URL. `accounts` is the stage's checked accounts file (infra/accounts.cjs),
 * undefined for a single-account stage.
 */
const requireHttps = async (resolveVariable, stage, accounts) => {
  if (stage === 'local') return;
  for (const [param, variable] of Object.entries(HTTPS_PARAMS)) {
    if (accounts !== undefined && PER_ACCOUNT.has(param)) continue;
    const value = String((await resolveVariable(`param:${param}`)) ?? '');
    if (value === '' && OPTIONAL.has(param)) continue;
    if (!isHttps(value)) {
      throw new Error(
        `Stage ${stage}: --param "${param}=…" (${variable}) must be an https:// URL without a user or password (docs/deploy.md)`,
      );
    }
  }
  if (accounts === undefined) return;
  for (const [id, account] of Object.entries(JSON.parse(accounts.document).accounts)) {
    for (const [name, value] of Object.entries(account)) {
      if (URL_SETTING.test(name) && value !== '' && !isHttps(value)) {
        throw new Error(
          `Stage ${stage}: accounts.${id}.${name} in ${accounts.file} must be an https:// URL without a user or password (docs/deploy.md)`,
        );
      }
    }
  }
};

module.exports = { HTTPS_PARAMS, URL_SETTING, requireHttps };
