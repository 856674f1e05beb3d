import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { LessonHeader } from '../../course/lesson.js';
import { clusterWideNeeds, lessonsUsing, lessonsWhere, namespacedNeeds, type AccessNeed } from '../../course/requirements.js';
import { packageRoot } from '../../course/manifests.js';
import { imageLoadPlan } from '../../image/plan.js';
import { describeError } from '../../kube/describe-error.js';
import { detectFeatures, type ClusterFeatures } from '../../kube/features.js';
import type { Flavor } from '../../kube/flavor.js';
import { metricsServerInstall, type MetricsServerCommands } from '../../kube/metrics-install.js';
import { judgeContext } from '../../kube/guard.js';
import { imageOnNodes } from '../../kube/images.js';
import { kubeconfigFiles } from '../../kube/kubeconfig.js';
import type { Kube } from '../../kube/types.js';
import type { Ui } from '../../ui/ui.js';
import { defineCommand, type CommandInput, type CommandResult, type Deps } from '../deps.js';

export type Level = 'ok' | 'warn' | 'fail' | 'skipped';

export interface DoctorItem {
  name: string;
  level: Level;
  detail: string;
  /** What to do about it. */
  hint?: string;
  /** The lessons that adapt, or cannot run, because of this item (numbers). */
  lessons?: number[];
  /** Of those, the ones that cannot run at all (a failed item without it blocks all its lessons). */
  blocks?: number[];
}

export interface DoctorReport {
  /** all: every lesson can run; some: the lessons listed adapt or are skipped; none: no lesson can run. */
  verdict: 'all' | 'some' | 'none';
  items: DoctorItem[];
  /** The lessons affected, each with the items that affect it. */
  lessons: { number: number; id: string; because: string[] }[];
}

export interface DoctorOptions {
  namespace: string;
  allowContext?: string;
}

const NODE_MINIMUM: [number, number] = [22, 19];

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: 5_000, windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout));
  });
}

const minorOf = (version: string | undefined): number | undefined => {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return m ? Number(m[2]) : undefined;
};

