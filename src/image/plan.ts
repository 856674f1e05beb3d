// How the sample app's image gets into the learner's cluster without a registry, per flavor.
// Pure: it returns the commands to run; load.ts runs them.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flavor } from '../kube/flavor.js';

export interface ImageStep {
  file: string;
  args: string[];
  /** One sentence for the learner: what this step does and why the cluster needs it. */
  why: string;
}

export interface ImagePlan {
  steps: ImageStep[];
  /** Files the steps create that nobody needs afterwards (load.ts removes them). */
  cleanup?: string[];
}

export interface UnsupportedPlan {
  unsupported: string;
  hint: string;
}

export interface ImagePlanOptions {
  /** The directory holding the sample app's Dockerfile. */
  appDir: string;
  /** The image reference the manifests use, e.g. fastapi-k8s:1.0.0. */
  image: string;
  /**
   * More names for the same image, built, loaded and tagged alongside `image`. Default: the same
   * repository at `:latest` (fastapi-k8s:latest, the name the guide's YAML uses), so that either name runs.
   */
  alsoTagged?: string[];
  /** The tutor's repository root (for the local test cluster's own import script). */
  repoRoot?: string;
  /** kind / k3d cluster name, or minikube profile (see clusterNameFromContext). */
  clusterName?: string;
  /** Where a temporary image archive may go (microk8s); defaults to the OS temp dir. */
  tmpDir?: string;
}

/** `name:tag` → `name:latest` (a digest or a missing tag gives nothing: there is no other name to add). */
export function latestOf(image: string): string | undefined {
  if (image.includes('@')) return undefined;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon <= slash) return undefined;
  const tag = image.slice(colon + 1);
  return tag === 'latest' ? undefined : `${image.slice(0, colon)}:latest`;
}

/** Every name the plan gives the image: `image` first, then `alsoTagged` (default: its :latest), no repeats. */
export function imageNames(opts: Pick<ImagePlanOptions, 'image' | 'alsoTagged'>): string[] {
  const more = opts.alsoTagged ?? [latestOf(opts.image)].filter((x): x is string => Boolean(x));
  return [...new Set([opts.image, ...more])];
}

const tagArgs = (opts: ImagePlanOptions) => imageNames(opts).flatMap((n) => ['-t', n]);

const dockerBuild = (opts: ImagePlanOptions, why: string): ImageStep => ({
  file: 'docker',
  args: ['build', ...tagArgs(opts), opts.appDir],
  why,
});

/** kind-dev → dev, k3d-demo → demo, a minikube profile is its context name; otherwise undefined. */
export function clusterNameFromContext(flavor: Flavor, context: string): string | undefined {
  if (flavor === 'kind' && context.startsWith('kind-')) return context.slice('kind-'.length) || undefined;
  if (flavor === 'k3d' && context.startsWith('k3d-')) return context.slice('k3d-'.length) || undefined;
  if (flavor === 'minikube') return context || undefined;
  return undefined;
}

export function imageLoadPlan(flavor: Flavor, opts: ImagePlanOptions): ImagePlan | UnsupportedPlan {
  const names = imageNames(opts);
  const also = names.slice(1);
  switch (flavor) {
    case 'docker-desktop':
    case 'orbstack':
    case 'rancher-desktop':
    case 'colima':
      return {
        steps: [dockerBuild(opts, `The ${flavor} cluster runs on the same container engine as docker, so a local build is enough.`)],
      };

    case 'kind': {
      const name = opts.clusterName ?? 'kind';
      return {
        steps: [
          dockerBuild(opts, 'Build the image with docker.'),
          {
            file: 'kind',
            args: ['load', 'docker-image', ...names, '--name', name],
            why: `kind nodes are containers with their own image store: copy the image into every node of cluster "${name}".`,
          },
        ],
      };
    }

    case 'minikube': {
      const profile = opts.clusterName ? ['-p', opts.clusterName] : [];
      return {
        steps: [
          {
            file: 'minikube',
            args: ['image', 'build', '-t', opts.image, ...profile, opts.appDir],
            why: "Build the image inside minikube, where the cluster's container runtime sees it.",
          },
          // `minikube image build` takes one -t: the other names are tags of the same image.
          ...also.map((name) => ({
            file: 'minikube',
            args: ['image', 'tag', opts.image, name, ...profile],
            why: `Give the same image the name ${name} too, so that manifests using either name run it.`,
          })),
        ],
      };
    }

    case 'k3d': {
      const name = opts.clusterName ?? 'k3s-default';
      return {
        steps: [
          dockerBuild(opts, 'Build the image with docker.'),
          {
            file: 'k3d',
            args: ['image', 'import', ...names, '-c', name],
            why: `k3d nodes run containerd inside containers: import the image into cluster "${name}".`,
          },
        ],
      };
    }

    case 'microk8s': {
      const tar = join(opts.tmpDir ?? tmpdir(), `${opts.image.replace(/[^A-Za-z0-9._-]/g, '_')}.tar`);
      return {
        steps: [
          dockerBuild(opts, 'Build the image with docker.'),
          { file: 'docker', args: ['save', '-o', tar, ...names], why: `Export the image to an archive, under ${names.length > 1 ? 'each of its names' : 'its name'}.` },
          {
            file: 'microk8s',
            args: ['images', 'import', tar],
            why: "MicroK8s runs its own containerd: import the archive into the cluster's image store.",
          },
        ],
        cleanup: [tar],
      };
    }

    case 'k8s-tutor-local':
      if (!opts.repoRoot) {
        return {
          unsupported: 'the local test cluster imports images with its own script, and the repository root is unknown',
          hint: 'Run `bash cluster/image.sh` from the k8s-tutor repository.',
        };
      }
      return {
        steps: [
          {
            file: 'bash',
            args: [join(opts.repoRoot, 'cluster', 'image.sh')],
            why: `The local test cluster has no Docker: its script assembles the image and imports it into every node's containerd, as ${imageNames(opts).join(' and ')}.`,
          },
        ],
      };

    case 'generic':
      return {
        unsupported: 'this cluster is not one the tutor knows how to copy a local image into',
        hint:
          `Build the image (docker build ${tagArgs(opts).join(' ')} ${opts.appDir}), push it to a registry the cluster ` +
          "can pull from, and change the manifests' image to that reference with imagePullPolicy: IfNotPresent. " +
          'Or use a local cluster: Docker Desktop, kind, minikube, k3d, Rancher Desktop, OrbStack, Colima or MicroK8s.',
      };
  }
}

/** The step as a shell command line, for showing the learner what runs. */
export function formatStep(step: Pick<ImageStep, 'file' | 'args'>): string {
  const quote = (a: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return [step.file, ...step.args].map(quote).join(' ');
}
