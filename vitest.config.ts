import { defineConfig } from 'vitest/config';

// Unit and property tests of core, storage and the CLI, in Node. Browser behaviour is tested in a
// real Chromium by `npm run test:browser` (tests/browser), not here.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/browser/**', 'node_modules/**', 'dist/**'],
    environment: 'node',
    globals: false,
    // Focused tests would silently shrink the run in CI; lint bans them too.
    allowOnly: false,
    passWithNoTests: false,
  },
});
