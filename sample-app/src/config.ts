// Reads the app's settings from the environment once, at startup.
// Kubernetes hands configuration to a container as env vars (ConfigMap, Secret, downward API),
// so this is the one place that knows their names and defaults.
const { hostname } = process.getBuiltinModule('node:os');

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface Config {
  port: number;
  host: string | undefined;
  appName: string;
  appEnv: string;
  appVersion: string;
  logLevel: LogLevel;
  /** LOG_LEVEL as written (lowercased), which GET /config reports: "warn" stays "warn". */
  logLevelSetting: string;
  maxConnections: string | undefined;
  maxStressSeconds: number;
  maxStressJobs: number;
  maxMemoryMb: number;
  maxBodyBytes: number;
  dataDir: string;
  secretsDir: string;
  secretSet: boolean;
  shutdownDelaySeconds: number;
  shutdownTimeoutSeconds: number;
  hostname: string;
  /** Downward-API values. Defaults as in the original app: the hostname for the pod name, "unknown" for
   * its IP, node and namespace, "not set" for the resource requests and limits. */
  pod: {
    name: string;
    ip: string;
    nodeName: string;
    namespace: string;
    cpuRequest: string;
    cpuLimit: string;
    memoryRequest: string;
    memoryLimit: string;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LEVELS: Record<string, LogLevel> = {
  debug: 'debug',
  info: 'info',
  warn: 'warning',
  warning: 'warning',
  error: 'error',
  critical: 'error',
};

type Env = Record<string, string | undefined>;

function text(env: Env, key: string, fallback: string): string {
  const v = env[key];
  return v === undefined || v.trim() === '' ? fallback : v.trim();
}

function number(env: Env, key: string, fallback: number, opts: { integer?: boolean; min?: number; max?: number } = {}): number {
  const raw = env[key];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  const { integer = false, min = 0, max = Number.MAX_SAFE_INTEGER } = opts;
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    const kind = integer ? 'an integer' : 'a number';
    throw new ConfigError(`${key}=${JSON.stringify(raw)} is not valid: expected ${kind} from ${min} to ${max}`);
  }
  return value;
}

/** Shows a downward-API resource value the way the manifest wrote it.
 * The manifests use divisor 1m for CPU and 1Mi for memory, so a bare number is millicores or MiB. */
function resource(env: Env, key: string, unit: 'm' | 'Mi'): string {
  const v = env[key]?.trim();
  if (!v) return 'not set';
  return /^\d+$/.test(v) ? `${v}${unit}` : v;
}

export function loadConfig(env: Env = process.env): Config {
  const rawLevel = text(env, 'LOG_LEVEL', 'info').toLowerCase();
  const logLevel = LEVELS[rawLevel];
  if (!logLevel) {
    throw new ConfigError(`LOG_LEVEL=${JSON.stringify(env.LOG_LEVEL)} is not valid: use debug, info, warning or error`);
  }
  const host = hostname();
  return {
    port: number(env, 'PORT', 8000, { integer: true, max: 65535 }),
    host: env.HOST?.trim() || undefined,
    appName: text(env, 'APP_NAME', 'fastapi-k8s'),
    appEnv: text(env, 'APP_ENV', 'development'),
    appVersion: text(env, 'APP_VERSION', '1.0.0'),
    logLevel,
    logLevelSetting: rawLevel,
    maxConnections: env.MAX_CONNECTIONS?.trim() || undefined,
    maxStressSeconds: number(env, 'MAX_STRESS_SECONDS', 30, { max: 3600 }),
    maxStressJobs: number(env, 'MAX_STRESS_JOBS', 4, { integer: true, min: 1, max: 64 }),
    maxMemoryMb: number(env, 'MAX_MEMORY_MB', 512, { integer: true, max: 65536 }),
    maxBodyBytes: number(env, 'MAX_BODY_BYTES', 16 * 1024, { integer: true, min: 1, max: 16 * 1024 * 1024 }),
    dataDir: text(env, 'DATA_DIR', '/app/data'),
    secretsDir: text(env, 'SECRETS_DIR', '/etc/secrets'),
    secretSet: (env.API_KEY ?? '') !== '',
    shutdownDelaySeconds: number(env, 'SHUTDOWN_DELAY_SECONDS', 0, { max: 600 }),
    shutdownTimeoutSeconds: number(env, 'SHUTDOWN_TIMEOUT_SECONDS', 25, { max: 3600 }),
    hostname: host,
    pod: {
      name: text(env, 'POD_NAME', host),
      ip: text(env, 'POD_IP', 'unknown'),
      nodeName: text(env, 'NODE_NAME', 'unknown'),
      namespace: text(env, 'POD_NAMESPACE', 'unknown'),
      cpuRequest: resource(env, 'CPU_REQUEST', 'm'),
      cpuLimit: resource(env, 'CPU_LIMIT', 'm'),
      memoryRequest: resource(env, 'MEMORY_REQUEST', 'Mi'),
      memoryLimit: resource(env, 'MEMORY_LIMIT', 'Mi'),
    },
  };
}
