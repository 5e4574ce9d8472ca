import { defineConfig } from 'vitest/config';

/** Tests that start real processes: the bundled action against the fake GitHub, real Terraform, real pipes. */
const INTEGRATION = ['test/e2e/**/*.test.ts', 'test/terraform/**/*.test.ts', 'test/cli-pipe.test.ts', 'test/cli-terminal.test.ts'];

// Two projects: `npm test` runs both; `npm run test:unit` is the everyday loop (seconds, no
// per-file isolation: these tests are pure), `npm run test:integration` the slow half.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Every file the tests and their processes write under the temporary directory goes in one
    // scratch directory for the run, removed when it ends.
    globalSetup: ['./test/support/scratch-tmpdir.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: INTEGRATION,
          isolate: false,
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: INTEGRATION,
          // Terraform and end-to-end tests start real processes, on the bundles built once here.
          globalSetup: ['./test/support/scratch-tmpdir.ts', './test/support/global-setup.ts'],
          // A timeout here catches a hang, not slowness (speed is `npm run bench`'s): an e2e test runs
          // the bundled action up to ten times, which takes minutes on a busy two-core machine.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
