import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, repoRoot, workspace } from './harness.js';
import { readyLessons, runLessons } from './safety-support.js';

/**
 * Issue 7 item 8: no Secret value ever reaches the screen or the progress file. The values come
 * from manifests/config.yaml and, after the lessons ran, from every Secret in the tutor's namespace;
 * each is looked for as is and base64-encoded in every lesson's stdout and stderr, in `check --json`
 * and `hint` for each lesson, and in progress.json.
 */

const ws = workspace('safety-secrets');
afterAll(() => cleanup(ws));

function manifestSecretValues(): string[] {
  const values: string[] = [];
  for (const doc of parseAllDocuments(readFileSync(join(repoRoot, 'manifests', 'config.yaml'), 'utf8'))) {
    const o = doc.toJS() as { kind?: string; stringData?: Record<string, string>; data?: Record<string, string> } | null;
    if (o?.kind !== 'Secret') continue;
    values.push(...Object.values(o.stringData ?? {}), ...Object.values(o.data ?? {}).map((v) => Buffer.from(v, 'base64').toString('utf8')));
  }
  return values;
}

async function clusterSecretValues(): Promise<string[]> {
  const run = await ws.kubectl(['get', 'secrets', '-n', ws.namespace, '-o', 'json']);
  const items = (JSON.parse(run.stdout) as { items: { type: string; data?: Record<string, string> }[] }).items;
  return items.filter((s) => s.type !== 'kubernetes.io/service-account-token').flatMap((s) => Object.values(s.data ?? {}).map((v) => Buffer.from(v, 'base64').toString('utf8')));
}

describe('Secret values stay secret', () => {
  it('in no lesson output, check, hint or progress file', async () => {
    const lessons = await readyLessons(ws);
    expect(lessons.map((l) => l.number)).toEqual(expect.arrayContaining([1, 2, 3, 4]));
    const runs = await runLessons(ws, lessons);
    const texts: [where: string, text: string][] = [];
    for (const [id, run] of runs) texts.push([`lesson ${id} stdout`, run.stdout], [`lesson ${id} stderr`, run.stderr]);
    for (const lesson of lessons) {
      const check = await ws.tutor(['check', lesson.id, '--json']);
      const hint = await ws.tutor(['hint', lesson.id]);
      texts.push([`check ${lesson.id}`, check.stdout + check.stderr], [`hint ${lesson.id}`, hint.stdout + hint.stderr]);
    }
    const progress = join(ws.configDir, 'progress.json');
    expect(existsSync(progress)).toBe(true);
    texts.push(['progress.json', readFileSync(progress, 'utf8')]);

    const secrets = [...new Set([...manifestSecretValues(), ...(await clusterSecretValues())])].filter((v) => v.length >= 6);
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    const needles = secrets.flatMap((v) => [v, Buffer.from(v).toString('base64')]);
    const leaks = texts.flatMap(([where, text]) => needles.filter((n) => text.includes(n)).map((n) => `${where} shows ${n.slice(0, 4)}…`));
    console.log(`secrets: ${secrets.length} values (and their base64) searched in ${texts.length} outputs of ${lessons.length} lessons; ${leaks.length} leaks`);
    expect(leaks).toEqual([]);
  }, 3_600_000);
});
