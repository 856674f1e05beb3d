// Runs inside a worker thread: keeps one CPU core busy for the requested time, then reports back.
// Being a separate thread is what keeps the main event loop (and so /health) answering meanwhile.
import { parentPort, workerData } from 'node:worker_threads';

const { seconds } = workerData as { seconds: number };
const started = performance.now();
const end = started + seconds * 1000;
let checksum = 0;
let rounds = 0;
while (performance.now() < end) {
  for (let i = 1; i <= 20_000; i++) checksum = (checksum + Math.sqrt(i * 7919)) % 1_000_003;
  rounds++;
}
parentPort?.postMessage({ rounds, checksum, elapsedMs: performance.now() - started });
