import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { vi } from 'vitest';
import type { StateChangeDetail } from '../../lib/events/state-change.js';

export type PutEventsAnswer = (entries: PutEventsRequestEntry[]) => Partial<PutEventsCommandOutput>;

export const acceptEveryEntry: PutEventsAnswer = (entries) => ({
  FailedEntryCount: 0,
  Entries: entries.map((_, index) => ({ EventId: `e-${index}` })),
});

/**
 * EventBridge replaced, having no local emulator: every PutEvents request is kept and answered by
 * `answer`. Undone by `vi.restoreAllMocks()`.
 */
export const mockEventBridge = (answer: PutEventsAnswer = acceptEveryEntry) => {
  const requests: PutEventsRequestEntry[][] = [];
  vi.spyOn(EventBridgeClient.prototype, 'send').mockImplementation(async (command: unknown) => {
    if (!(command instanceof PutEventsCommand)) throw new Error('only PutEvents is expected');
    const entries = command.input.Entries ?? [];
    requests.push(entries);
    return answer(entries);
  });
  const details = () =>
    requests.flat().map((entry) => JSON.parse(entry.Detail ?? '{}') as StateChangeDetail);
  return { requests, details };
};
