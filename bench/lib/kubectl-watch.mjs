// `kubectl get pods -w` as the peer of the reaction and live-view figures: when it has listed the pods
// already there, and when it prints a pod that was not among them Ready, timestamped on arrival.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Starts the watch of `app`'s pods in `ns`; `listed` resolves once the pods in `before` are printed, `ready` with the first other pod at READY n/n. */
export function kubectlWatch(app, ns, before) {
  const child = spawn('kubectl', ['get', 'pods', '-w', '-l', `app=${app}`, '-n', ns], { stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = 0;
  let onListed, onReady;
  const listed = new Promise((r) => (onListed = r));
  const ready = new Promise((r) => (onReady = r));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const at = performance.now();
    const [name, readyCol, status] = line.trim().split(/\s+/);
    if (name === 'NAME') return;
    if (++seen >= before.size) onListed();
    const [up, of] = (readyCol ?? '').split('/').map(Number);
    if (!before.has(name) && status !== 'Terminating' && of > 0 && up === of) onReady({ at, pod: name });
  });
  return { child, listed, ready, stop: () => child.kill() };
}
