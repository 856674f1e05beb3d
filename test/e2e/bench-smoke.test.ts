import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, test } from 'vitest';
import { kubeconfig, repoRoot } from './support/harness.js';

// Keeps the benchmark harness alive: `npm run bench -- --quick` runs end to end and writes a table
// with every row. It asserts nothing about the figures themselves (benchmarks are not tests).
test('npm run bench -- --quick produces the whole table', { timeout: 240_000 }, async () => {
  const results = mkdtempSync(join(tmpdir(), 'k8s-tutor-bench-'));
  const run = await execa('npm', ['run', 'bench', '--', '--quick'], {
    cwd: repoRoot,
    env: { KUBECONFIG: kubeconfig, BENCH_NS: 'e2e-bench-smoke', BENCH_RESULTS: results, BENCH_WORK: join(results, 'work') },
    reject: false,
    timeout: 230_000,
    stdin: 'ignore',
  });
  expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
  const table = JSON.parse(readFileSync(join(results, 'latest.json'), 'utf8')) as { rows: { figure: string; value: string; holds: boolean | null }[] };
  const figures = table.rows.map((r) => r.figure);
  for (const expected of ['`k8s-tutor --help` (bundle)', '`k8s-tutor list` (bundle)', '`check first-deployment`', '`check rolling-updates`', 'reaction: pod deleted → replacement Ready reported', 'sample app GET / req/s', 'sample app GET / p99', 'sample app peak RSS under load', 'tutor peak RSS while `check --watch` waits']) {
    expect(figures).toContain(expected);
  }
  for (const row of table.rows) expect(row.value, row.figure).toMatch(/\d/);
  expect(readFileSync(join(results, 'latest.md'), 'utf8')).toContain('| figure |');
});
