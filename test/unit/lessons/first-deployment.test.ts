import { describe, expect, it } from 'vitest';
import { declaresAppPort, targetPortReaches } from '../../../lessons/03-first-deployment/shape.js';
import { loadBalancerHere } from '../../../lessons/03-first-deployment/steps.js';
import { createLessonContext } from '../../../src/course/context.js';
import type { Flavor } from '../../../src/kube/flavor.js';
import { PlainUi } from '../../../src/ui/plain.js';
import { FakeKube } from '../fake-kube.js';

const named = [{ name: 'fastapi-k8s', ports: [{ name: 'http', containerPort: 8000 }] }];
const guide = [{ name: 'fastapi-k8s', ports: [{ containerPort: 8000 }] }];

describe('lesson 3: a Service port reaches the app by meaning', () => {
  it('accepts the number, as the guide writes it, and its string form', () => {
    expect(targetPortReaches(8000, 80, guide)).toMatchObject({ ok: true, resolved: 8000, how: 'targetPort 8000' });
    expect(targetPortReaches('8000', 80, guide)).toMatchObject({ ok: true, resolved: 8000 });
  });

  it('accepts the name of the container port that is 8000, and says where a name leads nowhere', () => {
    expect(targetPortReaches('http', 80, named)).toEqual({ ok: true, resolved: 8000, how: 'targetPort "http", the container\'s port 8000' });
    expect(targetPortReaches('http', 80, guide)).toEqual({ ok: false, why: 'targetPort "http" names no port of the pod\'s containers (name the container port http, or use the number 8000)' });
    expect(targetPortReaches('web', 80, [{ ports: [{ name: 'web', containerPort: 9000 }] }])).toMatchObject({ ok: false, resolved: 9000 });
  });

  it('a missing targetPort means the same as port, which is not the app\'s', () => {
    expect(targetPortReaches(undefined, 80, guide)).toEqual({ ok: false, resolved: 80, why: 'no targetPort, so the same as port (80) does not reach the app, which listens on 8000' });
    expect(targetPortReaches(undefined, 8000, guide)).toMatchObject({ ok: true, resolved: 8000 });
    expect(targetPortReaches(8080, 80, guide)).toMatchObject({ ok: false, resolved: 8080 });
  });

  it('a container declares port 8000 named or not, in any container', () => {
    expect(declaresAppPort(guide)).toBe(true);
    expect(declaresAppPort(named)).toBe(true);
    expect(declaresAppPort([{ name: 'sidecar' }, { name: 'app', ports: [{ containerPort: 8000, name: 'web' }] }])).toBe(true);
    expect(declaresAppPort([{ name: 'app', ports: [{ containerPort: 8080 }] }])).toBe(false);
    expect(declaresAppPort([{ name: 'app' }])).toBe(false);
  });
});

describe('lesson 3: where a LoadBalancer Service gets its address, said for each flavor', () => {
  const on = (flavor: Flavor) => {
    const kube = new FakeKube();
    const ui = new PlainUi({ write: () => undefined });
    return loadBalancerHere(createLessonContext({ kube, ui, cluster: { name: flavor, cluster: flavor, user: 'u', server: 'https://127.0.0.1:6443', flavor }, yes: true, signal: new AbortController().signal }));
  };

  it.each([
    ['kind', 'cloud-provider-kind', ['minikube tunnel', 'MetalLB']],
    ['minikube', '`minikube tunnel`', ['cloud-provider-kind', 'MetalLB']],
    ['microk8s', 'MetalLB', ['minikube tunnel', 'cloud-provider-kind']],
  ] as const)('on %s: names %s only', async (flavor, named, notNamed) => {
    const said = await on(flavor);
    expect(said).toContain(named);
    for (const other of notNamed) expect(said).not.toContain(other);
  });

  it('on Docker Desktop: localhost; on the local test cluster: none at all', async () => {
    expect(await on('docker-desktop')).toContain('localhost');
    expect(await on('k8s-tutor-local')).toContain('has no load balancer');
  });
});
