import type { Account } from './accounts/account.js';
import type { Config } from './config.js';
import { DirectLinkClient } from './directlink/client.js';
import { mapConcurrently } from './map-concurrently.js';
import { type ReconcileSummary, reportReconcile } from './observability/report-reconcile.js';
import { accountRun } from './reconcile-settings.js';
import type { Service } from './service.js';
import type { TransactionRepository } from './transactions/port.js';
import { type ReconcileSettings, reconcile, type StatusQuery } from './transactions/reconcile.js';
import { worldlineStatusQuery } from './worldline/status-query.js';

/** One account a run asks about: its storage, and the question its provider answers. */
export interface ReconciledAccount {
  /** Which account: its id names it in logs, its provider says which timeout its queries have. */
  readonly account: Pick<Account, 'id' | 'provider'>;
  readonly repository: TransactionRepository;
  readonly statusQuery: StatusQuery;
}

/**
 * The accounts the reconcile function asks about, in the document's order: each ogone account
 * with an API user through DirectLink, with its own credentials; every worldline account through
 * the Payments API, with its own api-secret (the function reads it for each). An ogone account
 * without an API user is never asked: a notification must settle its transactions.
 */
export const reconciledAccounts = (
  service: Pick<Service, 'config' | 'repositoryFor' | 'paymentsApiFor'>,
): ReconciledAccount[] =>
  [...service.config.accounts.byId.values()].flatMap((account): ReconciledAccount[] => {
    const repository = service.repositoryFor(account);
    if (account.provider === 'worldline') {
      const statusQuery = worldlineStatusQuery(repository, service.paymentsApiFor(account));
      return [{ account, repository, statusQuery }];
    }
    if (account.apiUser === undefined) return [];
    const statusQuery = new DirectLinkClient({
      url: account.directLinkQueryUrl,
      credentials: { pspId: account.pspId, ...account.apiUser },
      timeoutMs: service.config.reconcile.directLinkTimeoutMs,
    });
    return [{ account, repository, statusQuery }];
  });

/** The longest one query of this run may take: what the run keeps free before its deadline. */
export const queryTimeoutMs = (
  config: Pick<Config, 'reconcile' | 'worldlineTimeoutMs'>,
  accounts: readonly Pick<ReconciledAccount, 'account'>[],
): number =>
  Math.max(
    0,
    ...accounts.map(({ account }) =>
      account.provider === 'worldline'
        ? config.worldlineTimeoutMs
        : config.reconcile.directLinkTimeoutMs,
    ),
  );

/**
 * One run over the accounts, whatever their providers: each its equal share of the queries, and
 * never more queries in flight than the run's concurrency (accountRun). Each account's results
 * are reported under its id; the answer is the run's total.
 */
export const reconcileAccounts = async (
  accounts: readonly ReconciledAccount[],
  settings: ReconcileSettings,
): Promise<ReconcileSummary> => {
  const { accountsAtOnce, share } = accountRun(settings, accounts.length);
  const summaries = await mapConcurrently(
    accounts,
    accountsAtOnce,
    async ({ account, repository, statusQuery }) =>
      reportReconcile(await reconcile(repository, statusQuery, share), account.id),
  );
  return summaries.reduce(
    (sum, one) => ({
      checked: sum.checked + one.checked,
      applied: sum.applied + one.applied,
      failed: sum.failed + one.failed,
    }),
    { checked: 0, applied: 0, failed: 0 },
  );
};
