/**
 * Dollars for people: cents from a dollar up, three significant digits below, since a run often
 * costs a fraction of a cent. Never in exponent notation.
 */
export function formatUsd(amount: number): string {
  if (amount >= 1 || amount === 0) return `$${amount.toFixed(2)}`;
  const digits = 2 - Math.floor(Math.log10(amount));
  return `$${amount.toFixed(digits).replace(/0+$/, '')}`;
}
