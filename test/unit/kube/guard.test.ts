import { describe, expect, it } from 'vitest';
import { detectFlavor } from '../../../src/kube/flavor.js';
import { judgeContext, serverIsLoopback, serverIsPrivate, type ContextInfo } from '../../../src/kube/guard.js';

function info(name: string, server: string): ContextInfo {
  return { name, cluster: name, user: 'u', server, flavor: detectFlavor(name, server) };
}

describe('the context guard', () => {
  it.each([
    ['docker-desktop', 'https://kubernetes.docker.internal:6443'],
    ['docker-desktop', 'https://127.0.0.1:6443'],
    ['kind-dev', 'https://127.0.0.1:40123'],
    ['minikube', 'https://192.168.49.2:8443'],
    ['k3d-mycluster', 'https://0.0.0.0:37000'],
    ['rancher-desktop', 'https://127.0.0.1:6443'],
    ['orbstack', 'https://k8s.orb.local:26443'],
    ['colima', 'https://127.0.0.1:6443'],
    ['microk8s', 'https://10.0.2.15:16443'],
    ['k8s-tutor-local', 'https://127.0.0.1:6443'],
  ])('lets the recognised local context %s (%s) through', (name, server) => {
    const verdict = judgeContext(info(name, server));
    expect(verdict).toEqual({ allowed: true, reason: expect.stringContaining(name) });
  });

  it.each([
    ['my-lab', 'https://127.0.0.1:6443'],
    ['whatever', 'https://localhost:6443'],
    ['v6', 'https://[::1]:6443'],
    ['loop', 'https://127.8.9.10:6443'],
  ])('lets any context on this machine through (%s at %s)', (name, server) => {
    expect(judgeContext(info(name, server)).allowed).toBe(true);
  });

  it.each([
    ['arn:aws:eks:us-east-1:123456789012:cluster/prod', 'https://ABCDEF.gr7.us-east-1.eks.amazonaws.com'],
    ['gke_project_europe-west1_prod', 'https://34.76.1.2'],
    ['prod-aks', 'https://prod-dns-1234.hcp.westeurope.azmk8s.io:443'],
    ['staging', 'https://192.0.2.10:6443'],
    ['office', 'https://10.1.2.3:6443'],
  ])('refuses the unrecognised context %s (%s) and names it and its server', (name, server) => {
    const verdict = judgeContext(info(name, server));
    expect(verdict.allowed).toBe(false);
    expect(verdict.reason).toContain(name);
    expect(verdict.reason).toContain(server);
  });

  it.each([
    ['kind-prod', 'https://ABCDEF.gr7.us-east-1.eks.amazonaws.com'],
    ['minikube', 'https://34.76.1.2:8443'],
    ['docker-desktop', 'https://192.0.2.10:6443'],
  ])('does not trust a local-looking name (%s) on a public server (%s)', (name, server) => {
    expect(info(name, server).flavor).not.toBe('generic');
    expect(judgeContext(info(name, server)).allowed).toBe(false);
  });

  it('lets a refused context through with --allow-context naming exactly it', () => {
    const foreign = info('prod', 'https://192.0.2.10:6443');
    expect(judgeContext(foreign, 'prod')).toEqual({ allowed: true, reason: 'allowed with --allow-context prod' });
    expect(judgeContext(foreign, 'prod2').allowed).toBe(false);
    expect(judgeContext(foreign, '').allowed).toBe(false);
  });

  it('classifies servers', () => {
    expect(serverIsLoopback('https://127.0.0.1:6443')).toBe(true);
    expect(serverIsLoopback('not a url')).toBe(false);
    expect(serverIsLoopback('https://127.0.0.1.example.com')).toBe(false);
    expect(serverIsPrivate('https://172.16.0.1')).toBe(true);
    expect(serverIsPrivate('https://172.32.0.1')).toBe(false);
    expect(serverIsPrivate('https://[fd00::1]:6443')).toBe(true);
    expect(serverIsPrivate('https://[2001:db8::1]:6443')).toBe(false);
    expect(serverIsPrivate('https://my-vm:8443')).toBe(true);
    expect(serverIsPrivate('https://cluster.example.com')).toBe(false);
    expect(serverIsPrivate('::::')).toBe(false);
  });

  it('reads an IPv4-mapped IPv6 address as the IPv4 address it carries', () => {
    expect(serverIsLoopback('https://[::ffff:127.0.0.1]:6443')).toBe(true);
    expect(serverIsLoopback('https://[::FFFF:7f00:1]:6443')).toBe(true);
    expect(serverIsPrivate('https://[::ffff:192.168.49.2]:8443')).toBe(true);
    expect(serverIsLoopback('https://[::ffff:8.8.8.8]:6443')).toBe(false);
    expect(serverIsPrivate('https://[::ffff:8.8.8.8]:6443')).toBe(false);
  });
});
