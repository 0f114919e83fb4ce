/** What one frame's GTC1 read cost, and whether it searched the frame (no lock) or read the tracked place. */
export type ReadCost = { costMs: number; searched: boolean };

/** Recent per-frame read costs, for the readout and the benchmark: the newest `capacity`, oldest first. */
export class ReadCostWindow {
  private readonly costs: ReadCost[] = [];

  constructor(private readonly capacity: number) {}

  push(cost: ReadCost): void {
    this.costs.push(cost);
    if (this.costs.length > this.capacity) this.costs.shift();
  }

  /** Costs in ms, newest last: every frame, those read at the tracked place, or those searched whole. */
  recent(which: 'all' | 'locked' | 'search'): number[] {
    return this.costs.filter((c) => which === 'all' || c.searched === (which === 'search')).map((c) => c.costMs);
  }

  /** The last `n` reads (at most the window), oldest first. */
  last(n: number): ReadCost[] {
    return n > 0 ? this.costs.slice(-n) : [];
  }
}
