/**
 * A run id that sorts by creation time: a compact UTC timestamp, then random hex so that runs
 * started in the same millisecond stay distinct. Uniqueness is all it needs, not secrecy, so
 * Math.random serves (the Web Crypto call costs more than the rest of the id).
 */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  const random = Math.floor(Math.random() * 2 ** 32)
    .toString(16)
    .padStart(8, '0');
  return `${stamp}-${random}`;
}
