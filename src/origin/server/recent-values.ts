/** The last `capacity` numbers pushed: a ring, so memory is fixed however long the origin runs. */
export class RecentValues {
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(readonly capacity: number) {
    this.values = new Float64Array(capacity);
  }

  push(value: number): void {
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    this.filled = Math.min(this.filled + 1, this.capacity);
  }

  /** Oldest first. */
  toArray(): number[] {
    const out: number[] = [];
    const start = this.filled < this.capacity ? 0 : this.next;
    for (let i = 0; i < this.filled; i++) out.push(this.values[(start + i) % this.capacity] ?? NaN);
    return out;
  }

  clear(): void {
    this.next = 0;
    this.filled = 0;
  }
}
