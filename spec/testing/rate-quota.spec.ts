import { openAiDuration, rateQuota } from '../../lib/testing/rate-quota';
import { startFakeLlmServer } from '../../lib/testing';

describe('the simulated quota', () => {
  it('admits at most N requests in any rolling second, saying what remains, when it is full again and when to retry', () => {
    let now = 10_000;
    const quota = rateQuota({ requestsPerSecond: 2 }, () => now);
    expect(quota.admit('openai', 5)).toEqual({
      admitted: true,
      headers: { 'x-ratelimit-limit-requests': '2', 'x-ratelimit-remaining-requests': '1', 'x-ratelimit-reset-requests': '1s' },
    });
    now += 400;
    expect(quota.admit('openai', 5).headers['x-ratelimit-remaining-requests']).toBe('0');
    now += 200;
    expect(quota.admit('openai', 5)).toEqual({
      admitted: false,
      headers: {
        'x-ratelimit-limit-requests': '2',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': '800ms',
        'retry-after': '1',
        'retry-after-ms': '400',
      },
    });
    now += 400;
    expect(quota.admit('openai', 5).admitted).toBe(true);
  });

  it('counts tokens per rolling minute, and writes the budgets as Anthropic does for its clients', () => {
    let now = Date.parse('2026-11-29T20:00:00Z');
    const quota = rateQuota({ requestsPerSecond: 100, tokensPerMinute: 1000 }, () => now);
    expect(quota.admit('anthropic', 700)).toEqual({
      admitted: true,
      headers: {
        'anthropic-ratelimit-requests-limit': '100',
        'anthropic-ratelimit-requests-remaining': '99',
        'anthropic-ratelimit-requests-reset': '2026-11-29T20:00:01.000Z',
        'anthropic-ratelimit-tokens-limit': '1000',
        'anthropic-ratelimit-tokens-remaining': '300',
        'anthropic-ratelimit-tokens-reset': '2026-11-29T20:01:00.000Z',
      },
    });
    now += 30_000;
    const refused = quota.admit('anthropic', 400);
    expect(refused.admitted).toBe(false);
    expect(refused.headers['retry-after']).toBe('30');
    expect(quota.admit('gemini', 300)).toEqual({ admitted: true, headers: {} });
  });

  it.each([
    [640, '640ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [360_000, '6m0s'],
  ])('writes %i ms as %s', (ms, text) => {
    expect(openAiDuration(ms)).toBe(text);
  });

  it('answers requests over the quota with 429 and retry-after, without using up the script', async () => {
    const server = await startFakeLlmServer({ quota: { requestsPerSecond: 1 }, script: [{ text: 'first' }, { text: 'second' }] });
    try {
      const post = (): Promise<Response> =>
        fetch(`${server.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
          body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
        });
      const first = await post();
      const second = await post();
      expect([first.status, second.status]).toEqual([200, 429]);
      expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      expect(Number(second.headers.get('retry-after-ms'))).toBeGreaterThan(0);
      expect(JSON.stringify(await first.json())).toContain('first');
      await second.text();
      expect([server.requests.length, server.rateLimited]).toEqual([2, 1]);
    } finally {
      await server.close();
    }
  });
});
