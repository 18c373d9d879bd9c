const SIGNIFICANT_DIGITS_BELOW_A_DOLLAR = 3;
// Intl accepts more, but no price is finer than this.
const MAX_FRACTION_DIGITS = 20;

/**
 * Dollars for people, the same in every export and on the command line: cents from a dollar up
 * (`$12.35`, `$1.00`); below a dollar three significant digits, never fewer than two decimals
 * (`$0.50`, `$0.0123`, `$0.00066`), since a run often costs a fraction of a cent. Never in
 * exponent notation.
 */
export function formatUsd(amount: number): string {
  const magnitude = Math.abs(amount);
  const belowADollar = magnitude > 0 && magnitude < 1;
  const fractionDigits = belowADollar ? SIGNIFICANT_DIGITS_BELOW_A_DOLLAR - 1 - Math.floor(Math.log10(magnitude)) : 2;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: Math.min(Math.max(fractionDigits, 2), MAX_FRACTION_DIGITS),
  }).format(amount);
}
