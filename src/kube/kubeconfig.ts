import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeconfigError } from '../errors.js';
import { detectFlavor } from './flavor.js';
import type { ContextInfo } from './guard.js';

export interface KubeconfigOptions {
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
}

export const NO_CLUSTER_HINT =
  'Get a local cluster first: enable Kubernetes in Docker Desktop, or `kind create cluster`, or `minikube start`; ' +
  'on Linux as root, `npm run cluster:up` in the k8s-tutor repo builds one (its first build takes 10 to 15 minutes).';

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
  if (!existsSync(standard)) throw new KubeconfigError('no kubeconfig found (~/.kube/config does not exist and KUBECONFIG is not set)', NO_CLUSTER_HINT);
  return [standard];
}

function loadFile(file: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KubeconfigError(`kubeconfig ${file} cannot be read: ${reason}`, 'Fix the file (it must be valid kubeconfig YAML), or point --kubeconfig at another one.', { cause: error });
  }
  return kc;
}

export function loadKubeconfig(options: KubeconfigOptions): { kc: KubeConfig; info: ContextInfo } {
  const [first, ...rest] = kubeconfigFiles(options);
  const kc = loadFile(first!);
  // As kubectl does: the first file's current-context wins.
  for (const file of rest) kc.mergeConfig(loadFile(file), true);

  const contexts = kc.getContexts();
  if (contexts.length === 0) throw new KubeconfigError('your kubeconfig has no contexts', NO_CLUSTER_HINT);
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