async function kubectlItem(env: NodeJS.ProcessEnv, typing: number[]): Promise<{ item: DoctorItem; version?: string }> {
  const install = 'Install kubectl (https://kubernetes.io/docs/tasks/tools/), or use the one your cluster brings (Docker Desktop, minikube kubectl, k3s kubectl).';
  if (!onPath('kubectl', env)) {
    return { item: { name: 'kubectl', level: 'warn', detail: 'not on PATH: you cannot do the try-it steps yourself (the tutor can do them for you)', hint: install, lessons: typing } };
  }
  const out = await run('kubectl', ['version', '--client', '-o', 'json'], env);
  let version: string | undefined;
  try {
    version = (JSON.parse(out ?? '') as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion;
  } catch {
    version = undefined;
  }
  if (!version) return { item: { name: 'kubectl', level: 'warn', detail: 'on PATH, but `kubectl version --client` did not answer', hint: install } };
  return { item: { name: 'kubectl', level: 'ok', detail: `${version} on PATH` }, version };
}

function skewItem(client: string | undefined, server: string): DoctorItem | undefined {
  const [c, s] = [minorOf(client), minorOf(server)];
  if (c === undefined || s === undefined) return undefined;
  const apart = Math.abs(c - s);
  if (apart <= 1) return { name: 'kubectl skew', level: 'ok', detail: `kubectl ${client} and the server ${server} are within one minor version` };
  return {
    name: 'kubectl skew',
    level: 'warn',
    detail: `kubectl ${client} is ${apart} minor versions from the server ${server} (kubectl supports one either way)`,
    hint: `Install kubectl 1.${s} (https://kubernetes.io/docs/tasks/tools/), or put the one your cluster brings first on PATH.`,
  };
}

/** Whether the tool that gets the sample image into this flavor of cluster is here, and whether the image already is. */
async function imageItems(kube: Kube, flavor: Parameters<typeof imageLoadPlan>[0], env: NodeJS.ProcessEnv, image: string, needImage: number[]): Promise<DoctorItem[]> {
  const present = await imageOnNodes(kube, image).catch(() => undefined);
  const root = (() => {
    try {
      return packageRoot();
    } catch {
      return undefined;
    }
  })();
  const repoRoot = root && existsSync(join(root, 'cluster', 'image.sh')) ? root : undefined;
  const plan = imageLoadPlan(flavor, { appDir: root ? join(root, 'sample-app') : 'sample-app', image, repoRoot });
  const items: DoctorItem[] = [];
  const needed = present === false;
  if ('unsupported' in plan) {
    items.push({ name: 'image tool', level: needed ? 'fail' : 'ok', detail: present ? 'not needed: the sample image is in the cluster already' : plan.unsupported, ...(needed ? { hint: plan.hint, lessons: needImage } : {}) });
  } else {
    const tools = [...new Set(plan.steps.map((s) => s.file))];
    if (flavor === 'k8s-tutor-local') tools.push('ctr');
    const missing = tools.filter((t) => !onPath(t, env));
    if (missing.length === 0) items.push({ name: 'image tool', level: 'ok', detail: `${tools.join(', ')} on PATH (${flavor})` });
    else {
      items.push({
        name: 'image tool',
        level: needed ? 'fail' : 'warn',
        detail: `${missing.join(', ')} not on PATH: the tutor cannot build the sample image for ${flavor}${present ? ' (it is there already, so the lessons run)' : ''}`,
        hint: `Install ${missing.join(' and ')}, or build and load ${image} yourself from the sample-app/ folder (\`k8s-tutor manifests\` copies it).`,
        ...(needed ? { lessons: needImage } : {}),
      });
    }
  }
  items.push({
    name: 'sample image',
    level: present === false ? 'warn' : 'ok',
    detail: present === undefined ? 'cannot list nodes to look' : present ? `${image} is on a node` : `${image} is not in the cluster yet`,
    ...(present === false ? { hint: 'Lesson 3 builds and loads it for you.' } : {}),
  });
  return items;
}

function metricsHint(flavor: Flavor, manifest: MetricsServerCommands): string {
  const { commands, insecureTlsBecause } = metricsServerInstall(flavor, manifest);
  return insecureTlsBecause ? `${commands.join('; then ')} (${insecureTlsBecause}: metrics-server needs --kubelet-insecure-tls)` : commands.join('; then ');
}

function featureItems(features: ClusterFeatures, lessons: LessonHeader[], flavor: Flavor, metricsServer: MetricsServerCommands): DoctorItem[] {
  const using = (feature: Parameters<typeof lessonsUsing>[1]) => lessonsUsing(lessons, feature);
  return [
    features.metrics
      ? { name: 'metrics-server', level: 'ok', detail: 'metrics.k8s.io is served' }
      : { name: 'metrics-server', level: 'warn', detail: 'not installed: `kubectl top` shows nothing and the HPA cannot scale on CPU', hint: metricsHint(flavor, metricsServer), lessons: using('metrics') },
    features.defaultStorageClass
      ? { name: 'storage', level: 'ok', detail: `default StorageClass ${features.defaultStorageClass}` }
      : { name: 'storage', level: 'warn', detail: 'no default StorageClass: the storage lesson will offer a hostPath volume', hint: `Install a provisioner (e.g. rancher/local-path-provisioner), or accept the hostPath volume in lesson ${using('storage').join(', ')}.`, lessons: using('storage') },
    features.loadBalancer === 'no'
      ? { name: 'load balancer', level: 'warn', detail: 'no LoadBalancer support: the Service stays <pending> (the lessons use the API server proxy instead)', hint: 'Nothing to do: the lessons reach the app through the API server proxy.', lessons: using('load-balancer') }
      : { name: 'load balancer', level: 'ok', detail: features.loadBalancer === 'yes' ? 'LoadBalancer Services get an address here' : 'LoadBalancer Services may stay <pending> (the lessons use the API server proxy instead)' },
    features.ingressClass
      ? { name: 'ingress', level: 'ok', detail: `IngressClass ${features.ingressClass}` }
      : { name: 'ingress', level: 'warn', detail: 'no IngressClass: an Ingress will stay without an address', hint: 'Install an ingress controller (minikube: minikube addons enable ingress; kind: ingress-nginx) to see it routed.', lessons: using('ingress') },
    features.dns
      ? { name: 'dns', level: 'ok', detail: 'cluster DNS (kube-dns) is there' }
      : { name: 'dns', level: 'warn', detail: 'no cluster DNS: lessons reach Services by IP', hint: 'Install CoreDNS to reach Services by name.', lessons: using('dns') },
  ];
}

const skipped = (names: string[], why: string): DoctorItem[] => names.map((name) => ({ name, level: 'skipped', detail: `not checked: ${why}` }));
const CLUSTER_ITEMS = ['context', 'server', 'kubectl skew', 'namespace', 'permissions', 'cluster reads', 'metrics-server', 'storage', 'load balancer', 'ingress', 'dns', 'image tool', 'sample image'];

/** The preflight: every item a lesson may need, each with what to do when it is missing. */
export async function runDoctor(options: DoctorOptions, deps: Deps): Promise<CommandResult<DoctorReport>> {
  const items: DoctorItem[] = [];
  const lessons = deps.lessons;
  const all = lessons.map((l) => l.number);
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  const nodeOk = major > NODE_MINIMUM[0] || (major === NODE_MINIMUM[0] && minor >= NODE_MINIMUM[1]);
  items.push({ name: 'Node.js', level: nodeOk ? 'ok' : 'fail', detail: process.version, ...(nodeOk ? {} : { hint: 'Install Node 24 LTS (https://nodejs.org, or `nvm install 24`).', lessons: all }) });
  const kubectl = await kubectlItem(deps.env, lessonsWhere(lessons, (l) => l.requires.kubectl));
  items.push(kubectl.item);

  let session;
  try {
    session = await deps.connect({ writes: false });
  } catch (error) {
    const { message, hint } = describeError(error);
    items.push({ name: 'kubeconfig', level: 'fail', detail: message, hint, lessons: all }, ...skipped(CLUSTER_ITEMS, 'no kubeconfig to use'));
    return finish(items, lessons);
  }
  const { kube, cluster } = session;
  const files = (() => {
    try {
      return kubeconfigFiles({ kubeconfig: deps.global.kubeconfig, env: deps.env });
    } catch {
      return [];
    }
  })();
  items.push({ name: 'kubeconfig', level: 'ok', detail: `context ${cluster.name}, user ${cluster.user}${files.length ? ` (${files.join(delimiter)})` : ''}` });
  const guard = judgeContext(cluster, options.allowContext);
  items.push({
    name: 'context',
    level: guard.allowed ? 'ok' : 'fail',
    detail: `${cluster.flavor}: ${guard.reason}`,
    ...(guard.allowed ? {} : { hint: `Lessons refuse this cluster: switch to a local one with --context NAME, or add --allow-context ${cluster.name} if you really mean it.`, lessons: all }),
  });

  let server: string;
  try {
    server = (await kube.serverVersion()).gitVersion;
    items.push({ name: 'server', level: 'ok', detail: `${cluster.server} answers, Kubernetes ${server}` });
  } catch (error) {
    const { message, hint } = describeError(error, cluster.server);
    items.push({ name: 'server', level: 'fail', detail: message, hint, lessons: all }, ...skipped(CLUSTER_ITEMS.slice(2), 'the server did not answer'));
    return finish(items, lessons);
  }
  const skew = skewItem(kubectl.version, server);
  items.push(skew ?? { name: 'kubectl skew', level: 'skipped', detail: 'not checked: no kubectl version to compare' });

  const ns = await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: kube.namespace }).catch(() => undefined);
  items.push({ name: 'namespace', level: 'ok', detail: ns ? `${kube.namespace} exists` : `${kube.namespace} does not exist yet (the first lesson creates it)` });

  const namespaced = namespacedNeeds(lessons);
  const clusterWide = clusterWideNeeds(lessons);
  const allowed = (needs: AccessNeed[]) => Promise.all(needs.map(({ verb, resource, group, namespace }) => kube.canI({ verb, resource, group, namespace }).catch(() => false)));
  const [answers, clusterAnswers, features, images] = await Promise.all([
    allowed(namespaced),
    allowed(clusterWide),
    detectFeatures(kube, cluster.flavor),
    imageItems(kube, cluster.flavor, deps.env, deps.sampleImage, lessonsWhere(lessons, (l) => l.requires.image)),
  ]);
  // Creating the namespace is only needed when it is not there yet.
  const denied = namespaced.filter((q, i) => !answers[i] && !(q.resource === 'namespaces' && ns));
  items.push(permissionsItem(kube.namespace, namespaced.length, denied), clusterReadsItem(clusterWide, clusterWide.filter((_, i) => !clusterAnswers[i])));
  items.push(...featureItems(features, lessons, cluster.flavor, deps.metricsServer), ...images);
  return finish(items, lessons);
}

