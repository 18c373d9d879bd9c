import { ConfigurationError, jobConfigHash } from '../../lib';

describe('jobConfigHash', () => {
  it('is the same whatever the key order, and whether defaults are written out or left implicit', () => {
    const hash = jobConfigHash({ count: 2, temperature: 0.5, data: [{ name: 'a', content: 'x' }] });
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(jobConfigHash({ data: [{ content: 'x', name: 'a' }], temperature: 0.5, count: 2 })).toBe(hash);
    expect(jobConfigHash({ count: 2, temperature: 0.5, maxTokens: 4096, complexity: 'moderate', data: [{ name: 'a', content: 'x' }] })).toBe(hash);
  });

  it('changes with any setting and with the inline data', () => {
    const base = { count: 2, data: 'interview notes' };
    const hashes = [
      jobConfigHash(base),
      jobConfigHash({ ...base, count: 3 }),
      jobConfigHash({ ...base, temperature: 0.1 }),
      jobConfigHash({ ...base, data: 'interview notes.' }),
      jobConfigHash({ ...base, data: [{ name: 'data', content: 'interview notes' }] }),
      jobConfigHash({ count: 2 }),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('refuses an invalid config with a ConfigurationError, without echoing its values', () => {
    const hostile = { count: 2, apiKey: 'sk-live-NOPE-123456' } as never;
    expect(() => jobConfigHash(hostile)).toThrow(ConfigurationError);
    expect(() => jobConfigHash(hostile)).not.toThrow(/sk-live/);
  });
});
