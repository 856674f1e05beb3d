import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Where printed commands point (the learner's copy of the course files), kept out of HOME.
          env: { K8S_TUTOR_WORKDIR: join(tmpdir(), `k8s-tutor-unit-files-${process.pid}`) },
          include: ['test/unit/**/*.test.ts', 'sample-app/test/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'cluster/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
