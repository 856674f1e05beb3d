import { APP, CHANGE_CAUSE_ANNOTATION, DEPLOYMENT, rolloutStatus, type KubeObject, type LessonContext } from '../kit.js';
import { rolloutRow, versionLabel } from './rollout-picture.js';
import { describeTraffic, sendTraffic, viaServiceProxy, type TrafficReport } from './traffic.js';

/** The sample app reports this version when APP_VERSION is not set. */
export const APP_DEFAULT_VERSION = '1.0.0';

/** Lesson 7's change-under-traffic: make a change, draw the rollout live, count failed requests. */

export interface Measured {
  report: TrafficReport;
  rows: number;
  finished: boolean;
}

/** Prints a new picture row whenever the ReplicaSets' ready counts change, until the rollout is done. */
async function followRollout(ctx: LessonContext, change: () => Promise<void>, timeoutMs: number): Promise<{ rows: number; finished: boolean }> {
  const replicaSets = new Map<string, KubeObject>();
  let deployment: KubeObject | undefined;
  let last = '';
  let rows = 0;
  let changed = false;
  let finish!: (done: boolean) => void;
  const finished = new Promise<boolean>((resolve) => (finish = resolve));
  let listed = false;
  const draw = () => {
    if (!deployment || !listed) return;
    const row = rolloutRow(deployment, [...replicaSets.values()], (rs) => versionLabel(rs, APP_DEFAULT_VERSION));
    if (row !== last) {
      last = row;
      rows++;
      ctx.ui.dim(`step ${String(rows).padStart(2)}:  ${row}`);
    }
    if (changed && rolloutStatus(deployment).done && [...replicaSets.values()].every((rs) => rs === current() || ((rs.status as { replicas?: number } | undefined)?.replicas ?? 0) === 0)) finish(true);
  };
  const current = () => [...replicaSets.values()].find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === deployment?.metadata.annotations?.['deployment.kubernetes.io/revision']);
  const handles = [
    ctx.kube.watch('apps/v1', 'ReplicaSet', {}, ({ type, object }) => {
      if (type === 'DELETED') replicaSets.delete(object.metadata.name);
      else replicaSets.set(object.metadata.name, object);
      draw();
    }),
    ctx.kube.watch('apps/v1', 'Deployment', { fieldSelector: `metadata.name=${APP}` }, ({ object }) => {
      deployment = object;
      draw();
    }),
  ];
  const timer = setTimeout(() => finish(false), timeoutMs);
  try {
    await Promise.all(handles.map((h) => h.ready));
    listed = true;
    draw();
    await change();
    changed = true;
    deployment = (await ctx.kube.get(DEPLOYMENT)) ?? deployment;
    draw();
    const done = await finished;
    return { rows, finished: done };
  } finally {
    clearTimeout(timer);
    for (const h of handles) h.stop();
  }
}

/**
 * Sends steady GET /version through the Service (via the API server's proxy) while `change` rolls
 * out; keeps sending 3 s past the end so that the last pods' shutdown is counted too.
 */
export async function changeUnderTraffic(ctx: LessonContext, change: () => Promise<void>): Promise<Measured> {
  const stop = new AbortController();
  const traffic = sendTraffic(viaServiceProxy(ctx.kube, APP, 80, '/version', 'version'), { maxRequests: 2_000, maxMs: 60_000, intervalMs: 50, concurrency: 2, stop: stop.signal });
  try {
    const { rows, finished } = await followRollout(ctx, change, 50_000);
    await new Promise((r) => setTimeout(r, 3_000));
    stop.abort();
    return { report: await traffic, rows, finished };
  } finally {
    stop.abort();
  }
}

export function trafficLines(measured: Measured): string[] {
  const { report } = measured;
  const versions = Object.entries(report.answers).map(([v, n]) => `${v} ×${n}`).join(', ');
  return [
    `traffic: ${describeTraffic(report)}`,
    `answers by version: ${versions || 'none'}`,
    ...(measured.finished ? [] : ['(the rollout had not finished when the tutor stopped counting)']),
  ];
}

/** APP_VERSION in the pod template, and (when given) the change-cause that `rollout history` shows. */
export function setVersionPatch(version: string, cause?: string): unknown {
  return {
    ...(cause ? { metadata: { annotations: { [CHANGE_CAUSE_ANNOTATION]: cause } } } : {}),
    spec: { template: { spec: { containers: [{ name: APP, env: [{ name: 'APP_VERSION', value: version }] }] } } },
  };
}
