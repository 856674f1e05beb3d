import { describe, expect, it } from 'vitest';
import { detectFlavor } from '../../../src/kube/flavor.js';

describe('detectFlavor', () => {
  it.each([
    ['docker-desktop', 'https://kubernetes.docker.internal:6443', 'docker-desktop'],
    ['kind-dev', 'https://127.0.0.1:41234', 'kind'],
    ['minikube', 'https://192.168.49.2:8443', 'minikube'],
    ['k3d-demo', 'https://0.0.0.0:6550', 'k3d'],
    ['rancher-desktop', 'https://127.0.0.1:6443', 'rancher-desktop'],
    ['orbstack', 'https://127.0.0.1:26443', 'orbstack'],
    ['colima', 'https://127.0.0.1:6443', 'colima'],
    ['microk8s', 'https://127.0.0.1:16443', 'microk8s'],
    ['k8s-tutor-local', 'https://127.0.0.1:6443', 'k8s-tutor-local'],
    ['my-docker', 'https://kubernetes.docker.internal:6443', 'docker-desktop'],
    ['arn:aws:eks:eu-west-1:123:cluster/prod', 'https://ABC.gr7.eu-west-1.eks.amazonaws.com', 'generic'],
  ])('%s at %s is %s', (context, server, flavor) => {
    expect(detectFlavor(context, server)).toBe(flavor);
  });
});