const union = (lists: number[][]) => [...new Set(lists.flat())].sort((a, b) => a - b);

function permissionsItem(namespace: string, asked: number, denied: AccessNeed[]): DoctorItem {
  if (denied.length === 0) return { name: 'permissions', level: 'ok', detail: `all ${asked} that the lessons use in namespace ${namespace}` };
  const blocks = union(denied.map((q) => q.blocks));
  return {
    name: 'permissions',
    level: blocks.length ? 'fail' : 'warn',
    detail: `not allowed in ${namespace}: ${denied.map((q) => q.text).join(', ')}`,
    hint: 'Use an admin context for your local cluster, or have someone bind the Role in manifests/rbac-minimum.yaml (`k8s-tutor manifests` copies it).',
    lessons: union(denied.map((q) => q.lessons)),
    blocks,
  };
}

function clusterReadsItem(asked: AccessNeed[], denied: AccessNeed[]): DoctorItem {
  if (denied.length === 0) return { name: 'cluster reads', level: 'ok', detail: `${asked.map((q) => q.text).join(', ')} (lessons ${union(asked.map((q) => q.lessons)).join(', ')})` };
  return { name: 'cluster reads', level: 'warn', detail: `not allowed: ${denied.map((q) => q.text).join(', ')}: those parts are skipped`, hint: 'Use an admin context, or add a ClusterRole that can list them.', lessons: union(denied.map((q) => q.lessons)) };
}

