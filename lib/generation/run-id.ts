/**
 * A run id that sorts by creation time: a compact UTC timestamp, then random hex so that runs
 * started in the same millisecond stay distinct.
 */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  const random = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(4)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
  return `${stamp}-${random}`;
}
