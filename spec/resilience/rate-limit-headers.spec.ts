import { parseResetDuration, parseResetTime, rateLimitReport } from '../../lib/resilience/rate-limit-headers';

describe('rate-limit headers', () => {
  it.each([
    ['1s', 1000],
    ['6m0s', 360_000],
    ['640ms', 640],
    ['1h2m3.5s', 3_723_500],
    ['2m30s', 150_000],
    ['0.5s', 500],
    ['20ms', 20],
  ])('reads the OpenAI duration %s as %i ms', (text, ms) => {
    expect(parseResetDuration(text)).toBe(ms);
  });

  it.each(['', 's', '5', '-1s', '1d', 'soon', '1s1h', '9'.repeat(400)])('leaves the unreadable duration %j out', (text) => {
    expect(parseResetDuration(text)).toBeUndefined();
  });

  it('reads an RFC 3339 reset time relative to now, never negative', () => {
    const now = Date.parse('2026-11-29T20:00:00Z');
    expect(parseResetTime('2026-11-29T20:00:01.500Z', now)).toBe(1500);
    expect(parseResetTime('2026-11-29T19:59:00Z', now)).toBe(0);
    expect(parseResetTime('tomorrow-ish', now)).toBeUndefined();
  });

  it("reads OpenAI's request and token budgets and retry-after-ms", () => {
    const report = rateLimitReport(
      {
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '640ms',
        'x-ratelimit-remaining-tokens': '15000',
        'x-ratelimit-reset-tokens': '6m0s',
        'retry-after-ms': '250',
        'retry-after': '1',
      },
      0,
    );
    expect(report).toEqual({ requests: { remaining: 0, resetMs: 640 }, tokens: { remaining: 15000, resetMs: 360_000 }, retryAfterMs: 250 });
  });

  it("reads Anthropic's budgets, taking the tighter of input and output tokens when no total is given", () => {
    const now = Date.parse('2026-11-29T20:00:00Z');
    const report = rateLimitReport(
      {
        'anthropic-ratelimit-requests-remaining': '3',
        'anthropic-ratelimit-requests-reset': '2026-11-29T20:00:02Z',
        'anthropic-ratelimit-input-tokens-remaining': '900',
        'anthropic-ratelimit-input-tokens-reset': '2026-11-29T20:00:05Z',
        'anthropic-ratelimit-output-tokens-remaining': '400',
        'anthropic-ratelimit-output-tokens-reset': '2026-11-29T20:00:06Z',
        'retry-after': '3',
      },
      now,
    );
    expect(report).toEqual({ requests: { remaining: 3, resetMs: 2000 }, tokens: { remaining: 400, resetMs: 6000 }, retryAfterMs: 3000 });
  });

  it('leaves out hostile or missing values instead of guessing', () => {
    expect(
      rateLimitReport(
        {
          'x-ratelimit-remaining-requests': '-4',
          'x-ratelimit-remaining-tokens': '1e9',
          'anthropic-ratelimit-requests-remaining': 'lots',
          'retry-after': 'later',
        },
        0,
      ),
    ).toEqual({});
    expect(rateLimitReport({ 'x-ratelimit-remaining-requests': '7' }, 0)).toEqual({ requests: { remaining: 7 } });
  });
});
