import { backoffDelay } from '../../lib/resilience/backoff';

describe('backoffDelay', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000 };

  it('draws uniformly below a doubling ceiling', () => {
    const draw = (random: number, attempt: number) => backoffDelay(attempt, { ...policy, random: () => random });
    expect([1, 2, 3, 4, 5].map((attempt) => draw(0.999, attempt))).toEqual([99, 199, 399, 799, 999]);
    expect(draw(0, 3)).toBe(0);
  });

  it('uses Math.random by default', () => {
    const delay = backoffDelay(1, policy);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(100);
  });

  it('prefers the delay the server asked for, rounded up and capped', () => {
    expect(backoffDelay(1, policy, 250.2)).toBe(251);
    expect(backoffDelay(1, policy, 5000)).toBe(1000);
  });
});
