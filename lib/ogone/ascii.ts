/**
 * ASCII-only uppercasing: `toUpperCase` would turn `ß` into `SS` or `ſ` into `S`, letting a
 * non-ASCII name impersonate a signed one (or one of DirectLink's attributes).
 */
export const upperAscii = (name: string): string =>
  name.replace(/[a-z]+/g, (part) => part.toUpperCase());
