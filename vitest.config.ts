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
    // Property tests run thousands of cases; on a shared 2-core machine under load some took 6–7 s
    // against vitest's 5 s default. A time-out says nothing about behaviour (speed lives in
    // `npm run bench`), so give them room.
    testTimeout: 30_000,
  },
});
