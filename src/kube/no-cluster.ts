import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What to say when there is no cluster to talk to. A learner who installed the tutor has no
 * checkout of its repository, so the advice names the local clusters of their OS, each with the
 * one command that starts it; in a clone of the repository, its own cluster script comes first.
 */

const WAYS: Record<string, [name: string, command: string][]> = {
  darwin: [
    ['Docker Desktop', '`docker desktop start`, then Settings › Kubernetes › Enable'],
    ['OrbStack', '`orb start k8s`'],
    ['Rancher Desktop', '`rdctl start`'],
    ['kind', '`kind create cluster`'],
    ['minikube', '`minikube start`'],
    ['k3d', '`k3d cluster create`'],
  ],
  win32: [
    ['Docker Desktop', '`docker desktop start`, then Settings › Kubernetes › Enable'],
    ['Rancher Desktop', '`rdctl start`'],
    ['kind', '`kind create cluster`'],
    ['minikube', '`minikube start`'],
    ['k3d', '`k3d cluster create`'],
  ],
  linux: [
    ['kind', '`kind create cluster`'],
    ['minikube', '`minikube start`'],
    ['k3d', '`k3d cluster create`'],
    ['Docker Desktop', '`docker desktop start`, then Settings › Kubernetes › Enable'],
    ['Rancher Desktop', '`rdctl start`'],
  ],
};

/** True when the tutor runs from a checkout of its repository (cluster/up.sh is there), not from an installed package. */
export function inRepoClone(from = dirname(fileURLToPath(import.meta.url))): boolean {
  // The package root is the nearest folder above with package.json and manifests/ (src/kube/ from source, dist/ bundled).
  let dir = from;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'manifests'))) return existsSync(join(dir, 'cluster', 'up.sh'));
    dir = dirname(dir);
  }
  return false;
}

/** The ways to get a local cluster on this OS, each as the command that starts it. */
export function localClusterWays(platform: string = process.platform): string {
  return (WAYS[platform] ?? WAYS.linux!).map(([name, command]) => `${name}: ${command}`).join('; ');
}

/** The hint for "no kubeconfig", "no contexts" and "the server does not answer". */
export function noClusterHint(options: { platform?: string; clone?: boolean; lead?: string } = {}): string {
  const clone = options.clone ?? inRepoClone();
  const lead = options.lead ?? 'Start a local cluster';
  const repo = clone ? 'in this repository (Linux, as root) `npm run cluster:up` builds one; or ' : '';
  return `${lead}: ${repo}${localClusterWays(options.platform)}. Then run \`k8s-tutor doctor\`.`;
}
