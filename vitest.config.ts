import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    setupFiles: ['test/setup.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-results.json' },
    benchmark: {
      include: ['bench/**/*.bench.ts'],
    },
  },
});
