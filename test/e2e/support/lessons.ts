import { expect } from 'vitest';
import { checkJson, type Workspace } from './harness.js';

/** Shared by the e2e tests of lessons 5–8: the Deployment of lesson 3, and a check that may take a while to pass. */

/** What a learner has after lesson 3: the guide's Deployment and Service, set up by the tutor. */
export async function afterLessonThree(ws: Workspace): Promise<void> {
  const run = await ws.tutor(['lesson', 'first-deployment', '--yes']);
  expect(run.exitCode, run.stdout + run.stderr).toBe(0);
}

/** `check <lesson> --json` until it passes (rollouts take a few seconds), bounded. */
export async function checkPassesWithin(ws: Workspace, lesson: string, timeoutMs = 120_000): Promise<Awaited<ReturnType<typeof checkJson>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await checkJson(ws, lesson);
    if (result.report.passed || Date.now() > deadline) return result;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

export async function kubectlOk(ws: Workspace, args: string[]): Promise<string> {
  const run = await ws.kubectl(args);
  expect(run.exitCode, `kubectl ${args.join(' ')}\n${run.stdout}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

export async function firstPod(ws: Workspace): Promise<string> {
  const names = await kubectlOk(ws, ['get', 'pods', '-l', 'app=fastapi-k8s', '-n', ws.namespace, '-o', 'jsonpath={.items[*].metadata.name}']);
  const [first] = names.trim().split(/\s+/);
  expect(first).toBeTruthy();
  return first!;
}

/** A command as the tutor prints it, pasted into bash in an empty folder (no clone of the repo around). */
export async function shellOk(ws: Workspace, command: string, input?: string): Promise<string> {
  const { execa } = await import('execa');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const cwd = mkdtempSync(join(tmpdir(), 'k8s-tutor-shell-'));
  const run = await execa('bash', ['-c', command], { cwd, env: ws.env, reject: false, timeout: 120_000, ...(input !== undefined ? { input } : { stdin: 'ignore' as const }) });
  expect(run.exitCode, `${command}\n${String(run.stdout)}\n${String(run.stderr)}`).toBe(0);
  return String(run.stdout);
}

/**
 * `lesson N --yes` with every try-it left undone (K8S_TUTOR_SKIP_TRIES=1), then `check N`: the run
 * and the check's report, whose failures must name what the learner left undone.
 */
export async function skippedTries(ws: Workspace, lesson: string, timeoutMs = 280_000): Promise<{ run: Awaited<ReturnType<Workspace['tutor']>>; check: Awaited<ReturnType<typeof checkJson>> }> {
  const run = await ws.tutor(['lesson', lesson, '--yes'], { timeoutMs, env: { K8S_TUTOR_SKIP_TRIES: '1' } });
  const check = await checkJson(ws, lesson);
  return { run, check };
}

/** The guide's k8s.yaml (§3), as printed there: image fastapi-k8s:latest, none of the tutor's labels. Lessons 3–5. */
export const GUIDE_K8S_YAML = `apiVersion: apps/v1          # API version for Deployment resources
kind: Deployment              # What type of resource this is
metadata:
  name: fastapi-k8s           # Name of the deployment
  labels:
    app: fastapi-k8s          # Label for the deployment itself
spec:
  replicas: 5                 # Number of pod copies to run
  selector:
    matchLabels:
      app: fastapi-k8s        # How the Deployment finds its pods
  template:                    # Pod template — blueprint for each pod
    metadata:
      labels:
        app: fastapi-k8s      # Label applied to each pod (must match selector)
    spec:
      containers:
        - name: fastapi-k8s           # Container name (for logs, exec)
          image: fastapi-k8s:latest    # Docker image to use
          imagePullPolicy: Never       # Use local image, don't pull from registry
          ports:
            - containerPort: 8000      # Port the app listens on inside the container
---
apiVersion: v1
kind: Service
metadata:
  name: fastapi-k8s
  labels:
    app: fastapi-k8s
spec:
  type: LoadBalancer           # Expose externally (on Docker Desktop: localhost)
  ports:
    - port: 80                 # Port the Service listens on
      targetPort: 8000         # Port to forward to on the pod
  selector:
    app: fastapi-k8s           # Send traffic to pods with this label
`;

export interface NodeState {
  name: string;
  cordoned: boolean;
  /** Carries the tutor's k8s-tutor.io/cordoned mark. */
  ours: boolean;
}

/** The cluster's nodes as kubectl sees them: lesson 6's drain runs only where there is more than one. */
export async function nodeStates(ws: Workspace): Promise<NodeState[]> {
  const list = JSON.parse(await kubectlOk(ws, ['get', 'nodes', '-o', 'json'])) as { items: { metadata: { name: string; annotations?: Record<string, string> }; spec?: { unschedulable?: boolean } }[] };
  return list.items.map((n) => ({ name: n.metadata.name, cordoned: n.spec?.unschedulable === true, ours: n.metadata.annotations?.['k8s-tutor.io/cordoned'] === 'true' }));
}