function finish(items: DoctorItem[], lessons: LessonHeader[]): CommandResult<DoctorReport> {
  const blocked = new Set(items.flatMap((i) => (i.level === 'fail' ? (i.blocks ?? i.lessons ?? []) : [])));
  const none = lessons.every((l) => blocked.has(l.number));
  const affected = new Map<number, string[]>();
  for (const item of items) {
    if ((item.level === 'warn' || item.level === 'fail') && item.lessons) for (const n of item.lessons) affected.set(n, [...(affected.get(n) ?? []), item.name]);
  }
  const listed = [...affected.entries()].sort((a, b) => a[0] - b[0]).map(([number, because]) => ({ number, id: lessons.find((l) => l.number === number)?.id ?? String(number), because }));
  const verdict: DoctorReport['verdict'] = none ? 'none' : listed.length > 0 ? 'some' : 'all';
  return { data: { verdict, items, lessons: none ? [] : listed }, exitCode: { all: 0, some: 1, none: 2 }[verdict] };
}

const SYMBOL: Record<Level, 'ok' | 'warn' | 'bad' | 'dim'> = { ok: 'ok', warn: 'warn', fail: 'bad', skipped: 'dim' };

export function renderDoctor(ui: Ui, report: DoctorReport): void {
  for (const item of report.items) {
    ui[SYMBOL[item.level]](`${item.level === 'skipped' ? '- ' : ''}${item.name.padEnd(15)} ${item.detail}`);
    if (item.hint) ui.dim(`  fix: ${item.hint}`);
  }
  ui.say('');
  if (report.verdict === 'all') ui.ok('Every lesson can run here. Next: k8s-tutor start');
  else if (report.verdict === 'none') ui.bad('No lesson can run until the ✘ items above are fixed. Then run k8s-tutor doctor again.');
  else {
    ui.warn('Some lessons will adapt, skip a part, or cannot run here:');
    for (const l of report.lessons) ui.dim(`${String(l.number).padStart(2)}. ${l.id}: ${l.because.join(', ')}`);
  }
}

export default defineCommand({
  validate: (input: CommandInput): DoctorOptions => ({ namespace: input.global.namespace, allowContext: input.global.allowContext }),
  run: runDoctor,
  render: renderDoctor,
});
