import { PersonaGenerator, ProviderError, type GenerationEvent, type ProviderName } from '../../lib';
import { geminiSchema } from '../../lib/providers/gemini-schema';
import { PERSONAS_OUTPUT, type JsonSchema } from '../../lib/providers/structured-output';
import type { RecordedRequest } from '../../lib/testing';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { generatorFor, outcomeOf, PROVIDERS } from './provider-cases';

const server = useFakeServer();
const config = { count: 3, data: RESEARCH_NOTES };

const ofKind = <T extends GenerationEvent['type']>(events: GenerationEvent[], type: T): Extract<GenerationEvent, { type: T }>[] =>
  events.filter((event): event is Extract<GenerationEvent, { type: T }> => event.type === type);

/** How each provider's request asks for the schema mode, as the real service reads it. */
const SCHEMA_REQUEST: Record<Exclude<ProviderName, 'openai-compatible' | 'simulated'>, (schema: JsonSchema) => Record<string, unknown>> = {
  openai: (schema) => ({ response_format: { type: 'json_schema', json_schema: expect.objectContaining({ name: 'personas', strict: true, schema }) } }),
  anthropic: (schema) => ({
    tools: [expect.objectContaining({ name: 'personas', input_schema: schema })],
    tool_choice: { type: 'tool', name: 'personas' },
  }),
  gemini: (schema) => ({ generationConfig: expect.objectContaining({ responseMimeType: 'application/json', responseSchema: geminiSchema(schema) }) }),
  ollama: (schema) => ({ format: schema }),
};
const SCHEMA_FIELDS = ['response_format', 'tools', 'tool_choice', 'format'];

function asksForSchema(request: RecordedRequest): boolean {
  const body = request.body as Record<string, unknown> & { generationConfig?: Record<string, unknown> };
  return SCHEMA_FIELDS.some((field) => field in body) || body.generationConfig?.responseMimeType !== undefined;
}

const NAMES = ['Maya Chen', 'Daniel Okafor', 'Priya Raman'];

describe.each(PROVIDERS)('$provider structured output', (providerCase) => {
  const provider = providerCase.provider as keyof typeof SCHEMA_REQUEST;

  it.each([false, true])('asks in the schema mode and maps the answer back onto personas (stream: %s)', async (stream) => {
    server.current.enqueue({ chunkSize: 16, chunkDelayMs: 1 });
    const inFlightAtPersona: number[] = [];
    const { events, result, error } = await outcomeOf(generatorFor(providerCase, server.current, { stream }).generate$(config), (event) => {
      if (event.type === 'persona') inFlightAtPersona.push(server.current.inFlight);
    });

    expect(error).toBeUndefined();
    const [request] = server.current.requests;
    expect(request.body).toMatchObject(SCHEMA_REQUEST[provider](PERSONAS_OUTPUT.schema));
    expect(providerCase.promptOf(request)).not.toContain('<output>');
    expect(result?.personas.map((persona) => persona.name)).toEqual(NAMES);
    expect(result?.personas[0]).toMatchObject({ title: 'Operations lead', demographics: { occupation: 'Operations lead' }, additional: {} });
    expect(result?.quality).toEqual({ quotesTotal: 3, quotesVerified: 3 });
    expect(ofKind(events, 'persona').map((event) => event.persona)).toEqual(result?.personas);
    // Streamed, every persona (Anthropic's from input_json_delta pieces) arrives before the answer ends.
    expect(inFlightAtPersona).toEqual(stream ? [1, 1, 1] : [0, 0, 0]);
  });

  it('carries the reasoning as a schema field rather than a block', async () => {
    const { result, error } = await outcomeOf(generatorFor(providerCase, server.current).generate$({ ...config, includeReasoning: true }));
    expect(error).toBeUndefined();
    const [request] = server.current.requests;
    expect(request.body).toMatchObject(SCHEMA_REQUEST[provider](PERSONAS_OUTPUT.schema));
    expect(providerCase.promptOf(request)).not.toContain('<reasoning>');
    expect(result?.reasoning).toBe(
      'A simulated stand-in, not a model: the data names no participant, so 3 stand-in personas share its 3 statements, sorted by keywords into goals, pain points and behaviours.',
    );
  });

  it.each([false, true])('falls back once to plain JSON prompting when the model refuses the schema mode, and says so (stream: %s)', async (stream) => {
    server.current.enqueue({ refuseStructuredOutput: true });
    const { events, result, error } = await outcomeOf(generatorFor(providerCase, server.current, { stream }).generate$(config));

    expect(error).toBeUndefined();
    expect(server.current.requests.map(asksForSchema)).toEqual([true, false]);
    expect(providerCase.promptOf(server.current.requests[1])).toContain('<output>');
    const retries = ofKind(events, 'retry');
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 2, delayMs: 0, discarded: { tokens: 0, personas: 0 } });
    expect(retries[0].reason).toMatch(new RegExp(`^${provider} refused its JSON-schema mode .*plain JSON prompting$`));
    expect(result?.attempts).toBe(2);
    expect(result?.personas.map((persona) => persona.name)).toEqual(NAMES);
  });

  it('does not fall back on a 400 about something else, and fails with the provider error', async () => {
    server.current.enqueue({ status: 400, errorMessage: 'max_tokens is too large' });
    const { error } = await outcomeOf(generatorFor(providerCase, server.current).generate$(config));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 400 });
    expect(server.current.requests).toHaveLength(1);
  });

  it("asks in the prompt only with structuredOutput: 'off'", async () => {
    const { result } = await outcomeOf(generatorFor(providerCase, server.current, { structuredOutput: 'off' }).generate$(config));
    expect(asksForSchema(server.current.requests[0])).toBe(false);
    expect(providerCase.promptOf(server.current.requests[0])).toContain('<output>');
    expect(result?.personas.map((persona) => persona.name)).toEqual(NAMES);
  });

  it('still reads a model that answers in text despite the schema mode', async () => {
    const text = `Sure!\n<output>{"personas": [{"name": "Ana", "quotes": ["Exports are so slow"]}]}</output>`;
    server.current.enqueue({ text });
    const { result, error } = await outcomeOf(generatorFor(providerCase, server.current).generate$({ ...config, count: 1 }));
    expect(error).toBeUndefined();
    expect(result?.personas.map((persona) => persona.name)).toEqual(['Ana']);
    expect(result?.personas[0].evidence).toEqual([{ quote: 'Exports are so slow', source: 'data', line: 2, verified: true }]);
  });
});

describe('openai-compatible servers', () => {
  it.each([
    [undefined, false],
    ['auto', true],
  ] as const)('with structuredOutput %s, ask in the schema mode: %s', async (structuredOutput, schemaMode) => {
    const generator = new PersonaGenerator({ provider: 'openai-compatible', baseURL: server.current.url, ...(structuredOutput ? { structuredOutput } : {}) });
    const { result } = await outcomeOf(generator.generate$(config));
    expect(asksForSchema(server.current.requests[0])).toBe(schemaMode);
    expect(result?.personas).toHaveLength(3);
  });
});
