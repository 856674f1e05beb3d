import { describe, expect, it } from 'vitest';
import { FLAVORS, type Flavor } from '../../../src/kube/flavor.js';
import { clusterNameFromContext, formatStep, imageLoadPlan, imageNames, latestOf, type ImagePlan, type UnsupportedPlan } from '../../../src/image/plan.js';

const opts = { appDir: '/tutor/sample-app', image: 'fastapi-k8s:1.0.0', repoRoot: '/tutor', tmpDir: '/tmp/x' };
const commands = (plan: ImagePlan | UnsupportedPlan) => {
  if ('unsupported' in plan) throw new Error(`unexpected unsupported plan: ${plan.unsupported}`);
  return plan.steps.map((s) => [s.file, ...s.args].join(' '));
};
// Both names (issue 11): the manifests use :1.0.0, the guide's YAML :latest; one build, two tags.
const DOCKER_BUILD = 'docker build -t fastapi-k8s:1.0.0 -t fastapi-k8s:latest /tutor/sample-app';

describe('imageLoadPlan', () => {
  it.each(['docker-desktop', 'orbstack', 'rancher-desktop', 'colima'] as const)('%s: a docker build is enough', (flavor) => {
    expect(commands(imageLoadPlan(flavor, opts))).toEqual([DOCKER_BUILD]);
  });

  it('kind: docker build, then kind load of both names into the named cluster (every node)', () => {
    expect(commands(imageLoadPlan('kind', { ...opts, clusterName: 'dev' }))).toEqual([DOCKER_BUILD, 'kind load docker-image fastapi-k8s:1.0.0 fastapi-k8s:latest --name dev']);
    expect(commands(imageLoadPlan('kind', opts))[1]).toBe('kind load docker-image fastapi-k8s:1.0.0 fastapi-k8s:latest --name kind');
  });

  it('minikube: builds inside minikube, then tags it :latest too, with the profile when known', () => {
    expect(commands(imageLoadPlan('minikube', opts))).toEqual([
      'minikube image build -t fastapi-k8s:1.0.0 /tutor/sample-app',
      'minikube image tag fastapi-k8s:1.0.0 fastapi-k8s:latest',
    ]);
    expect(commands(imageLoadPlan('minikube', { ...opts, clusterName: 'learn' }))).toEqual([
      'minikube image build -t fastapi-k8s:1.0.0 -p learn /tutor/sample-app',
      'minikube image tag fastapi-k8s:1.0.0 fastapi-k8s:latest -p learn',
    ]);
  });

  it('k3d: docker build, then k3d image import of both names into the named cluster', () => {
    expect(commands(imageLoadPlan('k3d', { ...opts, clusterName: 'demo' }))).toEqual([DOCKER_BUILD, 'k3d image import fastapi-k8s:1.0.0 fastapi-k8s:latest -c demo']);
    expect(commands(imageLoadPlan('k3d', opts))[1]).toBe('k3d image import fastapi-k8s:1.0.0 fastapi-k8s:latest -c k3s-default');
  });

  it('microk8s: docker build, docker save of both names to a temp archive, microk8s images import, then clean up', () => {
    const plan = imageLoadPlan('microk8s', opts) as ImagePlan;
    expect(commands(plan)).toEqual([
      DOCKER_BUILD,
      'docker save -o /tmp/x/fastapi-k8s_1.0.0.tar fastapi-k8s:1.0.0 fastapi-k8s:latest',
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
    expect(hint).toContain('docker build -t fastapi-k8s:1.0.0 -t fastapi-k8s:latest /tutor/sample-app');
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

describe('image names (issue 11: the guide says fastapi-k8s:latest, the manifests fastapi-k8s:1.0.0)', () => {
  it('adds the :latest of the same repository by default, once', () => {
    expect(imageNames({ image: 'fastapi-k8s:1.0.0' })).toEqual(['fastapi-k8s:1.0.0', 'fastapi-k8s:latest']);
    expect(imageNames({ image: 'fastapi-k8s:latest' })).toEqual(['fastapi-k8s:latest']);
    expect(imageNames({ image: 'fastapi-k8s:1.0.0', alsoTagged: ['fastapi-k8s:1.0.0', 'me/app:v2'] })).toEqual(['fastapi-k8s:1.0.0', 'me/app:v2']);
    expect(imageNames({ image: 'fastapi-k8s:1.0.0', alsoTagged: [] })).toEqual(['fastapi-k8s:1.0.0']);
  });

  it('latestOf handles registries with ports, untagged names and digests', () => {
    expect(latestOf('localhost:5000/fastapi-k8s:1.0.0')).toBe('localhost:5000/fastapi-k8s:latest');
    expect(latestOf('localhost:5000/fastapi-k8s')).toBeUndefined();
    expect(latestOf('fastapi-k8s')).toBeUndefined();
    expect(latestOf('fastapi-k8s@sha256:abc')).toBeUndefined();
  });

  it('every flavor that copies images delivers both names; none drops :1.0.0', () => {
    for (const flavor of FLAVORS) {
      const plan = imageLoadPlan(flavor, { ...opts, clusterName: 'c' });
      if ('unsupported' in plan) continue;
      const text = commands(plan).join('\n');
      if (flavor === 'k8s-tutor-local') {
        expect(plan.steps[0]!.why).toMatch(/fastapi-k8s:1\.0\.0 and fastapi-k8s:latest/);
        continue;
      }
      expect(text, flavor).toContain('fastapi-k8s:1.0.0');
      expect(text, flavor).toContain('fastapi-k8s:latest');
    }
  });

  it('with only :latest asked for, builds and loads just that name', () => {
    expect(commands(imageLoadPlan('kind', { ...opts, image: 'fastapi-k8s:latest' }))).toEqual([
      'docker build -t fastapi-k8s:latest /tutor/sample-app',
      'kind load docker-image fastapi-k8s:latest --name kind',
    ]);
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
