import type { Lesson } from '../src/course/lesson.js';
import { comingSoon } from '../src/course/lesson.js';
import whatIsKubernetes from './01-what-is-kubernetes.js';
import coreConcepts from './02-core-concepts.js';
import firstDeployment from './03-first-deployment.js';
import deployingAndVerifying from './04-deploying-and-verifying.js';
import scaling from './05-scaling.js';
import monitoring from './09-monitoring.js';
import networking from './10-networking.js';

/** The course, in the guide's order. */
export const lessons: Lesson[] = [
  whatIsKubernetes,
  coreConcepts,
  firstDeployment,
  deployingAndVerifying,
  scaling,
  comingSoon('self-healing', 6, 'Self-Healing', 'Desired vs actual state, replacements, probes', ['healing']),
  comingSoon('rolling-updates', 7, 'Rolling Updates', 'Zero-downtime change, history and undo', ['rollout', 'updates']),
  comingSoon('resource-management', 8, 'Resource Management', 'Requests, limits, scheduling and OOM kills', ['resources']),
  monitoring,
  networking,
  comingSoon('config-and-secrets', 11, 'Configuration & Secrets', 'ConfigMaps and Secrets, as env and files', ['config', 'secrets']),
  comingSoon('persistent-storage', 12, 'Persistent Storage', 'PVs, PVCs, and data that outlives a pod', ['storage']),
  comingSoon('autoscaling', 13, 'Autoscaling', 'The HorizontalPodAutoscaler under load', ['hpa']),
  comingSoon('troubleshooting', 14, 'Troubleshooting', 'Break it, diagnose it, fix it', ['debug']),
  comingSoon('where-next', 15, 'Where Next', 'Helm, Kustomize, CI/CD and production', ['next']),
];
