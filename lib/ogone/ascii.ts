const LOWER = /[a-z]/;

/**
 * ASCII-only uppercasing: `toUpperCase` would turn `ß` into `SS` or `ſ` into `S`, letting a
 * non-ASCII name impersonate a signed one (or one of DirectLink's attributes).
 */
export const upperAscii = (name: string): string =>
  // Ogone's names come uppercase: the test spares them the replace and its callback.
  LOWER.test(name) ? name.replace(/[a-z]+/g, (part) => part.toUpperCase()) : name;
