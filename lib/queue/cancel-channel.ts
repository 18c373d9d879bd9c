/**
 * The Redis pub/sub channel a producer announces a cancelled batch on, so that every worker
 * aborts that batch's jobs it is running, and refuses those it picks up afterwards.
 */
export function cancelChannel(prefix: string, queueName: string): string {
  return `${prefix}:${queueName}:persona-rx:cancel`;
}

/** The batches cancelled lately, bounded: a long-lived worker forgets the oldest. */
export class RecentBatches {
  private readonly batches = new Set<string>();

  constructor(private readonly capacity = 10_000) {}

  add(batch: string): void {
    this.batches.add(batch);
    if (this.batches.size > this.capacity) this.batches.delete(this.batches.values().next().value as string);
  }

  has(batch: string): boolean {
    return this.batches.has(batch);
  }
}
