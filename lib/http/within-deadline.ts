/**
 * `work`'s value, or `late()`'s once `ms` have passed, whichever comes first. The work is not
 * cancelled: it goes on and its result is dropped (an idempotent write may still land, which is
 * what a retry of it would do anyway). `work` must not reject.
 */
export const withinDeadline = async <T>(
  work: Promise<T>,
  ms: number,
  late: () => T,
): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late()), Math.max(0, ms));
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
};
