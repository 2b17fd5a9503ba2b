/**
 * The parameters Ogone signs with SHA-OUT (docs/protocol.md §3.1): Odoo's list of 63 plus
 * COMPLETIONID and REQUESTCOMPLETIONID from Ogone's newer guide. A stale copy of this list is
 * the most common production failure of Ogone integrations, so it lives here and nowhere else.
 */
export const SHA_OUT_NAMES = [
  'AAVADDRESS',
  'AAVCHECK',
  'AAVMAIL',
  'AAVNAME',
  'AAVPHONE',
  'AAVZIP',
  'ACCEPTANCE',
  'ALIAS',
  'AMOUNT',
  'BIC',
  'BIN',
  'BRAND',
  'CARDNO',
  'CCCTY',
  'CN',
  'COLLECTOR_BIC',
  'COLLECTOR_IBAN',
  'COMPLETIONID',
  'COMPLUS',
  'CREATION_STATUS',
  'CREDITDEBIT',
  'CURRENCY',
  'CVCCHECK',
  'DCC_COMMPERCENTAGE',
  'DCC_CONVAMOUNT',
  'DCC_CONVCCY',
  'DCC_EXCHRATE',
  'DCC_EXCHRATESOURCE',
  'DCC_EXCHRATETS',
  'DCC_INDICATOR',
  'DCC_MARGINPERCENTAGE',
  'DCC_VALIDHOURS',
  'DEVICEID',
  'DIGESTCARDNO',
  'ECI',
  'ED',
  'EMAIL',
  'ENCCARDNO',
  'FXAMOUNT',
  'FXCURRENCY',
  'IP',
  'IPCTY',
  'MANDATEID',
  'MOBILEMODE',
  'NBREMAILUSAGE',
  'NBRIPUSAGE',
  'NBRIPUSAGE_ALLTX',
  'NBRUSAGE',
  'NCERROR',
  'ORDERID',
  'PAYID',
  'PAYIDSUB',
  'PAYMENT_REFERENCE',
  'PM',
  'REQUESTCOMPLETIONID',
  'SCO_CATEGORY',
  'SCORING',
  'SEQUENCETYPE',
  'SIGNDATE',
  'STATUS',
  'SUBBRAND',
  'SUBSCRIPTION_ID',
  'TICKET',
  'TRXDATE',
  'VC',
] as const;

export type ShaOutName = (typeof SHA_OUT_NAMES)[number];

const SHA_OUT_NAME_SET: ReadonlySet<string> = new Set(SHA_OUT_NAMES);

/** `name` must already be uppercased (docs/protocol.md §3 step 2). */
export const isShaOutName = (upperName: string): upperName is ShaOutName =>
  SHA_OUT_NAME_SET.has(upperName);

/** The name under which Ogone carries the signature itself. */
export const SHASIGN = 'SHASIGN';
