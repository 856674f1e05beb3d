// Runs an image plan step by step with a runner (execa by default; tests pass a fake), and turns
// failures into ImageLoadError: a one-line message plus a hint of what to install or start.
import { rm } from 'node:fs/promises';
import { ImageLoadError } from './errors.js';
import type { Flavor } from '../kube/flavor.js';
import { formatStep, imageLoadPlan, type ImagePlanOptions, type ImageStep } from './plan.js';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell. A missing program rejects with an error whose code is ENOENT. */
export type Runner = (file: string, args: string[]) => Promise<RunResult>;

export interface LoadOptions extends ImagePlanOptions {
  /** Called before each step runs, e.g. to print its command line. */
  onStep?: (step: ImageStep, index: number, total: number) => void;
}

export interface LoadResult {
  flavor: Flavor;
  ran: (ImageStep & RunResult & { command: string })[];
}

const INSTALL: Record<string, string> = {
  docker: 'Install Docker (Docker Desktop: https://docs.docker.com/get-docker/) and make sure `docker` is on your PATH.',
  kind: 'Install kind: https://kind.sigs.k8s.io/docs/user/quick-start/#installation',
  minikube: 'Install minikube: https://minikube.sigs.k8s.io/docs/start/',
  k3d: 'Install k3d: https://k3d.io/#installation',
  microk8s: 'Install MicroK8s (https://microk8s.io/docs/getting-started); on Linux also join its group: sudo usermod -a -G microk8s $USER',
  bash: 'Install bash; the local test cluster\'s image script needs it.',
};

const FLAVOR_TIPS: Partial<Record<Flavor, string>> = {
  'rancher-desktop':
    'With the containerd engine Rancher Desktop has no docker: pick dockerd (moby) under Preferences → Container Engine, or build with `nerdctl --namespace k8s.io build -t IMAGE DIR`.',
  colima: 'Colima provides docker once it runs: `colima start --kubernetes`.',
  orbstack: 'OrbStack provides docker once it runs: open OrbStack.',
};

const DAEMON_DOWN = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect|docker daemon is not running/i;

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.at(-1) ?? '';
}

function failureHint(flavor: Flavor, step: ImageStep, stderr: string, opts: ImagePlanOptions): string {
  if (step.file === 'docker' && DAEMON_DOWN.test(stderr)) {
    return FLAVOR_TIPS[flavor] ?? 'Start Docker (Docker Desktop, OrbStack, Rancher Desktop or `colima start`), then try again.';
  }
  if (step.file === 'kind' && /no nodes found/i.test(stderr)) {
    return `kind has no cluster named "${opts.clusterName ?? 'kind'}": see \`kind get clusters\`, and pick its context (kind-<name>).`;
  }
  if (step.file === 'k3d' && /no cluster|not found/i.test(stderr)) {
    return `k3d has no cluster named "${opts.clusterName ?? 'k3s-default'}": see \`k3d cluster list\`.`;
  }
  if (step.file === 'microk8s' && /permission|insufficient/i.test(stderr)) {
    return 'Join the microk8s group (sudo usermod -a -G microk8s $USER), log in again, and retry.';
  }
  return `Run it yourself to see the whole output: ${formatStep(step)}`;
}

/** Builds the sample app's image and puts it where the cluster's runtime finds it. */
export async function loadSampleImage(flavor: Flavor, opts: LoadOptions, run: Runner = execaRunner): Promise<LoadResult> {
  const plan = imageLoadPlan(flavor, opts);
  if ('unsupported' in plan) {
    throw new ImageLoadError(`Cannot load the sample image into a ${flavor} cluster: ${plan.unsupported}.`, plan.hint);
  }
  const ran: LoadResult['ran'] = [];
  try {
    for (const [i, step] of plan.steps.entries()) {
      opts.onStep?.(step, i, plan.steps.length);
      const command = formatStep(step);
      let result: RunResult;
      try {
        result = await run(step.file, step.args);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          const tip = step.file === 'docker' ? FLAVOR_TIPS[flavor] : undefined;
          throw new ImageLoadError(
            `${step.file} was not found: it is needed to get the sample image into the ${flavor} cluster.`,
            [INSTALL[step.file] ?? `Install ${step.file} and make sure it is on your PATH.`, tip].filter(Boolean).join(' '),
            { cause: err },
          );
        }
        throw new ImageLoadError(`\`${command}\` could not start: ${(err as Error).message.split('\n')[0]}`, `Run it yourself: ${command}`, {
          cause: err,
        });
      }
      ran.push({ ...step, ...result, command });
      if (result.exitCode !== 0) {
        const detail = lastLine(result.stderr) || lastLine(result.stdout);
        throw new ImageLoadError(
          `\`${command}\` failed with exit code ${result.exitCode}${detail ? `: ${detail}` : ''}`,
          failureHint(flavor, step, result.stderr, opts),
        );
      }
    }
  } finally {
    await Promise.all((plan.cleanup ?? []).map((f) => rm(f, { force: true }).catch(() => undefined)));
  }
  return { flavor, ran };
}

/** The default runner: execa, no shell, output collected. */
export const execaRunner: Runner = async (file, args) => {
  const { execa } = await import('execa');
  const r = await execa(file, args, { reject: false, stdin: 'ignore' });
  if (r.exitCode === undefined) {
    // The program never ran (ENOENT, EACCES…): surface it as Node's spawn error would.
    throw Object.assign(new Error(r.shortMessage), { code: r.code, cause: r.cause });
  }
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
};
