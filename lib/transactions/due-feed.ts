import type { OpenTransaction, TransactionRepository } from './port.js';

/** Due entries read per Query: small enough that a run cut short by its budget wastes little. */
const PAGE_SIZE = 100;

/**
 * The due entries of one run, most overdue first, read a page at a time as workers need them.
 * Concurrent callers share one page read. Entries deferred during the run move past `nowIso`, so
 * paging on from the last key never meets them again; a reference is still handed out only once.
 */
export const dueFeed = (repository: TransactionRepository, nowIso: string) => {
  const buffer: OpenTransaction[] = [];
  const handedOut = new Set<string>();
  let cursor: string | undefined;
  let exhausted = false;
  let reading: Promise<void> | undefined;

  const readPage = async () => {
    const page = await repository.findDue(nowIso, PAGE_SIZE, cursor);
    for (const entry of page.entries) {
      if (!handedOut.has(entry.reference)) buffer.push(entry);
    }
    cursor = page.next;
    if (cursor === undefined) exhausted = true;
  };

  return async (): Promise<OpenTransaction | undefined> => {
    for (;;) {
      const entry = buffer.shift();
      if (entry !== undefined) {
        handedOut.add(entry.reference);
        return entry;
      }
      if (exhausted) return undefined;
      reading ??= readPage().finally(() => {
        reading = undefined;
      });
      await reading;
    }
  };
};
