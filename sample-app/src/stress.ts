// CPU load on demand, for the autoscaling lesson. Each job is a worker thread, so the event loop
// stays free; the number of jobs at once is bounded so that the pod's memory stays bounded too.
import type { Worker } from 'node:worker_threads';

export interface StressResult {
  rounds: number;
  elapsedMs: number;
}

export class StressBusyError extends Error {
  override name = 'StressBusyError';
}

// In `node --watch src/server.ts` (dev) this module is .ts; once built it is .js.
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './stress-worker.ts' : './stress-worker.js', import.meta.url);

export class StressRunner {
  readonly maxJobs: number;
  readonly #workers = new Set<Worker>();

  constructor(maxJobs: number) {
    this.maxJobs = maxJobs;
  }

  get active(): number {
    return this.#workers.size;
  }

  run(seconds: number): Promise<StressResult> {
    if (this.#workers.size >= this.maxJobs) {
      return Promise.reject(new StressBusyError(`${this.#workers.size} stress jobs are already running (MAX_STRESS_JOBS=${this.maxJobs})`));
    }
    // Loaded on the first job, not at startup: worker_threads brings a dozen modules the server rarely needs.
    const { Worker } = process.getBuiltinModule('node:worker_threads');
    const worker: Worker = new Worker(WORKER_URL, { workerData: { seconds } });
    this.#workers.add(worker);
    return new Promise<StressResult>((resolve, reject) => {
      let result: StressResult | undefined;
      worker.once('message', (m: StressResult) => (result = m));
      worker.once('error', reject);
      worker.once('exit', (code) => {
        this.#workers.delete(worker);
        if (result) resolve(result);
        else reject(new Error(`stress worker stopped early (exit code ${code})`));
      });
    });
  }

  /** Stops every running job (used when shutdown runs out of time). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.#workers].map((w) => w.terminate()));
  }
}
