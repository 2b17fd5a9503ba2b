// Every deployed stage talks to Ogone and sends shoppers over https only: an http DirectLink URL
// would carry the API password in clear and let the network answer for Ogone, an http
// RESULT_URL or PUBLIC_BASE_URL would hand a shopper's result or Ogone's feedback to anyone on
// the path. Only the `local` stage (npm start, tests) uses http://127.0.0.1.

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

/** Throws, naming the parameter (never its value), when a deployed stage is given a non-https URL. */
const requireHttps = async (resolveVariable, stage) => {
  if (stage === 'local') return;
  for (const [param, variable] of Object.entries(HTTPS_PARAMS)) {
    const value = String((await resolveVariable(`param:${param}`)) ?? '');
    if (value === '' && OPTIONAL.has(param)) continue;
    if (!isHttps(value)) {
      throw new Error(
        `Stage ${stage}: --param "${param}=…" (${variable}) must be an https:// URL without a user or password (docs/deploy.md)`,
      );
    }
  }
};

module.exports = { HTTPS_PARAMS, requireHttps };
