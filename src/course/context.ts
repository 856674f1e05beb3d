import { join } from 'node:path';
import type { ContextInfo } from '../kube/guard.js';
import type { Kube } from '../kube/types.js';
import type { Ui } from '../ui/ui.js';
import type { LessonContext } from './lesson.js';
import { loadManifest } from './manifests.js';
import { ensureLearnerCopy, pastable, workdir } from './workdir.js';

export interface ContextOptions {
  kube: Kube;
  ui: Ui;
  cluster: ContextInfo;
  yes: boolean;
  /** Leave every try-it step to the learner (--skip-tries, or K8S_TUTOR_SKIP_TRIES=1). */
  skipTries?: boolean;
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
    skipTries: options.skipTries ?? process.env.K8S_TUTOR_SKIP_TRIES === '1',
    signal: options.signal,
    vars,
    facts: options.facts ?? {},
    fill: (template) => fillPlaceholders(template, options.kube.namespace, vars),
    manifest: async (file) => loadManifest(file),
  };
  return ctx;
}

/** Fills {ns}, {manifests} (the learner's copy of the files) and any {var} a step set; an unknown one stays as it is. */
export function fillPlaceholders(template: string, namespace: string, vars: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    if (key === 'ns') return namespace;
    if (key === 'manifests') return learnerManifestsDir();
    return vars[key] ?? whole;
  });
}

/** The learner's copy of manifests/ (made on first use), for the {manifests} placeholder. */
function learnerManifestsDir(): string {
  ensureLearnerCopy();
  return pastable(join(workdir(), 'manifests'));
}
