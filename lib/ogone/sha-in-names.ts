/**
 * Parameters Ogone accepts under the SHA-IN signature (docs/protocol.md §3.2; Ogone's e-Commerce
 * guide lists more, for features this service does not use). Everything the service sends to
 * Ogone must be on this list: a field outside it would be ignored by Ogone's signature check and
 * could be changed by the shopper's browser.
 */
export const SHA_IN_NAMES = [
  'ACCEPTURL',
  'ALIAS',
  'ALIASOPERATION',
  'ALIASPERSISTEDAFTERUSE',
  'ALIASUSAGE',
  'AMOUNT',
  'BACKURL',
  'BRAND',
  'CANCELURL',
  'CN',
  'COM',
  'COMPLUS',
  'CURRENCY',
  'DECLINEURL',
  'ECI',
  'EMAIL',
  'EXCEPTIONURL',
  'HOMEURL',
  'LANGUAGE',
  'OPERATION',
  'ORDERID',
  'OWNERADDRESS',
  'OWNERCTY',
  'OWNERTELNO',
  'OWNERTOWN',
  'OWNERZIP',
  'PARAMPLUS',
  'PAYID',
  'PM',
  'PSPID',
  'PSWD',
  'RTIMEOUT',
  'USERID',
] as const;

export type ShaInName = (typeof SHA_IN_NAMES)[number];

const SHA_IN_NAME_SET: ReadonlySet<string> = new Set(SHA_IN_NAMES);

export const isShaInName = (upperName: string): upperName is ShaInName =>
  SHA_IN_NAME_SET.has(upperName);
