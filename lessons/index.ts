import type { Lesson } from '../src/course/lesson.js';
import { comingSoon } from '../src/course/lesson.js';
import whatIsKubernetes from './01-what-is-kubernetes.js';
import coreConcepts from './02-core-concepts.js';
import firstDeployment from './03-first-deployment.js';
import deployingAndVerifying from './04-deploying-and-verifying.js';
import scaling from './05-scaling.js';
import selfHealing from './06-self-healing.js';
import rollingUpdates from './07-rolling-updates.js';
import resourceManagement from './08-resource-management.js';
import monitoring from './09-monitoring.js';
import networking from './10-networking.js';
import configAndSecrets from './11-config-and-secrets.js';
import persistentStorage from './12-persistent-storage.js';
import autoscaling from './13-autoscaling.js';
import troubleshooting from './14-troubleshooting.js';
import whereNext from './15-where-next.js';

/** The course, in the guide's order. */
export const lessons: Lesson[] = [
  whatIsKubernetes,
  coreConcepts,
  firstDeployment,
  deployingAndVerifying,
  scaling,
  selfHealing,
  rollingUpdates,
  resourceManagement,
  monitoring,
  networking,
  configAndSecrets,
  persistentStorage,
  autoscaling,
  troubleshooting,
  whereNext,
];
