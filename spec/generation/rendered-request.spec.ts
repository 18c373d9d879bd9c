import { ServerWindows } from '../../lib/models/server-windows';
import { lastValueFrom, toArray } from 'rxjs';
import { PersonaConfigSchema, PersonaGenerator, type GenerationResult } from '../../lib';
import { approximateTokenCount } from '../../lib/cost/token-counter';
import { plainRequest, renderedRequest } from '../../lib/generation/rendered-request';
import { RunContext, type GeneratorContext } from '../../lib/generation/run-context';
import { fenceSecret } from '../../lib/prompts/fence';
import { resolveProvider } from '../../lib/providers/connection';
import { ConcurrencyLimiter } from '../../lib/resilience/limiter';
import { WarmupGate } from '../../lib/resilience/warmup-gate';
import { GeneratorOptionsSchema } from '../../lib/schemas/options';
import type { RecordedRequest } from '../../lib/testing';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();
const config = { count: 2, data: RESEARCH_NOTES };

const generator = (options: ConstructorParameters<typeof PersonaGenerator>[0] = {}): PersonaGenerator =>
  new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-rendered-key-1', maxRetries: 0, ...options });

/** The system and user text an OpenAI request sent, joined as the usage estimate counts them. */
const sentText = (request: RecordedRequest): string =>
  (request.body as { messages: { content: string }[] }).messages.map((message) => message.content).join('');

async function resultOf(persona: PersonaGenerator): Promise<GenerationResult> {
  const events = await lastValueFrom(persona.generate$(config).pipe(toArray()));
  const last = events.at(-1);
  if (last?.type !== 'result') throw new Error('the run ends with its result');
  return last.result;
}

describe('a structured-output fallback', () => {
  it.each([false, true])('estimates usage from the plain prompt it actually sent, not the first one (stream: %s)', async (stream) => {
    server.current.enqueue({ refuseStructuredOutput: true });
    server.current.enqueue({ usage: null });
    const result = await resultOf(generator({ stream }));

    const [refused, plain] = server.current.requests;
    expect(sentText(plain)).toContain('<output>');
    expect(approximateTokenCount(sentText(plain))).not.toBe(approximateTokenCount(sentText(refused)));
    expect(result.attempts).toBe(2);
    expect(result.usage).toMatchObject({ inputTokens: approximateTokenCount(sentText(plain)), estimated: true });
  });
});

describe('renderedRequest', () => {
  const context = (structuredOutput: 'auto' | 'off'): GeneratorContext => {
    const options = GeneratorOptionsSchema.parse({ provider: 'openai', apiKey: 'sk-rendered-key-1', baseURL: 'http://127.0.0.1:9/v1', structuredOutput });
    return { options, provider: resolveProvider(options), limiter: new ConcurrencyLimiter(1), fenceSecret: fenceSecret(), warmup: new WarmupGate(), serverWindows: new ServerWindows() };
  };

  it('renders the prompt once into the request that sends it: schema mode when on, whole when asked', () => {
    const documents = [{ name: 'data', content: RESEARCH_NOTES }];
    const run = new RunContext(context('auto'), PersonaConfigSchema.parse(config));
    const live = renderedRequest(run, documents);
    expect(live.chat).toMatchObject({ system: live.prompt.system, prompt: live.prompt.prompt, stream: true, structured: { name: 'personas' } });
    expect(live.prompt.prompt).not.toContain('<output>');
    expect(renderedRequest(run, documents, false).chat.stream).toBe(false);

    const plain = plainRequest(run, documents);
    expect(plain.chat.structured).toBeUndefined();
    expect(plain.prompt.prompt).toContain('<output>');
    // The fallback asks with the same shared prefix: only the instructions change.
    expect(plain.prompt.system).toBe(live.prompt.system);
    expect(renderedRequest(new RunContext(context('off'), PersonaConfigSchema.parse(config)), documents).chat.structured).toBeUndefined();
  });
});
