import { ContextualError } from '../../../lib/shared/contextual-error.js';

/** Typed errors of the local tools' accounts (README, "Several accounts"). */
export class LocalAccountsError extends ContextualError {}

/** ACCOUNTS_FILE cannot be read, is not JSON, or the service would refuse it. */
export class AccountsFileError extends LocalAccountsError {}

/** `--account` names no account of the local configuration. */
export class UnknownAccountError extends LocalAccountsError {}
