// Every YAML file in manifests/: parses, names and ports as the guide has them, fixed image tags,
// and every pod template passes the Pod Security "restricted" standard.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { APP_DIR } from './helpers.ts';

const MANIFESTS = join(APP_DIR, '..', 'manifests');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML
type Obj = Record<string, any>;

const files = readdirSync(MANIFESTS)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

function load(file: string): Obj[] {
  const docs = parseAllDocuments(readFileSync(join(MANIFESTS, file), 'utf8'));
  if (!Array.isArray(docs)) throw new Error(`${file}: not a YAML stream`);
  for (const d of docs) {
    if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    if (d.warnings.length) throw new Error(`${file}: ${d.warnings.map((e) => e.message).join('; ')}`);
  }
  return docs.map((d) => d.toJS() as Obj).filter((o) => o !== null);
}

const all = new Map(files.map((f) => [f, load(f)]));
const find = (file: string, kind: string, name?: string): Obj => {
  const hit = all.get(file)?.find((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (!hit) throw new Error(`${file} has no ${kind}${name ? ` ${name}` : ''}`);
  return hit;
};

/** Pod templates of any workload kind, with where they came from. */
function podTemplates(obj: Obj): Obj[] {
  switch (obj.kind) {
    case 'Pod':
      return [obj];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return [obj.spec.template];
    case 'CronJob':
      return [obj.spec.jobTemplate.spec.template];
    default:
      return [];
  }
}

const deploymentFiles = ['k8s.yaml', 'deployment-probes.yaml', 'deployment-rolling.yaml', 'deployment-resources.yaml', 'deployment-config.yaml', 'deployment-storage.yaml'];
const deployment = (file: string) => find(file, 'Deployment', 'fastapi-k8s');
const container = (file: string) => deployment(file).spec.template.spec.containers[0] as Obj;
const envOf = (c: Obj) => new Map<string, Obj>((c.env ?? []).map((e: Obj) => [e.name, e]));

/** Partial match: every key of `expected` is in `actual`; list items match some item. */
function contains(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.every((e) => actual.some((a) => contains(a, e)));
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object') return false;
    return Object.entries(expected).every(([k, v]) => contains((actual as Obj)[k], v));
  }
  return actual === expected;
}

describe('manifests/', () => {
  it('holds the expected files, each valid YAML with named objects and no namespace', () => {
    expect(files).toEqual(
      ['config.yaml', 'deployment-config.yaml', 'deployment-probes.yaml', 'deployment-resources.yaml', 'deployment-rolling.yaml', 'deployment-storage.yaml', 'hpa.yaml', 'k8s.yaml', 'rbac-minimum.yaml', 'services.yaml', 'storage.yaml'].sort(),
    );
    for (const [file, objs] of all) {
      expect(objs.length, file).toBeGreaterThan(0);
      for (const o of objs) {
        expect(o.apiVersion, file).toBeTruthy();
        expect(o.kind, file).toBeTruthy();
        expect(o.metadata?.name, file).toBeTruthy();
        expect(o.metadata?.namespace, `${file} ${o.kind}: the tutor picks the namespace`).toBeUndefined();
        // rbac-minimum.yaml is for a cluster admin to apply, not one of the app's objects.
        if (file === 'rbac-minimum.yaml') continue;
        expect(o.metadata?.labels?.app, `${file} ${o.kind} ${o.metadata.name}`).toBe('fastapi-k8s');
        expect(o.metadata?.labels?.['app.kubernetes.io/managed-by'], `${file} ${o.kind} ${o.metadata.name}: the tutor's own`).toBe('k8s-tutor');
      }
    }
  });

  it('never uses :latest, and every image has a fixed tag and pull policy Never', () => {
    for (const file of files) {
      expect(readFileSync(join(MANIFESTS, file), 'utf8'), file).not.toMatch(/:latest\b/);
    }
    let images = 0;
    for (const [file, objs] of all) {
      for (const t of objs.flatMap(podTemplates)) {
        for (const c of [...(t.spec.initContainers ?? []), ...t.spec.containers]) {
          images++;
          expect(c.image, file).toBe('fastapi-k8s:1.0.0');
          expect(c.imagePullPolicy, file).toBe('Never');
        }
      }
    }
    expect(images).toBe(deploymentFiles.length);
  });

  describe.each(files.filter((f) => all.get(f)!.some((o) => podTemplates(o).length > 0)))('%s pod template', (file) => {
    const templates = all.get(file)!.flatMap(podTemplates);

    it('passes Pod Security "restricted"', () => {
      for (const t of templates) {
        const pod = t.spec as Obj;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
        for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) expect(pod[key], key).toBeFalsy();
        const allowedVolumes = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
        for (const v of pod.volumes ?? []) {
          const types = Object.keys(v).filter((k) => k !== 'name');
          expect(types.length, v.name).toBe(1);
          expect(allowedVolumes, `volume ${v.name}`).toContain(types[0]);
        }
        for (const c of [...(pod.initContainers ?? []), ...pod.containers] as Obj[]) {
          const sc = c.securityContext as Obj;
          expect(sc, c.name).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
          expect(sc.privileged ?? false).toBe(false);
          expect((sc.capabilities.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE')).toEqual([]);
          if (sc.runAsUser !== undefined) expect(sc.runAsUser).not.toBe(0);
          if (sc.runAsNonRoot !== undefined) expect(sc.runAsNonRoot).toBe(true);
          if (sc.seccompProfile) expect(['RuntimeDefault', 'Localhost']).toContain(sc.seccompProfile.type);
          for (const p of c.ports ?? []) expect(p.hostPort, 'hostPort').toBeUndefined();
        }
      }
    });

    it('mounts writable volumes at /tmp and /app/data (the root filesystem is read-only)', () => {
      for (const t of templates) {
        const volumes = new Map<string, Obj>((t.spec.volumes as Obj[]).map((v) => [v.name, v]));
        const mounts = new Map<string, Obj>((t.spec.containers[0].volumeMounts as Obj[]).map((m) => [m.mountPath, m]));
        const tmp = volumes.get(mounts.get('/tmp')?.name);
        expect(tmp?.emptyDir, '/tmp').toBeDefined();
        const data = volumes.get(mounts.get('/app/data')?.name);
        if (file === 'deployment-storage.yaml') expect(data?.persistentVolumeClaim).toEqual({ claimName: 'data-pvc' });
        else expect(data?.emptyDir, '/app/data').toBeDefined();
        for (const m of mounts.values()) expect(volumes.has(m.name), `mount ${m.name} has a volume`).toBe(true);
      }
    });

    it('is the fastapi-k8s Deployment: label, selector, container name and port', () => {
      const d = deployment(file);
      expect(d.apiVersion).toBe('apps/v1');
      expect(d.spec.replicas).toBe(5);
      expect(d.spec.selector).toEqual({ matchLabels: { app: 'fastapi-k8s' } });
      expect(d.spec.template.metadata.labels).toMatchObject({ app: 'fastapi-k8s' });
      expect(d.spec.template.spec.containers).toHaveLength(1);
      const c = container(file);
      expect(c.name).toBe('fastapi-k8s');
      expect(c.ports).toEqual([{ name: 'http', containerPort: 8000 }]);
    });

    it('sets only env vars that the app reads', () => {
      const configSource = readFileSync(join(APP_DIR, 'src', 'config.ts'), 'utf8');
      for (const name of envOf(container(file)).keys()) {
        expect(configSource.includes(`'${name}'`) || configSource.includes(`env.${name}`), name).toBe(true);
      }
    });
  });

  it('k8s.yaml: the guide\'s LoadBalancer Service, port 80 → 8000', () => {
    const svc = find('k8s.yaml', 'Service', 'fastapi-k8s');
    expect(svc.spec).toEqual({ type: 'LoadBalancer', ports: [{ name: 'http', port: 80, targetPort: 8000 }], selector: { app: 'fastapi-k8s' } });
    const env = envOf(container('k8s.yaml'));
    expect(env.get('POD_NAME')?.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.name' } });
    expect(container('k8s.yaml').livenessProbe).toBeUndefined(); // probes come in lesson 6
  });

  it('each variant contains the one before it (the lessons build up)', () => {
    const chain = deploymentFiles;
    for (let i = 1; i < chain.length; i++) {
      let previous = deployment(chain[i - 1]!);
      // config builds on rolling, not resources: lesson 8's requests are for the learner to apply in lesson 8
      if (chain[i] === 'deployment-config.yaml') previous = deployment('deployment-rolling.yaml');
      if (chain[i] === 'deployment-storage.yaml') {
        // storage builds on resources, not config, and swaps the data emptyDir for the claim
        previous = structuredClone(deployment('deployment-resources.yaml'));
        previous.spec.template.spec.volumes = previous.spec.template.spec.volumes.filter((v: Obj) => v.name !== 'data');
      }
      expect(contains(deployment(chain[i]!), previous), `${chain[i]} ⊇ ${chain[i - 1]}`).toBe(true);
    }
  });

  it('deployment-probes.yaml: liveness /health, readiness /ready, and a shutdown that fits the grace period', () => {
    const d = deployment('deployment-probes.yaml');
    const c = container('deployment-probes.yaml');
    expect(c.livenessProbe.httpGet).toEqual({ path: '/health', port: 8000 });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/ready', port: 8000 });
    expect(c.readinessProbe.periodSeconds).toBeLessThanOrEqual(2);
    expect(c.readinessProbe.failureThreshold).toBeLessThanOrEqual(2);
    const env = envOf(c);
    const delay = Number(env.get('SHUTDOWN_DELAY_SECONDS')?.value);
    const timeout = Number(env.get('SHUTDOWN_TIMEOUT_SECONDS')?.value);
    const grace = d.spec.template.spec.terminationGracePeriodSeconds as number;
    expect(delay).toBeGreaterThanOrEqual(3);
    expect(timeout).toBeGreaterThan(delay);
    expect(timeout).toBeLessThan(grace);
    expect(grace).toBe(30);
  });

  it('deployment-rolling.yaml: RollingUpdate with maxSurge 1, maxUnavailable 0', () => {
    const d = deployment('deployment-rolling.yaml');
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    expect(d.spec.minReadySeconds).toBe(0);
  });

  it('deployment-resources.yaml: the guide\'s requests and limits, and the same values as env', () => {
    const c = container('deployment-resources.yaml');
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
    const env = envOf(c);
    const expected: [string, string, string][] = [
      ['CPU_REQUEST', 'requests.cpu', '1m'],
      ['CPU_LIMIT', 'limits.cpu', '1m'],
      ['MEMORY_REQUEST', 'requests.memory', '1Mi'],
      ['MEMORY_LIMIT', 'limits.memory', '1Mi'],
    ];
    for (const [name, resource, divisor] of expected) {
      expect(env.get(name)?.valueFrom, name).toEqual({ resourceFieldRef: { containerName: 'fastapi-k8s', resource, divisor } });
    }
  });

  it('config.yaml + deployment-config.yaml: ConfigMap as env, one key, a Secret as env and as files', () => {
    const cm = find('config.yaml', 'ConfigMap', 'fastapi-config');
    expect(Object.keys(cm.data).sort()).toEqual(['APP_ENV', 'LOG_LEVEL', 'MAX_CONNECTIONS']);
    expect(Object.values(cm.data).every((v) => typeof v === 'string')).toBe(true);
    const secret = find('config.yaml', 'Secret', 'fastapi-secrets');
    expect(secret.type).toBe('Opaque');
    expect(Object.keys(secret.stringData)).toContain('API_KEY');

    const c = container('deployment-config.yaml');
    expect(c.envFrom).toEqual([{ configMapRef: { name: 'fastapi-config' } }]);
    const env = envOf(c);
    expect(env.get('LOG_LEVEL')?.valueFrom).toEqual({ configMapKeyRef: { name: 'fastapi-config', key: 'LOG_LEVEL' } });
    expect(env.get('API_KEY')?.valueFrom).toEqual({ secretKeyRef: { name: 'fastapi-secrets', key: 'API_KEY' } });
    const mount = (c.volumeMounts as Obj[]).find((m) => m.mountPath === '/etc/secrets');
    expect(mount?.readOnly).toBe(true);
    const vol = (deployment('deployment-config.yaml').spec.template.spec.volumes as Obj[]).find((v) => v.name === mount?.name);
    expect(vol?.secret?.secretName).toBe('fastapi-secrets');
    expect(vol?.secret?.defaultMode).toBe(0o440);
  });

  it('storage.yaml: claim data-pvc, 1Gi, ReadWriteOnce, on the default StorageClass', () => {
    const pvc = find('storage.yaml', 'PersistentVolumeClaim', 'data-pvc');
    expect(pvc.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } });
  });

  it('hpa.yaml: 2–20 replicas on CPU 50% and memory 70%', () => {
    const hpa = find('hpa.yaml', 'HorizontalPodAutoscaler', 'fastapi-k8s');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'fastapi-k8s' });
    expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 20]);
    const target = (name: string) => (hpa.spec.metrics as Obj[]).find((m) => m.resource?.name === name)?.resource.target;
    expect(target('cpu')).toEqual({ type: 'Utilization', averageUtilization: 50 });
    expect(target('memory')).toEqual({ type: 'Utilization', averageUtilization: 70 });
  });

  it('services.yaml: ClusterIP, NodePort 30080 and an Ingress for fastapi.local', () => {
    const internal = find('services.yaml', 'Service', 'fastapi-k8s-internal');
    expect(internal.spec).toEqual({ type: 'ClusterIP', ports: [{ name: 'http', port: 80, targetPort: 8000 }], selector: { app: 'fastapi-k8s' } });
    const nodePort = find('services.yaml', 'Service', 'fastapi-k8s-nodeport');
    expect(nodePort.spec).toEqual({ type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 8000, nodePort: 30080 }], selector: { app: 'fastapi-k8s' } });
    const ing = find('services.yaml', 'Ingress', 'fastapi-k8s');
    expect(ing.apiVersion).toBe('networking.k8s.io/v1');
    expect(ing.spec.ingressClassName).toBeUndefined();
    expect(ing.spec.rules).toEqual([
      { host: 'fastapi.local', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'fastapi-k8s', port: { number: 80 } } } }] } },
    ]);
  });
});
