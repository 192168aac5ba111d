import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Child processes (tsx, builds, browsers) take seconds each on a busy 2-core machine: a generous
    // ceiling; a test that needs less says so itself.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: 'forks',
    // Two cores: files run in parallel, but keep it to two workers.
    maxWorkers: 2,
  },
});
