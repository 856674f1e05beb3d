// A minimal dynamic provisioner for the local test cluster, run on the host by up.sh.
// For every Pending PVC of a StorageClass whose provisioner is --name, it makes a directory under --dir
// (mode 0777: pods run as uid 10001) and creates a hostPath PV pre-bound to the claim; the PV controller then
// binds them. Released PVs with reclaim policy Delete lose their directory and are deleted.
// No dependencies: node:https with the client certificate. Polls every 2 s (cheap: three list calls).
import { readFileSync, mkdirSync, chmodSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { join, resolve } from 'node:path';

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['server', 'ca', 'cert', 'key', 'name', 'dir', 'node']) {
  if (!args[k]) {
    console.error(`missing --${k}`);
    process.exit(2);
  }
}
const baseDir = resolve(args.dir);
const tls = { ca: readFileSync(args.ca), cert: readFileSync(args.cert), key: readFileSync(args.key) };
const log = (msg, extra = {}) => console.log(JSON.stringify({ time: new Date().toISOString(), msg, ...extra }));

function api(method, path, body) {
  return new Promise((resolvePromise, reject) => {
    const url = new URL(path, args.server);
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      { method, ...tls, timeout: 15_000, headers: { accept: 'application/json', ...(data ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let json;
          try {
            json = text ? JSON.parse(text) : {};
          } catch {
            json = { message: text };
          }
          resolvePromise({ status: res.statusCode ?? 0, body: json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

async function event(pvc, reason, message, type = 'Normal') {
  const now = new Date().toISOString();
  await api('POST', `/api/v1/namespaces/${pvc.metadata.namespace}/events`, {
    metadata: { generateName: `${pvc.metadata.name}.` },
    involvedObject: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      namespace: pvc.metadata.namespace,
      name: pvc.metadata.name,
      uid: pvc.metadata.uid,
    },
    reason,
    message,
    type,
    source: { component: args.name },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  }).catch(() => {});
}

const failed = new Map(); // claim uid -> time of the last failed attempt

async function provision(pvc, sc) {
  const { namespace, name, uid } = pvc.metadata;
  if ((pvc.spec.volumeMode ?? 'Filesystem') !== 'Filesystem') {
    if (!failed.has(uid)) await event(pvc, 'ProvisioningFailed', 'only volumeMode Filesystem is supported', 'Warning');
    failed.set(uid, Date.now());
    return;
  }
  const pvName = `pvc-${uid}`;
  const dir = join(baseDir, `${namespace}_${name}_${uid}`);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
  const pv = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: pvName,
      labels: { 'k8s-tutor.local/provisioned': 'true' },
      annotations: { 'pv.kubernetes.io/provisioned-by': args.name },
    },
    spec: {
      capacity: { storage: pvc.spec.resources?.requests?.storage ?? '1Gi' },
      accessModes: pvc.spec.accessModes?.length ? pvc.spec.accessModes : ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: 'Filesystem',
      mountOptions: sc.mountOptions,
      hostPath: { path: dir, type: 'DirectoryOrCreate' },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name, uid },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [args.node] }] }],
        },
      },
    },
  };
  const res = await api('POST', '/api/v1/persistentvolumes', pv);
  if (res.status === 201) {
    log('provisioned', { pvc: `${namespace}/${name}`, pv: pvName, dir });
    await event(pvc, 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName} at ${dir}`);
  } else if (res.status !== 409) {
    log('create PV failed', { pvc: `${namespace}/${name}`, status: res.status, message: res.body.message });
    failed.set(uid, Date.now());
  }
}

async function reclaim(pv) {
  const path = pv.spec.hostPath?.path;
  if (path && resolve(path).startsWith(baseDir + '/')) rmSync(path, { recursive: true, force: true });
  const res = await api('DELETE', `/api/v1/persistentvolumes/${pv.metadata.name}`);
  if (res.status < 300 || res.status === 404) log('deleted', { pv: pv.metadata.name, dir: path });
  else log('delete PV failed', { pv: pv.metadata.name, status: res.status, message: res.body.message });
}

async function sync() {
  const [scs, pvcs, pvs] = await Promise.all([
    api('GET', '/apis/storage.k8s.io/v1/storageclasses'),
    api('GET', '/api/v1/persistentvolumeclaims'),
    api('GET', '/api/v1/persistentvolumes'),
  ]);
  for (const r of [scs, pvcs, pvs]) if (r.status !== 200) throw new Error(`list failed: ${r.status} ${r.body.message ?? ''}`);
  const classes = new Map(scs.body.items.filter((sc) => sc.provisioner === args.name).map((sc) => [sc.metadata.name, sc]));
  const pvByClaim = new Set(pvs.body.items.map((pv) => pv.spec.claimRef?.uid).filter(Boolean));
  for (const pvc of pvcs.body.items) {
    if (pvc.status?.phase !== 'Pending' || pvc.spec.volumeName || pvc.metadata.deletionTimestamp) continue;
    const sc = classes.get(pvc.spec.storageClassName ?? '');
    if (!sc || pvByClaim.has(pvc.metadata.uid)) continue;
    if (pvc.spec.selector || pvc.spec.dataSource) continue; // static binding or cloning: not ours
    const lastFail = failed.get(pvc.metadata.uid);
    if (lastFail && Date.now() - lastFail < 30_000) continue;
    await provision(pvc, sc);
  }
  for (const pv of pvs.body.items) {
    if (pv.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] !== args.name) continue;
    if (pv.metadata.deletionTimestamp) continue;
    const phase = pv.status?.phase;
    if ((phase === 'Released' || phase === 'Failed') && pv.spec.persistentVolumeReclaimPolicy === 'Delete') await reclaim(pv);
  }
}

let stopping = false;
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => { stopping = true; log('stopping'); process.exit(0); });
mkdirSync(baseDir, { recursive: true });
log('started', { provisioner: args.name, dir: baseDir });
let lastError = '';
while (!stopping) {
  try {
    await sync();
    if (lastError) log('recovered');
    lastError = '';
  } catch (err) {
    const msg = String(err?.message ?? err);
    if (msg !== lastError) log('sync failed', { error: msg });
    lastError = msg;
  }
  await new Promise((r) => setTimeout(r, 2000));
}
