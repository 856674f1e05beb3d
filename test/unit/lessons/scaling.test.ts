import { describe, expect, it } from 'vitest';
import { perPod, replicasSource, scaledUpTo } from '../../../lessons/05-scaling/scaling.js';
import type { KubeObject } from '../../../src/kube/types.js';

const owns = { 'f:spec': { 'f:replicas': {} } };

function deployment(replicas: number, managedFields: unknown[], lastApplied?: unknown): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'fastapi-k8s',
      managedFields,
      ...(lastApplied === undefined ? {} : { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': typeof lastApplied === 'string' ? lastApplied : JSON.stringify(lastApplied) } }),
    },
    spec: { replicas },
  };
}

describe('lesson 5: where replicas came from', () => {
  it('a server-side apply that owns spec.replicas is a file, whoever applied it', () => {
    expect(replicasSource(deployment(4, [{ manager: 'kubectl', operation: 'Apply', fieldsV1: owns }]))).toEqual({ fromFile: true, how: 'applied from a file (server-side apply by kubectl)' });
    expect(replicasSource(deployment(4, [{ manager: 'k8s-tutor', operation: 'Apply', fieldsV1: owns }])).fromFile).toBe(true);
  });

  it('a client-side kubectl apply is a file when the file it applied last says the same number', () => {
    expect(replicasSource(deployment(4, [{ manager: 'kubectl-client-side-apply', operation: 'Update', fieldsV1: owns }], { spec: { replicas: 4 } }))).toEqual({ fromFile: true, how: 'applied from a file (kubectl apply: the file it applied last says so)' });
  });

  it('kubectl scale, edit or patch changed the live object only, and the answer says what the file says', () => {
    expect(replicasSource(deployment(4, [{ manager: 'kubectl', operation: 'Update', subresource: 'scale', fieldsV1: owns }], { spec: { replicas: 5 } }))).toEqual({ fromFile: false, by: 'kubectl scale', fileSays: 5 });
    expect(replicasSource(deployment(4, [{ manager: 'k8s-tutor', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:template': {} } } }, { manager: 'kubectl', operation: 'Update', subresource: 'scale', fieldsV1: owns }]))).toEqual({ fromFile: false, by: 'kubectl scale' });
    expect(replicasSource(deployment(4, [{ manager: 'kubectl-edit', operation: 'Update', fieldsV1: owns }])).fromFile).toBe(false);
    expect(replicasSource(deployment(4, [{ manager: 'kubectl-patch', operation: 'Update', fieldsV1: owns }], 'not json'))).toEqual({ fromFile: false, by: 'kubectl patch' });
  });

  it('a file without replicas means 1', () => {
    expect(replicasSource(deployment(1, [], { spec: {} })).fromFile).toBe(true);
  });
});

describe('lesson 5: the scale event and the spread', () => {
  it('reads the count from the Deployment controller\'s event, old and new wording', () => {
    expect(scaledUpTo('Scaled up replica set fastapi-k8s-7f8b9c6d4 from 5 to 10')).toBe(10);
    expect(scaledUpTo('Scaled up replica set fastapi-k8s-7f8b9c6d4 to 10')).toBe(10);
    expect(scaledUpTo('Scaled down replica set fastapi-k8s-7f8b9c6d4 from 10 to 4')).toBeUndefined();
  });

  it('counts requests per pod', () => {
    expect([...perPod([{ pod: 'a' }, { pod: 'b' }, { pod: 'a' }]).entries()]).toEqual([['a', 2], ['b', 1]]);
  });
});

describe('lesson 5: pods over nodes', () => {
  it('says nothing on one node, and counts per node (empty ones too) on several', async () => {
    const { nodeSpread } = await import('../../../lessons/05-scaling/spread.js');
    expect(nodeSpread(['n1', 'n1'], ['n1'])).toEqual([]);
    expect(nodeSpread(['n1', 'n2', 'n1', undefined], ['n1', 'n2', 'n3'])[1]).toBe('4 pods over 3 nodes: n1 2, n2 1, n3 0, (not scheduled yet) 1.');
  });
});
