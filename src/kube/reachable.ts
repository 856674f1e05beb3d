import { ClusterError } from '../errors.js';
import { describeError } from './describe-error.js';
import type { Session } from './connect.js';

/**
 * One cheap request (GET /version, 5 s timeout) before a command starts its work, so that a
 * cluster that is down, a wrong CA or bad credentials end in one clear error (exit 2) before any
 * lesson text is shown or any progress is written.
 */
export async function assertReachable(session: Session): Promise<void> {
  try {
    await session.kube.serverVersion();
  } catch (error) {
    const { message, hint } = describeError(error, session.cluster.server);
    throw new ClusterError(message, hint, { cause: error });
  }
}
