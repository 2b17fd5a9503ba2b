/** Plain http only reaches this machine: `npm start`, its fakes, the tests. */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * An absolute https URL, or http to a loopback host. Anywhere else http would carry the
 * DirectLink password or a shopper's result in clear, and let the network rewrite the answer.
 */
const webUrl = (text: string): URL | undefined => {
  try {
    const url = new URL(text);
    const local = url.protocol === 'http:' && LOOPBACK.test(url.hostname);
    return url.protocol === 'https:' || local ? url : undefined;
  } catch {
    return undefined;
  }
};

/** Checks a configured URL, adding a problem named by `label`; undefined when unset or invalid. */
export const checkedUrl = (
  label: string,
  value: string | undefined,
  problems: string[],
): URL | undefined => {
  if (value === undefined || value === '') return undefined;
  const url = webUrl(value);
  if (url === undefined) {
    problems.push(`${label} must be an absolute https URL (http only to loopback)`);
  } else if (url.username !== '' || url.password !== '') {
    // A password in a URL ends up in logs and in a shopper's browser; fetch refuses it anyway.
    problems.push(`${label} must not carry a user name or password`);
    return undefined;
  }
  return url;
};
