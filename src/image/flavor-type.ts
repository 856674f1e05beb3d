// The kinds of local cluster the tutor knows. Flavor detection lives in the engine (src/kube);
// this type lives here until the engine owns it and re-exports it.
export const FLAVORS = [
  'docker-desktop',
  'kind',
  'minikube',
  'k3d',
  'rancher-desktop',
  'orbstack',
  'colima',
  'microk8s',
  'k8s-tutor-local',
  'generic',
] as const;

export type Flavor = (typeof FLAVORS)[number];
