import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { knockOnNodePort } from '../../../lessons/10-networking/steps.js';
import { createLessonContext } from '../../../src/course/context.js';
import type { Flavor } from '../../../src/kube/flavor.js';
import { PlainUi } from '../../../src/ui/plain.js';
import { describe, expect, it } from 'vitest';
import { answeredBy, nodePortOf, routesToApp } from '../../../lessons/10-networking/checks.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { FakeKube } from '../fake-kube.js';

const svc = (name: string, spec: object): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec });
const guideNodePort = svc('fastapi-k8s-nodeport', { type: 'NodePort', selector: { app: 'fastapi-k8s' }, ports: [{ port: 80, targetPort: 8000 }] });
const app = svc('fastapi-k8s', { type: 'LoadBalancer', selector: { app: 'fastapi-k8s' }, ports: [{ name: 'http', port: 80, targetPort: 8000, nodePort: 31234 }] });

describe('lesson 10 checks, by meaning', () => {
  it('a NodePort of the app: any name, with or without a nodePort, targetPort 8000 or the port name http', () => {
    expect(nodePortOf([app, guideNodePort])?.service.metadata.name).toBe('fastapi-k8s-nodeport');
    expect(nodePortOf([svc('x', { type: 'NodePort', selector: { app: 'fastapi-k8s' }, ports: [{ port: 80, targetPort: 'http', nodePort: 30080 }] })])?.port.nodePort).toBe(30080);
    expect(nodePortOf([svc('x', { type: 'NodePort', selector: { app: 'other' }, ports: [{ port: 80, targetPort: 8000 }] })])).toBeUndefined();
    expect(nodePortOf([svc('x', { type: 'NodePort', selector: { app: 'fastapi-k8s' }, ports: [{ port: 80, targetPort: 9000 }] })])).toBeUndefined();
    expect(nodePortOf([app])).toBeUndefined();
  });

  it('an Ingress to the app: the guide\'s my-ingress (port number) and a port by name pass; another backend does not', () => {
    const ingress = (backend: object): KubeObject => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'my-ingress' }, spec: { rules: [{ host: 'myapp.local', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: backend } }] } }] } });
    expect(routesToApp(ingress({ name: 'fastapi-k8s', port: { number: 80 } }), [app])).toBe('fastapi-k8s:80');
    expect(routesToApp(ingress({ name: 'fastapi-k8s', port: { name: 'http' } }), [app])).toBe('fastapi-k8s:80');
    expect(routesToApp(ingress({ name: 'other', port: { number: 80 } }), [app])).toBeUndefined();
    expect(routesToApp(ingress({ name: 'fastapi-k8s', port: { number: 8080 } }), [app])).toBeUndefined();
  });

  it('a request\'s evidence is the app\'s answer in the pod\'s log, not an exit code', () => {
    expect(answeredBy('200 {"message":"Hello from fastapi-k8s!","server":"fastapi-k8s-abc-12345"}')).toBe('fastapi-k8s-abc-12345');
    expect(answeredBy('')).toBeUndefined();
    expect(answeredBy('TypeError: fetch failed')).toBeUndefined();
  });
});

describe('lesson 10: knocking on the NodePort from this machine', () => {
  const contextOn = (flavor: Flavor, server: string) =>
    createLessonContext({ kube: new FakeKube(), ui: new PlainUi({ write: () => undefined }), cluster: { name: flavor, cluster: flavor, user: 'u', server, flavor }, yes: true, signal: new AbortController().signal });

  /** A stand-in for a node: a server on another loopback address (127.0.0.2), on a port localhost does not serve. */
  async function nodeOn127002(): Promise<{ port: number; hits: () => number; close: () => Promise<void> }> {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('{"message":"Hello from FastAPI on Kubernetes!"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
    const { port } = server.address() as AddressInfo;
    return { port, hits: () => hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it("on a local kind cluster where localhost does not answer, tries the node's own address and says it answered, and which address to use", async () => {
    const node = await nodeOn127002();
    const ctx = contextOn('kind', 'https://127.0.0.1:41000');
    const lines = await knockOnNodePort(ctx, node.port, '127.0.0.2');
    await node.close();
    expect(lines[0]).toBe(`http://127.0.0.1:${node.port}/ did not answer: this cluster does not map its node ports to localhost.`);
    expect(lines[1]).toMatch(new RegExp(`^http://127.0.0.2:${node.port}/ answered 200: `));
    expect(lines[2]).toContain('on Linux a kind node is reachable from the host; on macOS and Windows it would not be');
    expect(ctx.vars.nodeAddress).toBe('127.0.0.2');
  });

  it('says why when neither answers, and never knocks on a node of a cluster that does not look local', async () => {
    const node = await nodeOn127002();
    const nothing = await knockOnNodePort(contextOn('kind', 'https://127.0.0.1:41000'), node.port, '127.0.0.3');
    expect(nothing[1]).toContain("on macOS and Windows the nodes run inside Docker's VM");
    const foreign = contextOn('generic', 'https://203.0.113.5:6443');
    const lines = await knockOnNodePort(foreign, node.port, '127.0.0.2');
    await node.close();
    expect(node.hits()).toBe(0);
    expect(lines).toHaveLength(2);
    expect(foreign.vars.nodeAddress).toBe('localhost');
  });
});
