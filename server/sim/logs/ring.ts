/** A bounded FIFO: past its capacity the oldest entries fall off, as rotated container logs do. */
export class Ring<T> {
  private readonly items: (T | undefined)[] = [];
  private head = 0;
  private size = 0;

  constructor(readonly capacity: number) {}

  /** How many entries it holds. */
  get length(): number {
    return this.size;
  }

  /** Appends, dropping the oldest entry when full. */
  push(item: T): void {
    if (this.size < this.capacity) {
      this.items[(this.head + this.size) % this.capacity] = item;
      this.size++;
    } else {
      this.items[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** Forgets every entry. */
  clear(): void {
    this.items.length = 0;
    this.head = 0;
    this.size = 0;
  }

  /** The entry at position `i`, 0 being the oldest. */
  at(i: number): T | undefined {
    return i >= 0 && i < this.size ? this.items[(this.head + i) % this.capacity] : undefined;
  }

  /** The entries from position `from` on, oldest first. */
  slice(from = 0): T[] {
    const out: T[] = [];
    for (let i = Math.max(0, from); i < this.size; i++) {
      const item = this.items[(this.head + i) % this.capacity];
      if (item !== undefined) out.push(item);
    }
    return out;
  }
}
