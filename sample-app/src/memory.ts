// Memory on demand, for the resource-limits lesson: allocate and hold N MiB, so that a container
// with a lower memory limit is OOMKilled. Every page is written, so the memory is really resident
// (a zero-filled allocation can stay virtual and never count against the limit).
//
// POST /memory/release must give the memory back to the kernel at once, not whenever the garbage
// collector and malloc get round to it. So the memory is held in regions of REGION_MIB MiB:
//   - a region that size is always its own mmap() in glibc (and musl): glibc's threshold for mmap
//     never rises above 32 MiB, and freeing a region over 32 MiB does not raise it either, so the
//     rest of the process keeps its usual malloc behaviour;
//   - a region is virtual until written: it is filled 1 MiB at a time, so only what was asked for
//     becomes resident (and it is the writing that a memory limit sees);
//   - release detaches every region's ArrayBuffer (ArrayBuffer.prototype.transfer(0)), which frees
//     its backing store right away, without waiting for a garbage collection, and free() of an
//     mmap()ed block is munmap(): RSS drops in the same turn of the event loop.
const MIB = 1024 * 1024;
export const REGION_MIB = 64;

export interface Allocation {
  allocatedMb: number;
  heldMb: number;
  capped: boolean;
}

export class MemoryHog {
  readonly maxMb: number;
  /** Regions of REGION_MIB MiB, the last one filled up to #filledMb % REGION_MIB. */
  #regions: Buffer[] = [];
  #filledMb = 0;
  #reservedMb = 0;
  #generation = 0;

  constructor(maxMb: number) {
    this.maxMb = maxMb;
  }

  get heldMb(): number {
    return this.#filledMb;
  }

  /** Adds `mb` MiB, capped so that the total held never exceeds maxMb. */
  async allocate(mb: number): Promise<Allocation> {
    const room = Math.max(0, this.maxMb - this.#reservedMb);
    const grant = Math.min(mb, room);
    this.#reservedMb += grant; // reserve first: two requests at once must not both pass the cap
    const generation = this.#generation;
    let allocated = 0;
    for (let i = 0; i < grant && generation === this.#generation; i++) {
      const offset = (this.#filledMb % REGION_MIB) * MIB;
      if (offset === 0) this.#regions.push(Buffer.allocUnsafeSlow(REGION_MIB * MIB));
      this.#regions.at(-1)!.fill(0x5a, offset, offset + MIB);
      this.#filledMb++;
      allocated++;
      // Let other requests (probes above all) run between slices of a big allocation.
      if (i % 16 === 15) await new Promise((r) => setImmediate(r));
    }
    return { allocatedMb: allocated, heldMb: this.heldMb, capped: grant < mb };
  }

  /** Lets go of everything, and gives it back to the kernel now. */
  release(): number {
    const released = this.#filledMb;
    for (const region of this.#regions) (region.buffer as Transferable).transfer(0);
    this.#regions = [];
    this.#filledMb = 0;
    this.#reservedMb = 0;
    this.#generation++; // an allocation still in progress stops adding
    return released;
  }
}

/** ES2024's ArrayBuffer.prototype.transfer, which the ES2023 lib does not declare. */
type Transferable = ArrayBuffer & { transfer(newLength: number): ArrayBuffer };

export const rssMb = (): number => Math.round(process.memoryUsage.rss() / MIB);
