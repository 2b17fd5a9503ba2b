/**
 * Ogone sends CARDNO masked (`XXXXXXXXXXXX1111`), and this service stores it as sent. Should a
 * full number ever arrive (a misconfigured account, a future parameter, a shopper typing it into
 * the card holder name), it is masked before it can be stored: a run of eight or more digits
 * keeps only its last four.
 *
 * A run is digits of any script (`4111`, full-width `４１１１`) joined by any number of separators
 * of the kinds people and keyboards put between digit groups: whitespace of every kind (the
 * non-breaking and ideographic spaces included), dashes, dots, slashes, commas and underscores
 * (ASCII or full-width), the middle dot, and invisible format characters (soft hyphen,
 * zero-width space). Classes that never overlap keep the pattern linear.
 */
const SEPARATOR = String.raw`[\s\p{Pd}\p{Cf}.\/,_·．／，＿]`;
const DIGIT_RUN = new RegExp(String.raw`\p{Nd}(?:${SEPARATOR}*\p{Nd})+`, 'gu');
const DIGIT = /\p{Nd}/gu;

/** Fewer digits than this are not a card number (and leave dates, amounts, house numbers be). */
const CARD_DIGITS = 8;
const KEPT_DIGITS = 4;

/**
 * ASCII text with fewer than CARD_DIGITS digits in all holds no run to mask: the common case
 * (Ogone's own masked CARDNO, a holder's name) skips the Unicode pattern, which costs more per
 * notification than anything else in planning its write (bench/README.md).
 */
const plainlyNoCardNumber = (value: string): boolean => {
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0x7f) return false;
    if (code >= 0x30 && code <= 0x39 && ++digits >= CARD_DIGITS) return false;
  }
  return true;
};

export const maskCardNumber = (value: string): string =>
  plainlyNoCardNumber(value)
    ? value
    : value.replace(DIGIT_RUN, (run) => {
        const digits = run.match(DIGIT) ?? [];
        if (digits.length < CARD_DIGITS) return run;
        return `${'X'.repeat(digits.length - KEPT_DIGITS)}${digits.slice(-KEPT_DIGITS).join('')}`;
      });

/** The same for a field that may be absent (CARDNO, CN). */
export const maskCardData = (value: string | undefined): string | undefined =>
  value === undefined ? undefined : maskCardNumber(value);
