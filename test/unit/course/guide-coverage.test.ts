import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideCommands, lineMentions, signature, unmentioned } from '../../../src/course/guide-coverage.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
/** The course guide lives beside the repo (shared/), not in it; K8S_TUTOR_GUIDE points elsewhere. */
export const guidePath = process.env.K8S_TUTOR_GUIDE ?? join(repoRoot, '..', 'shared', 'guide', 'kubernetes-guide.md');

function lessonSources(dir = join(repoRoot, 'lessons')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? lessonSources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [readFileSync(join(dir, entry.name), 'utf8')] : [],
  );
}

const SAMPLE = [
  '## 4. Deploying',
  '```bash',
  '# Detailed info',
  'kubectl describe pod <pod-name>',
  'kubectl logs -l app=fastapi-k8s -f   # follow',
  'make status',
  '```',
  '```yaml',
  'kubectl: not a command in YAML',
  '```',
  '## 13. Autoscaling',
  '```bash',
  'kubectl autoscale deployment fastapi-k8s \\',
  '  --cpu-percent=50 \\',
  '  --max=20',
  'kubectl delete pod fastapi-k8s-7f8b9c6d4-2nxkl',
  '```',
].join('\n');

describe('the guide\'s kubectl commands', () => {
  it('are read from shell blocks only, continuation lines joined, comments dropped, with their section', () => {
    expect(guideCommands(SAMPLE)).toEqual([
      { text: 'kubectl describe pod <pod-name>', section: '4. Deploying', line: 4 },
      { text: 'kubectl logs -l app=fastapi-k8s -f', section: '4. Deploying', line: 5 },
      { text: 'kubectl autoscale deployment fastapi-k8s --cpu-percent=50 --max=20', section: '13. Autoscaling', line: 15 },
      { text: 'kubectl delete pod fastapi-k8s-7f8b9c6d4-2nxkl', section: '13. Autoscaling', line: 16 },
    ]);
  });

  it('a signature keeps the words and flags, not placeholders, generated pod names or flag values', () => {
    expect(signature('kubectl describe pod <pod-name>')).toEqual(['kubectl', 'describe', 'pod']);
    expect(signature('kubectl delete pod fastapi-k8s-7f8b9c6d4-2nxkl')).toEqual(['kubectl', 'delete', 'pod']);
    expect(signature('kubectl scale deployment fastapi-k8s --replicas=10')).toEqual(['kubectl', 'scale', 'deployment', 'fastapi-k8s', '--replicas']);
  });

  it('a line mentions a command with its words in order, in kubectl\'s other spellings too', () => {
    expect(lineMentions("hints: ['kubectl scale deployment fastapi-k8s --replicas=3 -n {ns}']", signature('kubectl scale deployment fastapi-k8s --replicas=10'))).toBe(true);
    expect(lineMentions('`kubectl rollout undo deployment/fastapi-k8s -n {ns}`', signature('kubectl rollout undo deployment fastapi-k8s'))).toBe(true);
    expect(lineMentions("'kubectl get pods -n {ns}'", signature('kubectl get pod'))).toBe(true);
    expect(lineMentions("'kubectl logs -l app=fastapi-k8s -n {ns}'", signature('kubectl logs -l app=fastapi-k8s -f'))).toBe(false);
    expect(lineMentions("'kubectl get svc fastapi-k8s'", signature('kubectl get service fastapi-k8s'))).toBe(true);
  });

  it('unmentioned: substitutes the lesson constants before looking', () => {
    const commands = guideCommands(SAMPLE);
    const missing = unmentioned(commands, ['x: `kubectl logs -l app=${APP} -f -n {ns}`', "'kubectl describe pod <name> -n {ns}'"], { APP: 'fastapi-k8s' });
    expect(missing.map((c) => c.text)).toEqual(['kubectl autoscale deployment fastapi-k8s --cpu-percent=50 --max=20', 'kubectl delete pod fastapi-k8s-7f8b9c6d4-2nxkl']);
  });

  it('every kubectl command of the course guide is taught or named by some lesson', () => {
    expect(existsSync(guidePath), `the course guide is missing at ${guidePath} (set K8S_TUTOR_GUIDE)`).toBe(true);
    const commands = guideCommands(readFileSync(guidePath, 'utf8'));
    expect(commands.length).toBeGreaterThan(30);
    const missing = unmentioned(commands, lessonSources(), { APP: 'fastapi-k8s' });
    expect(missing.map((c) => `§${c.section} (guide line ${c.line}): ${c.text}`)).toEqual([]);
  });
});
