import { lastValueFrom, toArray } from 'rxjs';
import { AsyncPersonaGenerator, ConfigurationError, PersonaGenerator, type GeneratorOptions } from '../../lib';
import { aloadData } from '../../lib/node';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { runMain, SAMPLES } from '../cli/support/cli-harness';

const server = useFakeServer();
const TIMER_LIMIT = 2 ** 31 - 1;

function constructionError(options: GeneratorOptions): unknown {
  try {
    new PersonaGenerator({ provider: 'openai', apiKey: 'sk-config-000001', ...options });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('timeouts a timer cannot wait', () => {
  it.each(['requestTimeoutMs', 'idleTimeoutMs', 'timeoutMs', 'retryBaseDelayMs', 'retryMaxDelayMs'] as const)(
    '%s of 2^31 ms is a ConfigurationError naming it; 2^31-1 is accepted',
    (field) => {
      const error = constructionError({ [field]: TIMER_LIMIT + 1 });
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).fields).toEqual([field]);
      expect((error as ConfigurationError).message).toContain('2147483647');
      expect(constructionError({ [field]: TIMER_LIMIT })).toBeUndefined();
    },
  );

  it('a run timeoutMs or a batch jobTimeoutMs of 2^31 ms fails the run with ConfigurationError, before any request', async () => {
    const generator = new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.current.url });
    await expect(generator.agenerate({ count: 1, data: RESEARCH_NOTES }, { timeoutMs: TIMER_LIMIT + 1 })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(generator.agenerateBatch([{ count: 1, data: RESEARCH_NOTES }], { jobTimeoutMs: TIMER_LIMIT + 1 })).rejects.toBeInstanceOf(ConfigurationError);
    expect(server.current.requests).toHaveLength(0);
  });
});

describe('baseURL', () => {
  it.each(['file:///etc/passwd', 'ftp://example.com/v1', 'javascript:alert(1)', 'localhost:8080', 'data:text/plain,hi'])(
    '%s is a ConfigurationError at construction',
    (baseURL) => {
      const error = constructionError({ baseURL });
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).fields).toEqual(['baseURL']);
      expect((error as ConfigurationError).message).toContain('http: or https:');
    },
  );

  it.each(['http://127.0.0.1:8080/v1', 'https://proxy.example.com/openai'])('%s is accepted', (baseURL) => {
    expect(constructionError({ baseURL })).toBeUndefined();
  });

  it('a base URL from the environment that is not http(s) is a ConfigurationError naming the variable', () => {
    const error = constructionError({ provider: 'openai-compatible', apiKey: undefined });
    expect(error).toBeUndefined();
    const saved = process.env.OPENAI_BASE_URL;
    process.env.OPENAI_BASE_URL = 'file:///etc/passwd';
    try {
      const fromEnv = constructionError({});
      expect(fromEnv).toBeInstanceOf(ConfigurationError);
      expect((fromEnv as ConfigurationError).message).toContain('OPENAI_BASE_URL');
    } finally {
      if (saved === undefined) delete process.env.OPENAI_BASE_URL;
      else process.env.OPENAI_BASE_URL = saved;
    }
  });

  it('the CLI exits 2 for --base-url localhost:8080, naming the option', async () => {
    const { code, stderr } = await runMain(['generate', `${SAMPLES}/interviews.md`, '--provider', 'openai', '--base-url', 'localhost:8080']);
    expect(code).toBe(2);
    expect(stderr).toContain('http: or https:');
  });
});

describe('maxFileBytes', () => {
  it('2 GiB or more is a ConfigurationError, not a RangeError', async () => {
    await expect(aloadData(`${SAMPLES}/interviews.md`, { maxFileBytes: 2 ** 31 })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(aloadData(`${SAMPLES}/interviews.md`, { maxFileBytes: 2 ** 31 - 1 })).resolves.toHaveLength(1);
  });
});

describe('a timeout of 0 means no limit', () => {
  it('requestTimeoutMs, idleTimeoutMs and timeoutMs of 0 set no timer: the run completes', async () => {
    const generator = new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.current.url, requestTimeoutMs: 0, idleTimeoutMs: 0, timeoutMs: 0 });
    await expect(generator.agenerate({ count: 1, data: RESEARCH_NOTES }, { timeoutMs: 0 })).resolves.toMatchObject({ personas: [expect.anything()] });
  });

  it("a run's timeoutMs of 0 lifts the generator's deadline for that run", async () => {
    server.current.enqueue({ latencyMs: 50 });
    const generator = new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.current.url, timeoutMs: 5 });
    const result = await lastValueFrom(generator.generate$({ count: 1, data: RESEARCH_NOTES }, { timeoutMs: 0 }).pipe(toArray()));
    expect(result.at(-1)?.type).toBe('result');
  });
});
