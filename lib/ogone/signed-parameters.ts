import { upperAscii } from './ascii.js';
import { MALFORMED_REASONS, MalformedParametersError } from './errors.js';
import type { RawParameter } from './parse-parameters.js';
import { isShaOutName, SHASIGN, type ShaOutName } from './sha-out-names.js';
import type { SignableParameter } from './sign.js';

/** The part of a request that SHA-OUT covers, and the signature that came with it. */
export interface SignedParameters {
  readonly parameters: readonly (SignableParameter & { readonly name: ShaOutName })[];
  readonly shasign: string | undefined;
}

/**
 * Keeps the parameters on the SHA-OUT list, from every source of one request (query string and
 * body). A signed name, or SHASIGN, given twice in any letter case or in two sources makes the
 * request ambiguous (which value did Ogone sign?), so it is refused rather than guessed.
 */
export const collectSignedParameters = (
  sources: readonly (readonly RawParameter[])[],
): SignedParameters => {
  const seen = new Set<string>();
  const parameters: (SignableParameter & { name: ShaOutName })[] = [];
  let shasign: string | undefined;
  for (const source of sources) {
    for (const raw of source) {
      const name = upperAscii(raw.name);
      const signed = isShaOutName(name);
      if (!signed && name !== SHASIGN) continue;
      if (seen.has(name)) {
        throw new MalformedParametersError(
          MALFORMED_REASONS.duplicateParameter,
          `The parameter ${name} is given more than once`,
          { parameter: name },
        );
      }
      seen.add(name);
      if (signed) parameters.push({ name, value: raw.value });
      else shasign = raw.value.toString('latin1');
    }
  }
  return { parameters, shasign };
};
