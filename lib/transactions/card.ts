/**
 * Ogone sends CARDNO masked (`XXXXXXXXXXXX1111`), and this service stores it as sent. Should a
 * full number ever arrive (a misconfigured account, a future parameter), it is masked before it
 * can be stored: eight or more digits in a row keep only their last four.
 */
export const maskCardNumber = (value: string): string =>
  value.replace(/[0-9][0-9 -]{6,}[0-9]/g, (run) => {
    const digits = run.replace(/[^0-9]/g, '');
    if (digits.length < 8) return run;
    return `${'X'.repeat(digits.length - 4)}${digits.slice(-4)}`;
  });
