import { describe, expect, it } from 'vitest';
import { mapConcurrently } from '../../lib/map-concurrently.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('mapConcurrently', () => {
  it.each([1, 2, 3, 7, 50])(
    'has at most %i calls in flight and keeps the order of the items',
    async (limit) => {
      let inFlight = 0;
      let most = 0;
      const items = Array.from({ length: 20 }, (_, i) => i);
      const results = await mapConcurrently(items, limit, async (item) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        // Later items end sooner, so results arrive out of order.
        for (let i = 0; i < 20 - item; i += 1) await tick();
        inFlight -= 1;
        return item * 10;
      });
      expect(results).toEqual(items.map((item) => item * 10));
      expect(most).toBe(Math.min(limit, items.length));
    },
  );

  it('rejects when a call rejects', async () => {
    await expect(
      mapConcurrently([1, 2, 3], 2, async (item) => {
        if (item === 2) throw new Error('two');
        return item;
      }),
    ).rejects.toThrow('two');
  });

  it('answers an empty list without calling', async () => {
    expect(await mapConcurrently([], 4, async () => 1)).toEqual([]);
  });
});
