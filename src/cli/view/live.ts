import { isNamespaced } from '../../kube/resources.js';
import type { Kube, KubeObject, WatchHandle } from '../../kube/types.js';
import type { Store } from './picture.js';

/** Every kind the picture draws. Secrets are watched for their names only (see picture.ts). */
export const DRAWN_KINDS: { apiVersion: string; kind: string }[] = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  { apiVersion: 'v1', kind: 'PersistentVolume' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'Node' },
  { apiVersion: 'v1', kind: 'Event' },
];

export interface LiveCluster {
  store: Store;
  /** Whether the pod watch is connected (it reconnects by itself after an API-server restart). */
  readonly connected: boolean;
  /** Resolves once every watch has delivered its first list. */
  ready: Promise<void>;
  stop(): void;
}

/**
 * The namespace's objects, kept current by the same resilient watches the checks use. `changed` is
 * called after every event, synchronously: the caller decides how to batch.
 */
export function watchCluster(kube: Kube, changed: () => void): LiveCluster {
  const store: Store = new Map();
  let connected = true;
  const handles: WatchHandle[] = DRAWN_KINDS.map(({ apiVersion, kind }) => {
    const objects = new Map<string, KubeObject>();
    store.set(kind, objects);
    return kube.watch(
      apiVersion,
      kind,
      {
        namespace: isNamespaced(kind) ? kube.namespace : null,
        onConnection:
          kind === 'Pod'
            ? (state) => {
                connected = state === 'restored';
                changed();
              }
            : undefined,
      },
      (event) => {
        const key = event.object.metadata.uid ?? event.object.metadata.name;
        if (event.type === 'DELETED') objects.delete(key);
        else objects.set(key, event.object);
        changed();
      },
    );
  });
  return {
    store,
    get connected() {
      return connected;
    },
    ready: Promise.all(handles.map((h) => h.ready)).then(() => undefined),
    stop() {
      for (const handle of handles) handle.stop();
    },
  };
}
