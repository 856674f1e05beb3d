import type { Flavor } from './flavor.js';

/** The two commands of the manifest install (the course's, lessons/outline.ts). */
export interface MetricsServerCommands {
  install: string;
  insecureTls: string;
}

export interface MetricsInstall {
  /** The commands that install metrics-server on this flavor, in order. */
  commands: string[];
  /** Why this flavor needs --kubelet-insecure-tls (the patch is among the commands), or undefined when it may not. */
  insecureTlsBecause?: string;
}

/**
 * How metrics-server gets onto each flavor of cluster. kind's kubelets serve certificates without IP
 * SANs (metrics-server logs `x509: cannot validate certificate for 172.18.0.2 because it doesn't contain
 * any IP SANs` and stays unready), and Docker Desktop's are self-signed: both need --kubelet-insecure-tls.
 */
export function metricsServerInstall(flavor: Flavor, manifest: MetricsServerCommands): MetricsInstall {
  switch (flavor) {
    case 'minikube':
      return { commands: ['minikube addons enable metrics-server'] };
    case 'microk8s':
      return { commands: ['microk8s enable metrics-server'] };
    case 'kind':
      return { commands: [manifest.install, manifest.insecureTls], insecureTlsBecause: "kind's kubelets serve certificates without IP addresses in them" };
    case 'docker-desktop':
      return { commands: [manifest.install, manifest.insecureTls], insecureTlsBecause: "Docker Desktop's kubelet has a self-signed certificate" };
    default:
      return { commands: [manifest.install] };
  }
}
