import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const lib = fileURLToPath(new URL('./libs/janus/src/index.ts', import.meta.url));
const entry = (name: string): string => fileURLToPath(new URL(`./libs/janus/src/${name}/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the library by its package name, from source.
    alias: [
      { find: /^nestjs-janus$/, replacement: lib },
      { find: /^nestjs-janus\/core$/, replacement: entry('core') },
      { find: /^nestjs-janus\/health$/, replacement: entry('health') },
      { find: /^nestjs-janus\/metrics$/, replacement: entry('metrics') },
    ],
  },
  test: {
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'libs/**/*.spec.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Headless Chromium (Debian's, through playwright-core) against the real app and a real Janus.
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Browsers and Janus compete for CPU (WebRTC encode/decode): one file at a time.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // The packed library (npm pack) installed into throwaway apps made the way users make them (Nest 12 ESM,
          // Nest 11 CommonJS, plain Node without Nest), compiled with strict tsc and run against a real Janus; publint,
          // attw and the README's code blocks. The global setup builds and packs the library once.
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          globalSetup: ['test/package/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // npm installs and tsc runs are CPU-heavy: one file at a time.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // The chaos suite (test/chaos/README.md): link cuts, blackholes, Janus crashes, churn, fuzz, auth matrix,
          // against the real app and a real Janus. Each case prints its figures; `npm run chaos` runs it longer.
          name: 'chaos',
          include: ['test/chaos/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // Timing-sensitive (outages, keepalive cadence): one file at a time.
          fileParallelism: false,
          // global.gc() for the memory checkpoints of the churn case (the app runs in the test's worker).
          execArgv: ['--expose-gc'],
        },
      },
      {
        extends: true,
        test: {
          // 10,000 clients held on one instance of the app (issue 17): after every other project, alone, so that
          // the load neither slows the other suites' tests nor is slowed by them.
          name: 'capacity',
          include: ['test/capacity/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
