import { describe, expect, it } from 'vitest';
import { FLAVORS, type Flavor } from '../../../src/kube/flavor.js';
import { clusterNameFromContext, formatStep, imageLoadPlan, type ImagePlan, type UnsupportedPlan } from '../../../src/image/plan.js';

const opts = { appDir: '/tutor/sample-app', image: 'fastapi-k8s:1.0.0', repoRoot: '/tutor', tmpDir: '/tmp/x' };
const commands = (plan: ImagePlan | UnsupportedPlan) => {
  if ('unsupported' in plan) throw new Error(`unexpected unsupported plan: ${plan.unsupported}`);
  return plan.steps.map((s) => [s.file, ...s.args].join(' '));
};
const DOCKER_BUILD = 'docker build -t fastapi-k8s:1.0.0 /tutor/sample-app';

describe('imageLoadPlan', () => {
  it.each(['docker-desktop', 'orbstack', 'rancher-desktop', 'colima'] as const)('%s: a docker build is enough', (flavor) => {
    expect(commands(imageLoadPlan(flavor, opts))).toEqual([DOCKER_BUILD]);
  });

  it('kind: docker build, then kind load into the named cluster', () => {
    expect(commands(imageLoadPlan('kind', { ...opts, clusterName: 'dev' }))).toEqual([DOCKER_BUILD, 'kind load docker-image fastapi-k8s:1.0.0 --name dev']);
    expect(commands(imageLoadPlan('kind', opts))[1]).toBe('kind load docker-image fastapi-k8s:1.0.0 --name kind');
  });

  it('minikube: builds inside minikube, with the profile when known', () => {
    expect(commands(imageLoadPlan('minikube', opts))).toEqual(['minikube image build -t fastapi-k8s:1.0.0 /tutor/sample-app']);
    expect(commands(imageLoadPlan('minikube', { ...opts, clusterName: 'learn' }))).toEqual(['minikube image build -t fastapi-k8s:1.0.0 -p learn /tutor/sample-app']);
  });

  it('k3d: docker build, then k3d image import into the named cluster', () => {
    expect(commands(imageLoadPlan('k3d', { ...opts, clusterName: 'demo' }))).toEqual([DOCKER_BUILD, 'k3d image import fastapi-k8s:1.0.0 -c demo']);
    expect(commands(imageLoadPlan('k3d', opts))[1]).toBe('k3d image import fastapi-k8s:1.0.0 -c k3s-default');
  });

  it('microk8s: docker build, docker save to a temp archive, microk8s images import, then clean up', () => {
    const plan = imageLoadPlan('microk8s', opts) as ImagePlan;
    expect(commands(plan)).toEqual([
      DOCKER_BUILD,
      'docker save -o /tmp/x/fastapi-k8s_1.0.0.tar fastapi-k8s:1.0.0',
      'microk8s images import /tmp/x/fastapi-k8s_1.0.0.tar',
    ]);
    expect(plan.cleanup).toEqual(['/tmp/x/fastapi-k8s_1.0.0.tar']);
  });

  it("k8s-tutor-local: the local cluster's own script", () => {
    expect(commands(imageLoadPlan('k8s-tutor-local', opts))).toEqual(['bash /tutor/cluster/image.sh']);
    const { repoRoot: _, ...withoutRoot } = opts;
    const plan = imageLoadPlan('k8s-tutor-local', withoutRoot);
    expect(plan).toMatchObject({ unsupported: expect.stringContaining('repository root'), hint: expect.stringContaining('bash cluster/image.sh') });
  });

  it('generic: unsupported, with a hint about a registry and imagePullPolicy', () => {
    const plan = imageLoadPlan('generic', opts);
    expect('unsupported' in plan).toBe(true);
    const { hint } = plan as UnsupportedPlan;
    expect(hint).toContain('docker build -t fastapi-k8s:1.0.0 /tutor/sample-app');
    expect(hint).toMatch(/registry/);
    expect(hint).toMatch(/imagePullPolicy/);
  });

  it('covers every flavor, and every step says why', () => {
    for (const flavor of FLAVORS) {
      const plan = imageLoadPlan(flavor, { ...opts, clusterName: 'c' });
      if ('unsupported' in plan) {
        expect(flavor).toBe('generic');
        continue;
      }
      expect(plan.steps.length, flavor).toBeGreaterThan(0);
      for (const s of plan.steps) expect(s.why.length, `${flavor} ${s.file}`).toBeGreaterThan(10);
      // no step goes through a shell
      for (const s of plan.steps) expect(['docker', 'kind', 'minikube', 'k3d', 'microk8s', 'bash']).toContain(s.file);
    }
  });
});

describe('clusterNameFromContext', () => {
  it.each([
    ['kind', 'kind-dev', 'dev'],
    ['kind', 'kind-kind', 'kind'],
    ['k3d', 'k3d-demo', 'demo'],
    ['minikube', 'minikube', 'minikube'],
    ['kind', 'not-kind', undefined],
    ['docker-desktop', 'docker-desktop', undefined],
  ] as [Flavor, string, string | undefined][])('%s %s → %s', (flavor, context, name) => {
    expect(clusterNameFromContext(flavor, context)).toBe(name);
  });
});

describe('formatStep', () => {
  it('quotes only what a shell would need quoted', () => {
    expect(formatStep({ file: 'docker', args: ['build', '-t', 'fastapi-k8s:1.0.0', '/my dir/app'] })).toBe("docker build -t fastapi-k8s:1.0.0 '/my dir/app'");
    expect(formatStep({ file: 'echo', args: ["it's"] })).toBe(`echo 'it'\\''s'`);
  });
});
