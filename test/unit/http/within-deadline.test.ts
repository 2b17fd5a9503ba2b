import { describe, expect, it, vi } from 'vitest';
import { withinDeadline } from '../../../lib/http/within-deadline.js';

describe('withinDeadline', () => {
  it('answers the work when it finishes first, and never calls late', async () => {
    const late = vi.fn(() => 'late');
    expect(await withinDeadline(Promise.resolve('done'), 1000, late)).toBe('done');
    expect(late).not.toHaveBeenCalled();
  });

  it('answers late() when the work is still running at the deadline', async () => {
    vi.useFakeTimers();
    try {
      const never = new Promise<string>(() => undefined);
      const answer = withinDeadline(never, 500, () => 'late');
      await vi.advanceTimersByTimeAsync(499);
      let settled = false;
      void answer.then(() => {
        settled = true;
      });
      await Promise.resolve();
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await answer).toBe('late');
    } finally {
      vi.useRealTimers();
    }
  });

  it('treats a deadline already past as now', async () => {
    const never = new Promise<string>(() => undefined);
    expect(await withinDeadline(never, -50, () => 'late')).toBe('late');
  });
});
