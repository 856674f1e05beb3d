import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeconfigError } from '../errors.js';
import { detectFlavor } from './flavor.js';
import type { ContextInfo } from './guard.js';
import { noClusterHint } from './no-cluster.js';

export interface KubeconfigOptions {
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
}

/** Which kubeconfig files apply, the way kubectl picks them. */
export function kubeconfigFiles(options: KubeconfigOptions): string[] {
  const env = options.env ?? process.env;
  if (options.kubeconfig) {
    if (!existsSync(options.kubeconfig)) {
      throw new KubeconfigError(`kubeconfig file ${options.kubeconfig} does not exist`, 'Check the path given to --kubeconfig.');
    }
    return [options.kubeconfig];
  }
  if (env.KUBECONFIG) {
    const listed = env.KUBECONFIG.split(delimiter).filter(Boolean);
    const present = listed.filter((file) => existsSync(file));
    if (present.length === 0) {
      throw new KubeconfigError(`KUBECONFIG points at ${listed.join(delimiter)}, which does not exist`, 'Fix or unset KUBECONFIG, or pass --kubeconfig PATH.');
    }
    return present;
  }
  const home = env.HOME ?? homedir();
  const standard = join(home, '.kube', 'config');
  if (!existsSync(standard)) throw new KubeconfigError('no kubeconfig found (~/.kube/config does not exist and KUBECONFIG is not set)', noClusterHint({ lead: 'Get a local cluster first' }));
  return [standard];
}

function loadFile(file: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    // An empty file is an empty config, as kubectl reads it.
    if (readFileSync(file, 'utf8').trim() === '') return kc;
    kc.loadFromFile(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KubeconfigError(`kubeconfig ${file} cannot be read: ${reason}`, 'Fix the file (it must be valid kubeconfig YAML), or point --kubeconfig at another one.', { cause: error });
  }
  return kc;
}

/** The first entry of each name wins, in file order. */
function firstByName<T extends { name: string }>(lists: T[][]): T[] {
  const kept = new Map<string, T>();
  for (const list of lists) for (const item of list) if (!kept.has(item.name)) kept.set(item.name, item);
  return [...kept.values()];
}

/**
 * Merges kubeconfig files the way kubectl does: clusters, users and contexts by name, the first file
 * that names one wins (so `default` in both a k3s and a microk8s file is the k3s one); the
 * current-context is the first one set. Relative paths were made absolute per file on loading.
 */
export function mergeKubeconfigs(configs: KubeConfig[]): KubeConfig {
  if (configs.length === 1) return configs[0]!;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: firstByName(configs.map((c) => c.getClusters())),
    users: firstByName(configs.map((c) => c.getUsers())),
    contexts: firstByName(configs.map((c) => c.getContexts())),
    currentContext: configs.map((c) => c.getCurrentContext()).find(Boolean) ?? '',
  });
  return kc;
}

export function loadKubeconfig(options: KubeconfigOptions): { kc: KubeConfig; info: ContextInfo } {
  const kc = mergeKubeconfigs(kubeconfigFiles(options).map(loadFile));

  const contexts = kc.getContexts();
  if (contexts.length === 0) throw new KubeconfigError('your kubeconfig has no contexts', noClusterHint({ lead: 'Get a local cluster first' }));
  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      throw new KubeconfigError(`context "${options.context}" is not in your kubeconfig`, `Pick one of: ${contexts.map((c) => c.name).join(', ')}.`);
    }
    kc.setCurrentContext(options.context);
  }
  const name = kc.getCurrentContext();
  const context = kc.getContextObject(name);
  if (!name || !context) {
    throw new KubeconfigError('your kubeconfig has no current context', `Choose one with --context NAME or \`kubectl config use-context NAME\` (${contexts.map((c) => c.name).join(', ')}).`);
  }
  const cluster = kc.getCluster(context.cluster);
  if (!cluster?.server) {
    throw new KubeconfigError(`context "${name}" names cluster "${context.cluster}", which has no server`, 'Fix the kubeconfig, or pick another context with --context.');
  }
  return {
    kc,
    info: { name, cluster: context.cluster, user: context.user, server: cluster.server, flavor: detectFlavor(name, cluster.server) },
  };
}
