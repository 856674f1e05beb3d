import { IMAGE, type KubeObject, type LessonContext } from '../kit.js';

/** A Deployment whose selector does not match its pods' labels: the API server refuses it. */

export const MISMATCH_NAME = 'mismatch-demo';

export function mismatchedDeployment(): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: MISMATCH_NAME },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'fastapi-k8s' } },
      template: { metadata: { labels: { app: 'something-else' } }, spec: { containers: [{ name: 'app', image: IMAGE }] } },
    },
  };
}

/** The same request with kubectl, on one line (JSON is YAML too), so that it pastes into any shell. */
export const MISMATCH_COMMAND = `echo '${JSON.stringify(mismatchedDeployment())}' | kubectl apply --dry-run=server -n {ns} -f -`;

/** The API server's own words, from a refused request (an ApiError carries its Status body). */
export function serverMessage(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      const message = (JSON.parse(body) as { message?: string }).message;
      if (message) return message;
    } catch {
      // Not JSON: the error's own message below says what happened.
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/** Sends the Deployment as a server-side dry run (nothing is stored) and returns what the API server said. */
export async function refusal(ctx: LessonContext, deployment: KubeObject): Promise<string> {
  try {
    await ctx.kube.apply(deployment, { dryRun: true });
    return 'The API server accepted it (this cluster does not validate selectors?), but stored nothing: it was a dry run.';
  } catch (error) {
    return `The API server refused it: ${serverMessage(error)}`;
  }
}
