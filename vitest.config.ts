import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration and end-to-end suites share one DynamoDB Local; each file uses its own table.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
