import { GuardError } from '../errors.js';
import { ClusterKube } from './client.js';
import { acceptsAsLocal, judgeContext, type ContextInfo } from './guard.js';
import { loadKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
import type { Kube } from './types.js';

export interface ConnectOptions extends KubeconfigOptions {
  namespace: string;
  allowContext?: string;
  /** The command changes the cluster, so the context guard applies. */
  writes: boolean;
  /** Asked when the guard refuses and a person can answer; shows the server URL. */
  confirmForeign?: (info: ContextInfo) => Promise<boolean>;
}

export interface Session {
  kube: Kube;
  cluster: ContextInfo;
}

/** Loads the kubeconfig, applies the context guard (before any request), and returns the client. This module is loaded lazily. */
export async function connect(options: ConnectOptions): Promise<Session> {
  const { kc, info } = loadKubeconfig(options);
  if (options.writes) {
    const verdict = judgeContext(info, options.allowContext);
    if (!verdict.allowed && !(await options.confirmForeign?.(info))) {
      throw new GuardError(
        `refusing to change ${verdict.reason}`,
        `If you really mean this cluster, add --allow-context ${info.name}; otherwise switch to your local cluster with --context NAME.`,
      );
    }
  }
  // Cordoning a node reaches beyond the tutor's namespace: only where the guard says local by itself.
  const nodeWrites = options.writes && acceptsAsLocal(info);
  return { kube: new ClusterKube(kc, info.server, options.namespace, nodeWrites), cluster: info };
}
