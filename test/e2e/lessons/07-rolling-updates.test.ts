import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDeployment } from '../../../lessons/02-core-concepts/demo.js';
import { checkJson, cleanup, repoRoot, workspace } from '../support/harness.js';
import { afterLessonThree, checkPassesWithin, kubectlOk } from '../support/lessons.js';

const ws = workspace('rolling-updates');
beforeAll(() => afterLessonThree(ws));
afterAll(() => cleanup(ws));

const rolloutStatus = () => kubectlOk(ws, ['rollout', 'status', 'deployment/fastapi-k8s', '-n', ws.namespace, '--timeout=120s']);

describe('lesson 7: rolling-updates', () => {
  it('--skip-tries: the tutor\'s own rollouts are no undo; check names the step; then the guide\'s own rollout commands pass it', async () => {
    const skipped = await ws.tutor(['lesson', 'rolling-updates', '--yes'], { env: { K8S_TUTOR_SKIP_TRIES: '1' }, timeoutMs: 300_000 });
    expect(skipped.stdout).toContain('Left for you (--skip-tries)');
    expect(skipped.stdout).toMatch(/Restarting the Deployment[\s\S]*?traffic: \d+ requests/);
    const before = await checkJson(ws, 'rolling-updates');
    expect(before.exitCode).toBe(1);
    const failed = before.report.checks.filter((c) => !c.passed);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toMatch(/^no rollback since .* \(revision \d+; now \d+\): the step "undo the rollout" is not done$/);
    expect(failed[0]!.fix).toBe(`kubectl rollout undo deployment fastapi-k8s -n ${ws.namespace}`);

    // The guide's §7, adapted only by -n.
    await kubectlOk(ws, ['rollout', 'restart', 'deployment', 'fastapi-k8s', '-n', ws.namespace]);
    await rolloutStatus();
    await kubectlOk(ws, ['rollout', 'undo', 'deployment', 'fastapi-k8s', '-n', ws.namespace]);
    const history = await kubectlOk(ws, ['rollout', 'history', 'deployment', 'fastapi-k8s', '-n', ws.namespace]);
    expect(history).toMatch(/APP_VERSION=2\.0\.0|rollout restart/);
    await rolloutStatus();
    const after = await checkPassesWithin(ws, 'rolling-updates');
    expect(after.report.passed, JSON.stringify(after.report.checks)).toBe(true);
    expect(after.report.checks.map((c) => c.message)).toContainEqual(expect.stringMatching(/^revision \d+ brought back earlier revision \d+ \(ReplicaSet fastapi-k8s-\w+\)/));
  });

  it('runs with --yes: the live picture, zero failed requests under RollingUpdate, a gap under Recreate, and the undo', async () => {
    // Back to version 1.0.0 (unset), as after lesson 3, so that the picture starts from [v1].
    await kubectlOk(ws, ['set', 'env', 'deployment/fastapi-k8s', 'APP_VERSION-', '-n', ws.namespace]);
    await rolloutStatus();
    const run = await ws.tutor(['lesson', 'rolling-updates', '--yes', '--restart'], { timeoutMs: 300_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const rolling = /Rolling out version 2\.0\.0 under traffic[\s\S]*?traffic: (\d+) requests in [\d.]+ s, (\d+) failed/.exec(run.stdout);
    const recreate = /Switching to Recreate[\s\S]*?traffic: (\d+) requests in [\d.]+ s, (\d+) failed/.exec(run.stdout);
    expect(rolling, run.stdout).not.toBeNull();
    expect(recreate, run.stdout).not.toBeNull();
    console.log(`lesson 7 traffic: RollingUpdate ${rolling![2]} of ${rolling![1]} failed; Recreate ${recreate![2]} of ${recreate![1]} failed`);
    expect(Number(rolling![1])).toBeGreaterThan(20);
    expect(Number(rolling![2])).toBe(0);
    expect(run.stdout).toContain('Zero failed requests');
    expect(Number(recreate![2])).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/step +\d+: +\[v1\] \[v1\] \[v1\] \[v1\] \[v1\] \[v2…\]/);
    expect(run.stdout).toMatch(/step +\d+: +\[v2\] \[v2\] \[v2\] \[v2\] \[v2\]/);
    expect(run.stdout).toContain('(no pods: nothing can answer)');
    expect(run.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\s+REPLICASET\s+APP_VERSION/);
    expect(run.stdout).toMatch(/\d+\s+rollout restart\s+fastapi-k8s-\w+\s+1\.0\.0/);
    expect(run.stdout).toMatch(/\d+\s+APP_VERSION=2\.0\.0\s+fastapi-k8s-\w+\s+2\.0\.0/);
    const undo = /What the cluster did after your undo\n\s+what the cluster did\n((?:\s+\+[\d.]+ m?s\s+.*\n)+)/.exec(run.stdout);
    expect(undo, run.stdout).not.toBeNull();
    // Scaling events can be dropped by the event spam filter on reruns; pod state cannot.
    expect(undo![1]).toMatch(/pod fastapi-k8s-…-\w+\s+Ready\n[\s\S]*pod fastapi-k8s-…-\w+\s+deleted: Terminating/);

    const { exitCode, report } = await checkJson(ws, 'rolling-updates');
    expect(report.passed, JSON.stringify(report.checks)).toBe(true);
    expect(exitCode).toBe(0);
  });

  it('issue 23: each rollout\'s traffic ends within 2 s of NewReplicaSetAvailable and says so, beside lesson 2\'s Deployment; the restart picture tells new pods from old', async () => {
    // Lesson 2's core-demo, still running (as for a learner who went through the course in order): its ReplicaSet keeps one pod.
    const demo = await ws.kubectl(['apply', '-n', ws.namespace, '-f', '-'], { input: JSON.stringify(demoDeployment()) });
    expect(demo.exitCode, demo.stderr).toBe(0);
    const done = watchRolloutEnds();
    try {
      const live = startLesson();
      const exit = await live.child;
      expect(exit.exitCode, live.output()).toBe(0);
      const out = live.output();
      console.log(out.split('\n').filter((l) => /traffic:|rollout finished|had not finished|each box|scaling down/.test(l)).join('\n'));
      expect(out).not.toContain('had not finished');
      expect(out.match(/\(the rollout finished [\d.]+ s after the change; the tutor counted 1 s more, then stopped\)/g), out).toHaveLength(3);
      expect(out).toMatch(/each box is a Ready pod, by version and revision \(the restart keeps the version\); \[v\d+ r(\d+)…\] is a new pod not Ready yet/);
      expect(out).toMatch(/step +\d+: +(\[v\d+ r\d+\] )+\[v\d+ r\d+…\]/);
      // The v2.0.0 rollout: from the moment a watch of our own saw it complete to the moment the tutor printed its count.
      const begun = out.indexOf('Rolling out version 2.0.0 under traffic');
      const completed = done.times('2.0.0').find((at) => at > live.timeOf('Rolling out version 2.0.0', begun));
      const counted = live.timeOf('traffic: ', begun);
      expect(completed, done.lines().join('\n')).toBeDefined();
      console.log(`lesson 7: the 2.0.0 rollout's traffic ended ${counted - completed!} ms after the Deployment reported NewReplicaSetAvailable`);
      expect(counted - completed!).toBeLessThan(2_000);
      expect(counted - completed!).toBeGreaterThan(0);
    } finally {
      done.stop();
      await kubectlOk(ws, ['delete', 'deployment', 'core-demo', '-n', ws.namespace, '--wait=false']);
    }
  }, 300_000);

  it('issue 23: Ctrl-C during the rollout returns to the shell within 1 s: exit 130, no drawing after it, the lock released', async () => {
    const live = startLesson();
    const begun = () => live.output().indexOf('Rolling out version 2.0.0 under traffic');
    await until(() => begun() >= 0 && /step +2:/.test(live.output().slice(begun())), 240_000);
    const sentAt = Date.now();
    const drawn = live.output().length;
    live.child.kill('SIGINT');
    const exit = await live.child;
    const tookMs = Date.now() - sentAt;
    console.log(`lesson 7: Ctrl-C mid-rollout returned after ${tookMs} ms`);
    expect(exit.exitCode, live.output()).toBe(130);
    expect(tookMs).toBeLessThan(1_000);
    const after = live.output().slice(drawn);
    expect(after).not.toMatch(/step +\d+:/);
    expect(after).toContain('Interrupted. Your progress is saved');
    expect(existsSync(join(ws.configDir, `lesson-${ws.namespace}.lock`))).toBe(false);
    await rolloutStatus();
  }, 300_000);
});

interface Live {
  child: ResultPromise;
  output(): string;
  /** When the first `text` at or after `from` reached us, in ms since the epoch. */
  timeOf(text: string, from: number): number;
}

/** `lesson rolling-updates --yes --restart` as a child process, each chunk of its output timed as it arrives. */
function startLesson(): Live {
  let output = '';
  const chunks: { end: number; at: number }[] = [];
  const child = execa(process.execPath, [join(repoRoot, 'bin', 'k8s-tutor.js'), 'lesson', 'rolling-updates', '--yes', '--restart', '-n', ws.namespace], {
    cwd: repoRoot, env: ws.env, reject: false, stdin: 'ignore', timeout: 280_000,
  });
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    chunks.push({ end: output.length, at: Date.now() });
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return {
    child,
    output: () => output,
    timeOf(text, from) {
      const index = output.indexOf(text, from);
      if (index < 0) throw new Error(`"${text}" not in the output after ${from}:\n${output}`);
      return chunks.find((c) => c.end > index)!.at;
    },
  };
}

/** Our own watch of the Deployment: when it was complete as `kubectl rollout status` judges it, with NewReplicaSetAvailable, by APP_VERSION. */
function watchRolloutEnds(): { times(version: string): number[]; lines(): string[]; stop(): void } {
  const fields = '{.metadata.generation} {.status.observedGeneration} {.status.replicas} {.status.updatedReplicas} {.status.availableReplicas} {.status.conditions[?(@.type=="Progressing")].reason} {.spec.template.spec.containers[0].env[?(@.name=="APP_VERSION")].value}{"\\n"}';
  const watch = execa('kubectl', ['get', 'deployment', 'fastapi-k8s', '-n', ws.namespace, '-w', '-o', `jsonpath=${fields}`], { env: ws.env, reject: false, stdin: 'ignore', timeout: 290_000 });
  const seen: { at: number; line: string }[] = [];
  let rest = '';
  watch.stdout?.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) seen.push({ at: Date.now(), line });
  });
  const complete = (line: string, version: string) => {
    const [generation, observed, replicas, updated, available, reason, appVersion] = line.split(' ');
    return Number(observed) >= Number(generation) && replicas === '5' && updated === '5' && available === '5' && reason === 'NewReplicaSetAvailable' && (appVersion ?? '') === version;
  };
  return {
    times: (version) => seen.filter((s, i) => complete(s.line, version) && !(i > 0 && complete(seen[i - 1]!.line, version))).map((s) => s.at),
    lines: () => seen.map((s) => `${s.at} ${s.line}`),
    stop: () => void watch.kill(),
  };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
