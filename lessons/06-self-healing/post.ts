/**
 * The learner's way to POST to one pod's app, as one line that pastes: the port-forward runs in the
 * background, curl retries while it is not listening yet (connection refused), and the forward is
 * stopped afterwards instead of being left running.
 */
export function postThroughPortForward(pod: string, path: string): string {
  return `kubectl port-forward pod/${pod} 8000 -n {ns} & curl --retry 5 --retry-connrefused -X POST localhost:8000${path}; kill $!`;
}
