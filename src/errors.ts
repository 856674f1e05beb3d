/**
 * One error class per domain. Each carries a one-line message (what is wrong, with the bad value)
 * and a hint (what to do). The CLI prints both and exits 2; --verbose adds the stack and the cause.
 */
export class TutorError extends Error {
  readonly hint: string;
  readonly exitCode: number;

  constructor(message: string, hint: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, { cause: options.cause });
    // The tutor's own classes also name themselves in a field, so that the name survives minification.
    this.name = new.target.name;
    this.hint = hint;
    this.exitCode = options.exitCode ?? 2;
  }
}

/** Bad arguments or flags. */
export class UsageError extends TutorError {
  override readonly name = 'UsageError';
}

/** Kubeconfig missing, unparsable, or naming a context that does not exist. */
export class KubeconfigError extends TutorError {
  override readonly name = 'KubeconfigError';
}

/** The context guard refused a cluster that does not look local. */
export class GuardError extends TutorError {
  override readonly name = 'GuardError';
}

/** The cluster answered badly or not at all. */
export class ClusterError extends TutorError {
  override readonly name = 'ClusterError';
}

/** The progress file or its directory cannot be used. */
export class ProgressError extends TutorError {
  override readonly name = 'ProgressError';
}

/** A lesson's manifest is missing or invalid. */
export class ManifestError extends TutorError {
  override readonly name = 'ManifestError';
}

/** The learner pressed Ctrl-C. */
export class InterruptedError extends TutorError {
  override readonly name = 'InterruptedError';
  constructor() {
    super('Interrupted.', 'Run the same command again to continue where you left off.', { exitCode: 130 });
  }
}

/**
 * An HTTP answer outside 2xx from the Kubernetes API server (src/kube/http.ts throws it): `code` is the
 * status, `body` the server's Status JSON. `isApiError(e, 403)` tells a refused request from others.
 */
export class ApiError extends Error {
  constructor(readonly code: number, readonly body: string, method: string, path: string) {
    super(`${method} ${path} → ${code}: ${apiErrorSummary(body)}`);
    this.name = 'ApiError';
  }
}

/** The server's own sentence (Status.message) from an error body, or its first 200 characters. */
export function apiErrorSummary(body: string): string {
  try {
    return (JSON.parse(body) as { message?: string }).message ?? body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}

/** True for an ApiError, or one with the given status (403 forbidden, 404 not found…). */
export function isApiError(error: unknown, code?: number): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
