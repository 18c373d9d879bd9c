import { formatUsd } from '../../lib/cost/format-usd';

describe('formatUsd', () => {
  it.each([
    [0, '$0.00'],
    [1, '$1.00'],
    [12.345, '$12.35'],
    [0.5, '$0.5'],
    [0.00066, '$0.00066'],
    [0.0012345, '$0.00123'],
    [0.0000005, '$0.0000005'],
  ])('%s → %s', (amount, text) => {
    expect(formatUsd(amount)).toBe(text);
  });
});
