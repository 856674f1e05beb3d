import { describe, expect, it } from 'vitest';
import { hpaCeiling, inClusterReach, ingressOutlook, metricsAdvice, METRICS_INSECURE_TLS, storagePlan, withDataDirOwner } from '../../../lessons/lib/adapt.js';
import { detectFeatures } from '../../../src/kube/features.js';
import { FakeKube, fullCluster } from '../fake-kube.js';

const without = (kind: string) => fullCluster().filter((o) => o.kind !== kind);
const service = { name: 'fastapi-k8s-internal', namespace: 'k8s-tutor', clusterIP: '10.32.0.9', port: 80 };

describe('adapting to a cluster with everything', () => {
  it('uses metrics, the default class, the IngressClass and DNS', async () => {
    const features = await detectFeatures(new FakeKube(fullCluster()), 'kind');
    expect(metricsAdvice(features, 'kind')).toEqual([]);
    expect(storagePlan(features, 'k8s-tutor', 'data-pvc')).toEqual({ kind: 'dynamic', storageClass: 'standard' });
    expect(ingressOutlook(features).routed).toBe(true);
    const reach = inClusterReach(features, service);
    expect(reach.by).toBe('dns');
    expect(reach.urlExpression).toBe("'http://fastapi-k8s-internal:80/'");
  });
});

describe('adapting to missing parts', () => {
  it('without metrics-server gives the install command, and on Docker Desktop the insecure-TLS patch', async () => {
    const features = await detectFeatures(new FakeKube(without('APIService')), 'docker-desktop');
    expect(features.metrics).toBe(false);
    const advice = metricsAdvice(features, 'docker-desktop');
    expect(advice.join('\n')).toContain('components.yaml');
    expect(advice.join('\n')).toContain('Docker Desktop');
    expect(advice).toContain(`  ${METRICS_INSECURE_TLS}`);
  });

  it.each([
    ['kind', 'IP addresses', true],
    ['docker-desktop', 'self-signed', true],
    ['k8s-tutor-local', 'If its pod stays unready', false],
    ['generic', 'If its pod stays unready', false],
  ] as const)('without metrics-server on %s: the install, and the insecure-TLS patch said as %s', async (flavor, words, needed) => {
    const advice = metricsAdvice(await detectFeatures(new FakeKube(without('APIService')), flavor), flavor).join('\n');
    expect(advice).toContain('components.yaml');
    expect(advice).toContain(METRICS_INSECURE_TLS);
    expect(advice).toContain(words);
    expect(advice.includes('so it also needs --kubelet-insecure-tls')).toBe(needed);
  });

  it('without metrics-server on minikube: the add-on, which needs no patch', async () => {
    const advice = metricsAdvice(await detectFeatures(new FakeKube(without('APIService')), 'minikube'), 'minikube').join('\n');
    expect(advice).toContain('minikube addons enable metrics-server');
    expect(advice).not.toContain('kubelet-insecure-tls');
  });

  it('treats a metrics APIService that is not Available as missing', async () => {
    const broken = fullCluster().map((o) => (o.kind === 'APIService' ? { ...o, status: { conditions: [{ type: 'Available', status: 'False' }] } } : o));
    expect((await detectFeatures(new FakeKube(broken), 'kind')).metrics).toBe(false);
  });

  it('without a default StorageClass offers a labelled hostPath PV reserved for the claim', async () => {
    const features = await detectFeatures(new FakeKube(without('StorageClass')), 'microk8s');
    const plan = storagePlan(features, 'k8s-tutor', 'data-pvc');
    if (plan.kind !== 'hostPath') throw new Error(`expected a hostPath plan, got ${plan.kind}`);
    expect(plan.volume.kind).toBe('PersistentVolume');
    expect(plan.volume.metadata.labels).toEqual({ 'k8s-tutor/namespace': 'k8s-tutor' });
    expect(plan.volume.spec).toMatchObject({ storageClassName: '', claimRef: { namespace: 'k8s-tutor', name: 'data-pvc' }, capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] });
    expect(plan.path).toBe('/tmp/k8s-tutor/k8s-tutor-data-pvc');
  });

  it('a StorageClass that is not the default does not count', async () => {
    const plain = fullCluster().map((o) => (o.kind === 'StorageClass' ? { ...o, metadata: { name: 'slow' } } : o));
    expect(storagePlan(await detectFeatures(new FakeKube(plain), 'kind'), 'ns', 'data-pvc').kind).toBe('hostPath');
  });

  it('on the hostPath path, hands the data directory to the app user with a root init container', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'fastapi-k8s' }, spec: { template: { spec: { containers: [] } } } };
    const edited = withDataDirOwner(deployment, 'fastapi-k8s:1.0.0');
    const init = (edited.spec as { template: { spec: { initContainers: { command: string[]; securityContext: { runAsUser: number } }[] } } }).template.spec.initContainers[0]!;
    expect(init.command.join(' ')).toContain("chownSync('/app/data', 10001, 10001)");
    expect(init.securityContext.runAsUser).toBe(0);
    expect((deployment.spec.template.spec as Record<string, unknown>).initContainers).toBeUndefined();
  });

  it('without an IngressClass says the Ingress stays without an address, and why', async () => {
    const outlook = ingressOutlook(await detectFeatures(new FakeKube(without('IngressClass')), 'kind'));
    expect(outlook.routed).toBe(false);
    expect(outlook.lines.join(' ')).toMatch(/no IngressClass.*ADDRESS stays empty/s);
  });

  it('takes the only IngressClass even when it is not marked default', async () => {
    expect((await detectFeatures(new FakeKube(fullCluster()), 'kind')).ingressClass).toBe('nginx');
  });

  it('without DNS reaches the Service through the env vars the kubelet injects, showing the ClusterIP', async () => {
    const features = await detectFeatures(new FakeKube(without('Service')), 'k8s-tutor-local');
    expect(features.dns).toBe(false);
    const reach = inClusterReach(features, service);
    expect(reach.by).toBe('environment');
    expect(reach.urlExpression).toBe("'http://'+process.env.FASTAPI_K8S_INTERNAL_SERVICE_HOST+':'+process.env.FASTAPI_K8S_INTERNAL_SERVICE_PORT+'/'");
    expect(reach.shown).toContain('10.32.0.9:80');
    expect(reach.why).toContain('no DNS');
  });
});

describe('hpaCeiling', () => {
  it('keeps the guide maximum when the cluster can hold it', () => {
    expect(hpaCeiling(20, 2, 8000, 100)).toEqual({ max: 20 });
  });

  it('scales the maximum down on a 2-CPU cluster, saying why', () => {
    const ceiling = hpaCeiling(20, 2, 2000, 100);
    expect(ceiling.max).toBe(10);
    expect(ceiling.reason).toContain('maximum here is 10');
  });

  it('never goes below min + 1, so that a scale-up stays possible', () => {
    expect(hpaCeiling(20, 2, 500, 250).max).toBe(3);
  });
});
