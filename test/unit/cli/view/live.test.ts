import { describe, expect, it } from 'vitest';
import { watchCluster, DRAWN_KINDS } from '../../../../src/cli/view/live.js';
import type { WatchEvent, WatchHandle, WatchOptions } from '../../../../src/kube/types.js';
import { FakeKube, pod } from '../../fake-kube.js';

/** A FakeKube whose watches can be told that the API server went away and came back. */
class RestartingKube extends FakeKube {
  readonly connections: NonNullable<WatchOptions['onConnection']>[] = [];
  readonly namespaces: (string | null | undefined)[] = [];
  override watch(apiVersion: string, kind: string, options: WatchOptions, onEvent: (event: WatchEvent) => void): WatchHandle {
    if (options.onConnection) this.connections.push(options.onConnection);
    this.namespaces.push(options.namespace);
    return super.watch(apiVersion, kind, options, onEvent);
  }
}

describe('the view\'s watches', () => {
  it('watch every drawn kind (cluster-scoped ones cluster-wide), keep the objects, and say when the cluster is lost and back', () => {
    const kube = new RestartingKube();
    let changes = 0;
    const live = watchCluster(kube, () => changes++);
    expect(kube.watcherCount).toBe(DRAWN_KINDS.length);
    expect(kube.namespaces.filter((n) => n === null)).toHaveLength(2); // PersistentVolumes and Nodes
    kube.put(pod('web-a', 'web'));
    expect([...live.store.get('Pod')!.values()].map((p) => p.metadata.name)).toEqual(['web-a']);
    kube.remove('Pod', 'web-a');
    expect(live.store.get('Pod')!.size).toBe(0);
    expect(changes).toBe(2);

    expect(live.connected).toBe(true);
    for (const tell of kube.connections) tell('lost');
    expect(live.connected).toBe(false);
    for (const tell of kube.connections) tell('restored');
    expect(live.connected).toBe(true);
    live.stop();
    expect(kube.watcherCount).toBe(0);
  });
});
