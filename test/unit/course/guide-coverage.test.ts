import { describe, expect, it } from 'vitest';
import { guideCommands, lineMentions, signature, unmentioned } from '../../../src/course/guide-coverage.js';

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
});
