import { defineConfig } from 'vitest/config';

/** `npm run soak:gateway`: the soak tests (*.soak.ts), hours long, never part of `npm test`. */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/soak/**/*.soak.ts'],
    testTimeout: 4 * 3600_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
