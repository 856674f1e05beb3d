// The local cluster's multi-node tests (*.spec.ts here), apart from the main config on purpose: the normal
// 1-node `npm test` pass (vitest.config.ts, cluster/**/*.test.ts) does not include them. scripts/test-all.sh
// runs them in its multi-node pass, with K8S_TUTOR_NODES set to the number of nodes it brought up:
//   K8S_TUTOR_NODES=3 npx vitest run --config cluster/vitest.multinode.config.ts cluster/multinode.spec.ts
//   K8S_TUTOR_FOOTPRINT_BEFORE=FILE npx vitest run --config cluster/vitest.multinode.config.ts cluster/multinode-down.spec.ts
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: resolve(import.meta.dirname, '..'),
    projects: [
      {
        test: {
          name: 'e2e',
          root: resolve(import.meta.dirname, '..'),
          include: ['cluster/*.spec.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
