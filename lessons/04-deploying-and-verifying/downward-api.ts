import { APP, DEPLOYMENT, type KubeObject, type LessonContext } from '../kit.js';

/** The variables the app reads for GET /info, each handed in by the downward API (env valueFrom.fieldRef). */
const DOWNWARD = [
  { name: 'POD_NAME', field: 'metadata.name' },
  { name: 'POD_IP', field: 'status.podIP' },
  { name: 'NODE_NAME', field: 'spec.nodeName' },
  { name: 'POD_NAMESPACE', field: 'metadata.namespace' },
];

interface EnvContainer {
  name: string;
  env?: { name: string }[];
}

/** The downward-API variables the Deployment's app container does not set. */
export function downwardVariablesMissing(deployment: KubeObject | undefined): string[] {
  const containers = (deployment?.spec as { template?: { spec?: { containers?: EnvContainer[] } } } | undefined)?.template?.spec?.containers ?? [];
  const container = containers.find((c) => c.name === APP) ?? containers[0];
  const set = new Set((container?.env ?? []).map((e) => e.name));
  return DOWNWARD.filter((d) => !set.has(d.name)).map((d) => d.name);
}

/**
 * What `env | grep POD_` and /info will show in the learner's pod, said before they look: the guide's
 * YAML sets no downward-API variables, so POD_* are empty and /info says "unknown", which is not a fault.
 */
export async function downwardApiNote(ctx: LessonContext): Promise<string[]> {
  const missing = downwardVariablesMissing(await ctx.kube.get(DEPLOYMENT));
  if (missing.length === 0) {
    return ['Your Deployment hands each pod facts about itself (POD_NAME, POD_IP, NODE_NAME, POD_NAMESPACE): `env | grep POD_` lists them, and /info reports them.'];
  }
  const fields = DOWNWARD.filter((d) => missing.includes(d.name)).map((d) => `${d.name} from ${d.field}`).join(', ');
  return [
    `Your Deployment (the guide's YAML, it seems) sets no ${missing.join(', ')}: inside the pod, \`env | grep POD_\` prints ${missing.length === DOWNWARD.length ? 'nothing' : 'only some'},`,
    'and /info says "unknown" for what is missing ("pod_ip":"unknown"). Not a fault: a pod is not told these facts unless its spec asks for them.',
    `The downward API does that, as env with valueFrom.fieldRef (${fields}); the course's {manifests}/k8s.yaml has them.`,
  ];
}
