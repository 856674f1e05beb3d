import { describe, expect, it } from 'vitest';
import { exists, matches } from '../../../src/checks/object.js';
import { byName } from '../../../src/checks/match.js';
import { FakeKube, deployment } from '../fake-kube.js';

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'fastapi-k8s' };

describe('object checks', () => {
  it('matches: one verdict per mismatch, each with a sentence, the fix and a diff', async () => {
    const kube = new FakeKube();
    kube.put(deployment('fastapi-k8s', 1, 1));
    const check = matches(ref, { spec: { replicas: 3, template: { spec: { containers: byName([{ name: 'fastapi-k8s', image: 'fastapi-k8s:2.0.0' }]) } } } }, {
      fix: (m, ctx) => (m.path === 'spec.replicas' ? `kubectl scale deployment fastapi-k8s --replicas=3 -n ${ctx.namespace}` : undefined),
    });
    const result = await check.evaluate({ kube, namespace: 'k8s-tutor' });
    expect(result.passed).toBe(false);
    expect(result.verdicts).toHaveLength(2);
    expect(result.message).toBe('Deployment fastapi-k8s: replicas is 1; this lesson expects 3');
    expect(result.fix).toBe('kubectl scale deployment fastapi-k8s --replicas=3 -n k8s-tutor');
    expect(result).toMatchObject({ path: 'spec.replicas', expected: 3, actual: 1 });
    expect(result.verdicts?.[1]?.sentence).toBe('Deployment fastapi-k8s: image is fastapi-k8s:1.0.0; this lesson expects fastapi-k8s:2.0.0');
    expect(result.diff).toContain('-   replicas: 3');
    expect(result.diff).toContain('+   replicas: 1');
  });

  it('matches: passes when the partial object is contained', async () => {
    const kube = new FakeKube();
    kube.put(deployment('fastapi-k8s', 5, 5));
    const result = await matches(ref, { spec: { replicas: 5 } }).evaluate({ kube, namespace: 'k8s-tutor' });
    expect(result.passed).toBe(true);
  });

  it('a missing object says so and offers the command that creates it', async () => {
    const kube = new FakeKube();
    const result = await matches(ref, { spec: { replicas: 5 } }, { create: (ctx) => `kubectl apply -f manifests/k8s.yaml -n ${ctx.namespace}` }).evaluate({ kube, namespace: 'ns1' });
    expect(result).toMatchObject({ passed: false, message: 'Deployment fastapi-k8s does not exist in namespace ns1', fix: 'kubectl apply -f manifests/k8s.yaml -n ns1' });
    expect((await exists(ref).evaluate({ kube, namespace: 'ns1' })).passed).toBe(false);
  });
});
