import { describe, expect, it } from 'vitest';
import { replicasReady } from '../../../lessons/lib/app.js';
import { FakeKube, deployment, pod } from '../fake-kube.js';

describe('replicasReady when the sample image is missing', () => {
  it('says how to load the image, not just to look at the pods', async () => {
    const kube = new FakeKube();
    kube.put(deployment('fastapi-k8s', 1, 0));
    const stuck = pod('fastapi-k8s-abc', 'fastapi-k8s', false);
    (stuck.status as { containerStatuses: { state: unknown }[] }).containerStatuses[0]!.state = { waiting: { reason: 'ErrImageNeverPull', message: 'Container image "fastapi-k8s:1.0.0" is not present with pull policy of Never' } };
    kube.put(stuck);
    const result = await replicasReady('fastapi-k8s', 1).evaluate({ kube, namespace: 'k8s-tutor' });
    expect(result.passed).toBe(false);
    expect(result.message).toContain('is ErrImageNeverPull');
    expect(result.fix).toContain('`k8s-tutor lesson first-deployment` builds and loads fastapi-k8s:1.0.0');
  });

  it('when the pods ask for another tag, points at the tag instead', async () => {
    const kube = new FakeKube();
    kube.put(deployment('fastapi-k8s', 1, 0));
    const stuck = pod('fastapi-k8s-abc', 'fastapi-k8s', false);
    (stuck.status as { containerStatuses: { state: unknown }[] }).containerStatuses[0]!.state = { waiting: { reason: 'ErrImageNeverPull', message: 'Container image "fastapi-k8s:9.9.9" is not present with pull policy of Never' } };
    kube.put(stuck);
    const result = await replicasReady('fastapi-k8s', 1).evaluate({ kube, namespace: 'k8s-tutor' });
    expect(result.fix).toContain("check the tag: kubectl get deployment fastapi-k8s -n k8s-tutor -o jsonpath='{.spec.template.spec.containers[*].image}'");
  });
});
