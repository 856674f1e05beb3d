/** The tutor's own small view of the Kubernetes API. Everything above src/kube talks to this. */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  /** Defaults to the tutor namespace for namespaced kinds. */
  namespace?: string;
}

export interface ListOptions {
  /** Defaults to the tutor namespace; `null` lists cluster-wide (all namespaces or cluster-scoped). */
  namespace?: string | null;
  labelSelector?: string;
  fieldSelector?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  object: KubeObject;
}

export interface WatchHandle {
  /** Resolves once the initial list has been delivered as ADDED events. */
  readonly ready: Promise<void>;
  stop(): void;
}

export interface WatchOptions extends ListOptions {
  /** Called when the watch has to reconnect, and again when it is back. */
  onConnection?: (state: 'lost' | 'restored', error?: unknown) => void;
}

export interface HttpResult {
  status: number;
  body: string;
}

export type PatchType = 'merge' | 'strategic' | 'json';

export interface ProxyTarget {
  kind: 'service' | 'pod';
  name: string;
  port: number | string;
}

export interface LogOptions {
  container?: string;
  tailLines?: number;
  previous?: boolean;
  sinceSeconds?: number;
}

export interface ServerVersion {
  gitVersion: string;
  platform?: string;
}

export interface AccessQuestion {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string | null;
}

export interface Kube {
  /** The tutor's namespace: the only one it writes to. */
  readonly namespace: string;
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  list(apiVersion: string, kind: string, options?: ListOptions): Promise<KubeObject[]>;
  /** Server-side apply with the tutor's field manager; adds the tutor's label and namespace. */
  apply(object: KubeObject, options?: { dryRun?: boolean }): Promise<KubeObject>;
  patch(ref: ObjectRef, patch: unknown, type: PatchType): Promise<KubeObject>;
  /** Returns false when the object was already gone. */
  delete(ref: ObjectRef, options?: { gracePeriodSeconds?: number }): Promise<boolean>;
  watch(apiVersion: string, kind: string, options: WatchOptions, onEvent: (event: WatchEvent) => void): WatchHandle;
  logs(pod: string, options?: LogOptions): Promise<string>;
  /** A JSON `body` is sent with a POST (POST /notes). */
  proxy(target: ProxyTarget, path: string, method?: 'GET' | 'POST', body?: unknown): Promise<HttpResult>;
  serverVersion(): Promise<ServerVersion>;
  canI(question: AccessQuestion): Promise<boolean>;
}

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'k8s-tutor';
export const MANAGED_BY_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`;
export const FIELD_MANAGER = 'k8s-tutor';
/** On the tutor's cluster-scoped objects (PersistentVolumes): which tutor namespace they belong to. */
export const NAMESPACE_LABEL = 'k8s-tutor/namespace';
