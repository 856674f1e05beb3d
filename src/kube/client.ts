import { KubeConfig, Watch } from '@kubernetes/client-node';
import { ClusterError } from '../errors.js';
import { ApiError, ApiHttp } from './http.js';
import { collectionPath, isNamespaced } from './resources.js';
import { resilientWatch } from './watch.js';
import { labelForTutor } from './label.js';
import { isSchedulablePatch } from './nodes.js';
import type { AccessQuestion, HttpResult, Kube, KubeObject, ListOptions, LogOptions, ObjectRef, PatchType, ProxyTarget, ServerVersion, WatchEvent, WatchHandle, WatchOptions } from './types.js';
import { FIELD_MANAGER, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './types.js';

const PATCH_CONTENT_TYPES: Record<PatchType | 'apply', string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** Cluster-scoped kinds the tutor may write, each only with the tutor's label. */
const CLUSTER_WRITES = new Set(['Namespace', 'PersistentVolume']);

/**
 * The one implementation of Kube. It enforces the tutor's isolation: writes go only to its own
 * namespace (or to the few cluster-scoped kinds above), every applied object carries the tutor's
 * label, and patches and deletes touch only objects that carry it.
 */
export class ClusterKube implements Kube {
  private readonly http: ApiHttp;
  private readonly watcher: Watch;

  /**
   * @param nodeWrites The guard accepted this cluster as local on its own (no --allow-context): then,
   * and only then, may the tutor cordon and uncordon a node (lesson 6's drain; `reset`).
   */
  constructor(kc: KubeConfig, server: string, readonly namespace: string, private readonly nodeWrites = false) {
    this.http = new ApiHttp(kc, server);
    this.watcher = new Watch(kc);
  }

  private objectPath(ref: ObjectRef): string {
    const ns = isNamespaced(ref.kind) ? (ref.namespace ?? this.namespace) : null;
    return `${collectionPath(ref.apiVersion, ref.kind, ns)}/${encodeURIComponent(ref.name)}`;
  }

  private assertWritable(ref: ObjectRef): void {
    if (isNamespaced(ref.kind)) {
      const ns = ref.namespace ?? this.namespace;
      if (ns !== this.namespace) {
        throw new ClusterError(`refusing to change ${ref.kind} ${ref.name} in namespace ${ns}`, `The tutor only writes inside its own namespace (${this.namespace}).`);
      }
    } else if (!CLUSTER_WRITES.has(ref.kind)) {
      throw new ClusterError(`refusing to change cluster-scoped ${ref.kind} ${ref.name}`, 'The tutor only creates its namespace and, with your consent, a PersistentVolume.');
    }
  }

  private async assertOwned(ref: ObjectRef): Promise<KubeObject | undefined> {
    const current = await this.get(ref);
    if (current && current.metadata.labels?.[MANAGED_BY_LABEL] !== MANAGED_BY_VALUE) {
      throw new ClusterError(
        `refusing to change ${ref.kind} ${ref.name}: it was not created by the tutor`,
        `Only objects labelled ${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE} are touched; delete or rename yours, or use another namespace with -n.`,
      );
    }
    return current;
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    try {
      const object = await this.http.json<KubeObject>('GET', this.objectPath(ref));
      return { ...object, apiVersion: ref.apiVersion, kind: ref.kind };
    } catch (error) {
      if (error instanceof ApiError && error.code === 404) return undefined;
      throw error;
    }
  }

  async list(apiVersion: string, kind: string, options: ListOptions = {}): Promise<KubeObject[]> {
    const ns = options.namespace === null ? null : (options.namespace ?? this.namespace);
    const list = await this.http.json<{ items: KubeObject[] }>('GET', collectionPath(apiVersion, kind, ns), {
      query: { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector },
    });
    return list.items.map((item) => ({ ...item, apiVersion, kind }));
  }

  async apply(object: KubeObject, options: { dryRun?: boolean } = {}): Promise<KubeObject> {
    const labelled = labelForTutor(object, this.namespace);
    const ref = { apiVersion: labelled.apiVersion, kind: labelled.kind, name: labelled.metadata.name, namespace: labelled.metadata.namespace };
    this.assertWritable(ref);
    await this.assertOwned(ref);
    return this.http.json<KubeObject>('PATCH', this.objectPath(ref), {
      body: labelled,
      contentType: PATCH_CONTENT_TYPES.apply,
      query: { fieldManager: FIELD_MANAGER, force: true, dryRun: options.dryRun ? 'All' : undefined },
    });
  }

  async patch(ref: ObjectRef, patch: unknown, type: PatchType): Promise<KubeObject> {
    if (ref.kind === 'Node') return this.patchNodeSchedulable(ref, patch, type);
    this.assertWritable(ref);
    const current = await this.assertOwned(ref);
    if (!current) throw new ApiError(404, JSON.stringify({ message: `${ref.kind.toLowerCase()}s "${ref.name}" not found` }), 'PATCH', this.objectPath(ref));
    return this.http.json<KubeObject>('PATCH', this.objectPath(ref), {
      body: patch,
      contentType: PATCH_CONTENT_TYPES[type],
      query: { fieldManager: FIELD_MANAGER },
    });
  }

  /** The one write to a Node: cordon or uncordon with the tutor's mark, on a local cluster only. Nodes carry no tutor label. */
  private async patchNodeSchedulable(ref: ObjectRef, patch: unknown, type: PatchType): Promise<KubeObject> {
    if (!this.nodeWrites) {
      throw new ClusterError(`refusing to change Node ${ref.name}`, 'The tutor cordons a node only on a cluster it recognises as local by itself, never one allowed with --allow-context.');
    }
    if (type !== 'merge' || !isSchedulablePatch(patch)) {
      throw new ClusterError(`refusing to change Node ${ref.name}`, 'On a node the tutor only sets or clears spec.unschedulable, with its k8s-tutor.io/cordoned annotation.');
    }
    return this.http.json<KubeObject>('PATCH', this.objectPath(ref), {
      body: patch,
      contentType: PATCH_CONTENT_TYPES.merge,
      query: { fieldManager: FIELD_MANAGER },
    });
  }

  async delete(ref: ObjectRef, options: { gracePeriodSeconds?: number } = {}): Promise<boolean> {
    this.assertWritable(ref);
    const current = await this.assertOwned(ref);
    if (!current) return false;
    try {
      await this.http.json('DELETE', this.objectPath(ref), {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background', gracePeriodSeconds: options.gracePeriodSeconds },
      });
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 404) return false;
      throw error;
    }
  }

  watch(apiVersion: string, kind: string, options: WatchOptions, onEvent: (event: WatchEvent) => void): WatchHandle {
    const ns = options.namespace === null ? null : (options.namespace ?? this.namespace);
    return resilientWatch(this.http, this.watcher, collectionPath(apiVersion, kind, ns), { apiVersion, kind }, options, onEvent);
  }

  async logs(pod: string, options: LogOptions = {}): Promise<string> {
    const { status, text } = await this.http.raw('GET', `${collectionPath('v1', 'Pod', this.namespace)}/${encodeURIComponent(pod)}/log`, {
      accept: '*/*',
      query: { container: options.container, tailLines: options.tailLines, previous: options.previous, sinceSeconds: options.sinceSeconds },
    });
    if (status !== 200) throw new ApiError(status, text, 'GET', `pods/${pod}/log`);
    return text;
  }

  async proxy(target: ProxyTarget, path: string, method: 'GET' | 'POST' = 'GET', body?: unknown): Promise<HttpResult> {
    const kind = target.kind === 'service' ? 'Service' : 'Pod';
    const base = `${collectionPath('v1', kind, this.namespace)}/${encodeURIComponent(`${target.name}:${target.port}`)}/proxy`;
    const [pathPart, query] = path.split('?', 2);
    const url = `${base}/${(pathPart ?? '').replace(/^\//, '')}${query ? `?${query}` : ''}`;
    const { status, text } = await this.http.raw(method, url, { accept: '*/*', timeoutMs: 60_000, ...(body === undefined ? {} : { body }) });
    return { status, body: text };
  }

  async serverVersion(): Promise<ServerVersion> {
    return this.http.json<ServerVersion>('GET', '/version', { timeoutMs: 5_000 });
  }

  async canI(question: AccessQuestion): Promise<boolean> {
    const review = await this.http.json<{ status?: { allowed?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: question.verb,
            resource: question.resource,
            group: question.group ?? '',
            ...(question.namespace === null ? {} : { namespace: question.namespace ?? this.namespace }),
          },
        },
      },
    });
    return review.status?.allowed === true;
  }
}
