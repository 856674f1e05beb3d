// The kind flavor's tests (cluster/kind/*.spec.ts), apart from every other config on purpose: neither
// `npm test` nor scripts/test-all.sh runs them (yet). Run as root, with nothing of the kind flavor up:
//   npx vitest run --config cluster/kind/vitest.kind.config.ts
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: resolve(import.meta.dirname, '../..'),
    projects: [
      {
        test: {
          name: 'kind',
          root: resolve(import.meta.dirname, '../..'),
          include: ['cluster/kind/*.spec.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
