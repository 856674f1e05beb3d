import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP, manifestsDir, type KubeObject } from '../kit.js';

/** The Kustomize overlay lesson 15 renders: k8s.yaml as the base, a "dev" variant on top. */

export const DEV_PREFIX = 'dev-';
export const DEV_APP = `${DEV_PREFIX}${APP}`;

const BASE = 'resources:\n  - k8s.yaml\n';
const OVERLAY = `# The dev variant: one replica, a dev- name prefix, its own app label, and a ClusterIP Service.
resources:
  - ../../base
namePrefix: ${DEV_PREFIX}
labels:
  - pairs:
      app: ${DEV_APP}
    includeSelectors: true
    includeTemplates: true
replicas:
  - name: ${APP}
    count: 1
patches:
  - target:
      kind: Service
      name: ${APP}
    patch: |-
      - op: replace
        path: /spec/type
        value: ClusterIP
`;

/** Writes base/ and overlays/dev/ under dir; returns the overlay's directory. */
export function writeOverlay(dir: string): string {
  mkdirSync(join(dir, 'base'), { recursive: true });
  mkdirSync(join(dir, 'overlays', 'dev'), { recursive: true });
  writeFileSync(join(dir, 'base', 'k8s.yaml'), readFileSync(join(manifestsDir(), 'k8s.yaml'), 'utf8'));
  writeFileSync(join(dir, 'base', 'kustomization.yaml'), BASE);
  writeFileSync(join(dir, 'overlays', 'dev', 'kustomization.yaml'), OVERLAY);
  return join(dir, 'overlays', 'dev');
}

/** What the overlay does, done in code, for when no kubectl is around to render it. */
export function devVariant(objects: KubeObject[]): KubeObject[] {
  return objects.map((original) => {
    const o = structuredClone(original);
    o.metadata.name = `${DEV_PREFIX}${o.metadata.name}`;
    o.metadata.labels = { ...o.metadata.labels, app: DEV_APP };
    const spec = o.spec as { replicas?: number; type?: string; selector?: Record<string, unknown>; template?: { metadata?: { labels?: Record<string, string> } } };
    if (o.kind === 'Deployment') {
      spec.replicas = 1;
      spec.selector = { matchLabels: { app: DEV_APP } };
      spec.template!.metadata = { ...spec.template!.metadata, labels: { ...spec.template!.metadata?.labels, app: DEV_APP } };
    }
    if (o.kind === 'Service') {
      spec.type = 'ClusterIP';
      spec.selector = { app: DEV_APP };
    }
    return o;
  });
}
