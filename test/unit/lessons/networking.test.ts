import { describe, expect, it } from 'vitest';
import { answeredBy, nodePortOf, routesToApp } from '../../../lessons/10-networking/checks.js';
import type { KubeObject } from '../../../src/kube/types.js';

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
