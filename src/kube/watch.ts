import type { Watch } from '@kubernetes/client-node';
import type { ApiHttp } from './http.js';
import type { KubeObject, WatchEvent, WatchHandle, WatchOptions } from './types.js';

interface ListResponse {
  metadata: { resourceVersion: string };
  items: KubeObject[];
}

const BACKOFF_MS = [100, 200, 400, 800, 1000];

/**
 * List, then watch from the list's resourceVersion; on any error re-list and re-watch, forever,
 * until stopped. The client's watch ends after 30 s of silence and on apiserver restarts; informers
 * stop on errors other than 410. This keeps going and reports lost/restored connections instead.
 * A re-list is diffed against what was seen, so callers get DELETED for objects that went away
 * while the connection was down.
 */
export function resilientWatch(
  http: ApiHttp,
  watcher: Watch,
  path: string,
  identity: { apiVersion: string; kind: string },
  options: WatchOptions,
  onEvent: (event: WatchEvent) => void,
): WatchHandle {
  const known = new Map<string, KubeObject>();
  let resourceVersion = '';
  let stopped = false;
  let controller: AbortController | undefined;
  let failures = 0;
  let lost = false;
  let timer: NodeJS.Timeout | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const selectors = { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector };
  const keyOf = (o: KubeObject) => o.metadata.uid ?? `${o.metadata.namespace}/${o.metadata.name}`;

  const emit = (type: WatchEvent['type'], object: KubeObject) => {
    if (!stopped) onEvent({ type, object: { ...object, apiVersion: identity.apiVersion, kind: identity.kind } });
  };

  const relist = async () => {
    const list = await http.json<ListResponse>('GET', path, { query: selectors });
    const seen = new Set<string>();
    for (const item of list.items) {
      const key = keyOf(item);
      seen.add(key);
      const before = known.get(key);
      known.set(key, item);
      if (!before) emit('ADDED', item);
      else if (before.metadata.resourceVersion !== item.metadata.resourceVersion) emit('MODIFIED', item);
    }
    for (const [key, object] of known) {
      if (!seen.has(key)) {
        known.delete(key);
        emit('DELETED', object);
      }
    }
    resourceVersion = list.metadata.resourceVersion;
  };

  const retry = (error: unknown) => {
    if (stopped) return;
    if (!lost) {
      lost = true;
      options.onConnection?.('lost', error);
    }
    const delay = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)]!;
    failures++;
    timer = setTimeout(() => void cycle(true), delay);
  };

  const startWatch = async () => {
    let needsRelist = false;
    controller = await watcher.watch(
      path,
      { ...selectors, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 25 },
      (type: string, object: KubeObject) => {
        if (type === 'BOOKMARK') {
          resourceVersion = object.metadata.resourceVersion ?? resourceVersion;
          return;
        }
        if (type === 'ERROR') {
          needsRelist = true;
          return;
        }
        resourceVersion = object.metadata.resourceVersion ?? resourceVersion;
        const key = keyOf(object);
        if (type === 'DELETED') known.delete(key);
        else known.set(key, object);
        emit(type as WatchEvent['type'], object);
      },
      (error: unknown) => {
        if (stopped) return;
        if (error || needsRelist) retry(error ?? new Error('watch expired'));
        else void cycle(false);
      },
    );
  };

  const cycle = async (withRelist: boolean) => {
    if (stopped) return;
    try {
      if (withRelist) await relist();
      markReady();
      await startWatch();
      failures = 0;
      if (lost) {
        lost = false;
        options.onConnection?.('restored');
      }
    } catch (error) {
      retry(error);
    }
  };

  void cycle(true);
  return {
    ready,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
      markReady();
    },
  };
}
