// Memory on demand, for the resource-limits lesson: allocate and hold N MiB, so that a container
// with a lower memory limit is OOMKilled. Every page is written, so the memory is really resident
// (a zero-filled allocation can stay virtual and never count against the limit).
const MIB = 1024 * 1024;

export interface Allocation {
  allocatedMb: number;
  heldMb: number;
  capped: boolean;
}

export class MemoryHog {
  readonly maxMb: number;
  readonly #chunks: Buffer[] = [];
  #reservedMb = 0;
  #generation = 0;

  constructor(maxMb: number) {
    this.maxMb = maxMb;
  }

  get heldMb(): number {
    return this.#chunks.length;
  }

  /** Adds `mb` MiB, capped so that the total held never exceeds maxMb. */
  async allocate(mb: number): Promise<Allocation> {
    const room = Math.max(0, this.maxMb - this.#reservedMb);
    const grant = Math.min(mb, room);
    this.#reservedMb += grant; // reserve first: two requests at once must not both pass the cap
    const generation = this.#generation;
    let allocated = 0;
    for (let i = 0; i < grant && generation === this.#generation; i++) {
      this.#chunks.push(Buffer.allocUnsafeSlow(MIB).fill(0x5a));
      allocated++;
      // Let other requests (probes above all) run between slices of a big allocation.
      if (i % 16 === 15) await new Promise((r) => setImmediate(r));
    }
    return { allocatedMb: allocated, heldMb: this.heldMb, capped: grant < mb };
  }

  /** Lets go of everything; the garbage collector returns it later. */
  release(): number {
    const released = this.#chunks.length;
    this.#chunks.length = 0;
    this.#reservedMb = 0;
    this.#generation++; // an allocation still in progress stops adding
    return released;
  }
}

export const rssMb = (): number => Math.round(process.memoryUsage.rss() / MIB);
