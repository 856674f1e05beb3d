import type { KubeObject } from '../kit.js';

/**
 * How a Deployment's container gets a ConfigMap and a Secret, whatever the spelling: envFrom or
 * single keys (configMapKeyRef / secretKeyRef), and a secret volume of any name at any path.
 * Pure, so that every spelling the guide and the course use has a unit test.
 */

interface EnvVar {
  name: string;
  valueFrom?: { configMapKeyRef?: { name?: string; key?: string }; secretKeyRef?: { name?: string; key?: string } };
}
interface Container {
  name: string;
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name?: string }; secretRef?: { name?: string } }[];
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers?: Container[];
  volumes?: { name: string; secret?: { secretName?: string }; configMap?: { name?: string } }[];
}

export interface Wiring {
  /** How the ConfigMap reaches the container: 'envFrom', or the env vars taken from it one by one. */
  config: string[];
  /** How the Secret reaches the container as env vars: 'envFrom', or the env vars' names. */
  secretEnv: string[];
  /** Where the Secret is mounted as files (volume name and path). */
  secretFiles: { volume: string; mountPath: string }[];
}

export function wiringOf(deployment: KubeObject | undefined, app: string, configMap: string, secret: string): Wiring {
  const spec = (deployment?.spec as { template?: { spec?: PodSpec } } | undefined)?.template?.spec;
  const containers = spec?.containers ?? [];
  const container = containers.find((c) => c.name === app) ?? containers[0];
  const wiring: Wiring = { config: [], secretEnv: [], secretFiles: [] };
  if (!container) return wiring;
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef?.name === configMap) wiring.config.push('envFrom');
    if (from.secretRef?.name === secret) wiring.secretEnv.push('envFrom');
  }
  for (const v of container.env ?? []) {
    if (v.valueFrom?.configMapKeyRef?.name === configMap) wiring.config.push(v.name);
    if (v.valueFrom?.secretKeyRef?.name === secret) wiring.secretEnv.push(v.name);
  }
  const secretVolumes = new Set((spec?.volumes ?? []).filter((v) => v.secret?.secretName === secret).map((v) => v.name));
  for (const mount of container.volumeMounts ?? []) {
    if (secretVolumes.has(mount.name)) wiring.secretFiles.push({ volume: mount.name, mountPath: mount.mountPath });
  }
  return wiring;
}

/** One line saying what the wiring is, for the check's message. */
export function describeWiring(w: Wiring, configMap: string, secret: string): string {
  const config = w.config.includes('envFrom') ? `every key of ${configMap} (envFrom)` : `${w.config.join(', ')} from ${configMap}`;
  const parts = [
    w.secretEnv.length ? `${w.secretEnv.includes('envFrom') ? 'every key' : w.secretEnv.join(', ')} of ${secret} as env` : '',
    w.secretFiles.length ? `${secret} as files in ${w.secretFiles.map((f) => `${f.mountPath} (volume ${f.volume})`).join(', ')}` : '',
  ].filter(Boolean);
  return `${config}; ${parts.join(' and ')}`;
}
