// Whether this process wants traffic. Two things turn it off: the learner (POST /ready/disable),
// and shutdown, which must stop new traffic before the listener closes.
export class Readiness {
  #disabled = false;
  #shuttingDown = false;

  get ready(): boolean {
    return !this.#disabled && !this.#shuttingDown;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Why /ready answers 503, or undefined when it answers 200. */
  get reason(): string | undefined {
    if (this.#shuttingDown) return 'shutting down';
    if (this.#disabled) return 'disabled with POST /ready/disable';
    return undefined;
  }

  disable(): void {
    this.#disabled = true;
  }

  enable(): void {
    this.#disabled = false;
  }

  beginShutdown(): void {
    this.#shuttingDown = true;
  }
}

/** Whether GET /health (the liveness probe) answers 200. Only the learner turns it off
 * (POST /health/disable), so that a liveness probe can fail and the kubelet restart the container. */
export class Liveness {
  #disabled = false;

  get healthy(): boolean {
    return !this.#disabled;
  }

  disable(): void {
    this.#disabled = true;
  }

  enable(): void {
    this.#disabled = false;
  }
}
