import type { ContextInfo } from '../kube/guard.js';
import type { Kube } from '../kube/types.js';
import type { Ui } from '../ui/ui.js';
import type { LessonContext } from './lesson.js';
import { loadManifest } from './manifests.js';

export interface ContextOptions {
  kube: Kube;
  ui: Ui;
  cluster: ContextInfo;
  yes: boolean;
  signal: AbortSignal;
  facts?: Record<string, unknown>;
}

export function createLessonContext(options: ContextOptions): LessonContext {
  const vars: Record<string, string> = {};
  const ctx: LessonContext = {
    kube: options.kube,
    ui: options.ui,
    namespace: options.kube.namespace,
    cluster: options.cluster,
    yes: options.yes,
    signal: options.signal,
    vars,
    facts: options.facts ?? {},
    fill: (template) =>
      template.replace(/\{(\w+)\}/g, (whole, key: string) => (key === 'ns' ? options.kube.namespace : (vars[key] ?? whole))),
    manifest: async (file) => loadManifest(file),
  };
  return ctx;
}
