/** Which local Kubernetes the learner runs, from the context name and the server address. */

export const FLAVORS = [
  'docker-desktop', 'kind', 'minikube', 'k3d', 'rancher-desktop', 'orbstack', 'colima', 'microk8s', 'k8s-tutor-local', 'generic',
] as const;

export type Flavor = (typeof FLAVORS)[number];

const BY_CONTEXT: [RegExp, Flavor][] = [
  [/^docker-desktop$|^docker-for-desktop$/, 'docker-desktop'],
  [/^kind-/, 'kind'],
  [/^minikube$/, 'minikube'],
  [/^k3d-/, 'k3d'],
  [/^rancher-desktop$/, 'rancher-desktop'],
  [/^orbstack$/, 'orbstack'],
  [/^colima(-.*)?$/, 'colima'],
  [/^microk8s$/, 'microk8s'],
  [/^k8s-tutor-local$/, 'k8s-tutor-local'],
];

export function detectFlavor(contextName: string, server = ''): Flavor {
  for (const [pattern, flavor] of BY_CONTEXT) if (pattern.test(contextName)) return flavor;
  if (/kubernetes\.docker\.internal/.test(server)) return 'docker-desktop';
  if (/\.orb\.local/.test(server)) return 'orbstack';
  return 'generic';
}
