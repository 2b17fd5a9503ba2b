import { vi } from 'vitest';

/**
 * Everything written to stdout and stderr from now on (the logger writes INFO to one and ERROR to
 * the other), still passed through; `vi.restoreAllMocks()` stops the capture.
 */
export const captureOutput = (): string[] => {
  const written: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
  return written;
};
