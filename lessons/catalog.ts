import type { Lesson } from '../src/course/lesson.js';

/**
 * The course outline, in the guide's order: what menus, `list` and `--help` need, without loading
 * any lesson's body (each is its own chunk, loaded when it runs).
 */
export interface LessonInfo {
  id: string;
  number: number;
  title: string;
  aliases: string[];
  /** One line for menus. */
  summary: string;
}

/** The course's app image, as its manifests name it: what the lessons load and doctor looks for. */
export const sampleImage = 'fastapi-k8s:1.0.0';

interface CatalogEntry extends LessonInfo {
  load: () => Promise<{ default: Lesson }>;
}

const entries: CatalogEntry[] = [
  { id: 'what-is-kubernetes', number: 1, title: 'What is Kubernetes?', aliases: ['intro', 'k8s'], summary: 'Your cluster, its nodes and version, and the idea of desired state', load: () => import('./01-what-is-kubernetes/lesson.js') },
  { id: 'core-concepts', number: 2, title: 'Core Concepts', aliases: ['concepts', 'core'], summary: 'Pods, Deployments, Services, namespaces and labels, on live objects', load: () => import('./02-core-concepts/lesson.js') },
  { id: 'first-deployment', number: 3, title: 'Your First Deployment', aliases: ['deploy', 'first'], summary: 'The guide\'s Deployment (5 replicas, port 8000) and LoadBalancer Service (80 → 8000)', load: () => import('./03-first-deployment/lesson.js') },
  { id: 'deploying-and-verifying', number: 4, title: 'Deploying & Verifying', aliases: ['verify', 'verifying'], summary: 'Rollout status, reading pods and services, logs and events', load: () => import('./04-deploying-and-verifying/lesson.js') },
  { id: 'scaling', number: 5, title: 'Scaling', aliases: ['scale'], summary: 'Many copies, and how the Service spreads traffic', load: () => import('./05-scaling/lesson.js') },
  { id: 'self-healing', number: 6, title: 'Self-Healing', aliases: ['healing'], summary: 'Desired vs actual state, replacements, probes', load: () => import('./06-self-healing/lesson.js') },
  { id: 'rolling-updates', number: 7, title: 'Rolling Updates', aliases: ['rollout', 'updates'], summary: 'Zero-downtime change, history and undo', load: () => import('./07-rolling-updates/lesson.js') },
  { id: 'resource-management', number: 8, title: 'Resource Management', aliases: ['resources'], summary: 'Requests, limits, scheduling and OOM kills', load: () => import('./08-resource-management/lesson.js') },
  { id: 'monitoring', number: 9, title: 'Monitoring & Observability', aliases: ['observability'], summary: 'Logs, events, describe and top', load: () => import('./09-monitoring/lesson.js') },
  { id: 'networking', number: 10, title: 'Networking', aliases: ['network', 'services'], summary: 'ClusterIP, NodePort, LoadBalancer and Ingress', load: () => import('./10-networking/lesson.js') },
  { id: 'config-and-secrets', number: 11, title: 'Configuration & Secrets', aliases: ['config', 'secrets'], summary: 'ConfigMaps and Secrets, as env and files', load: () => import('./11-config-and-secrets/lesson.js') },
  { id: 'persistent-storage', number: 12, title: 'Persistent Storage', aliases: ['storage'], summary: 'PVs, PVCs, and data that outlives a pod', load: () => import('./12-persistent-storage/lesson.js') },
  { id: 'autoscaling', number: 13, title: 'Autoscaling', aliases: ['hpa'], summary: 'The HorizontalPodAutoscaler under load', load: () => import('./13-autoscaling/lesson.js') },
  { id: 'troubleshooting', number: 14, title: 'Troubleshooting', aliases: ['debug'], summary: 'Break it, diagnose it, fix it', load: () => import('./14-troubleshooting/lesson.js') },
  { id: 'where-next', number: 15, title: 'Where Next', aliases: ['next'], summary: 'Helm, Kustomize, CI/CD and production', load: () => import('./15-where-next/lesson.js') },
];

export const catalog: LessonInfo[] = entries.map(({ load: _load, ...info }) => info);

/** A lesson module's own id, number, title, aliases and summary, so that they are written once. */
export function about(id: string): LessonInfo {
  const info = catalog.find((l) => l.id === id);
  if (!info) throw new Error(`lesson ${id} is not in lessons/catalog.ts`);
  return info;
}

export async function loadLesson(id: string): Promise<Lesson> {
  const entry = entries.find((l) => l.id === id);
  if (!entry) throw new Error(`lesson ${id} is not in lessons/catalog.ts`);
  return (await entry.load()).default;
}

export async function loadAllLessons(): Promise<Lesson[]> {
  return Promise.all(entries.map((l) => loadLesson(l.id)));
}
