import { ConfigurationError, ParseError, PersonaGenerator } from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { generatorFor, outcomeOf, PROVIDERS } from '../providers/provider-cases';
import { hostileResponse, personasAnswer } from './support/hostile-answer';

const server = useFakeServer();
const config = { count: 2, data: RESEARCH_NOTES };
const [openAi] = PROVIDERS;

describe.each([false, true])('hostile answers (stream: %s)', (stream) => {
  const generator = (options = {}) => generatorFor(openAi, server.current, { stream, ...options });

  it('refuses an answer past maxResponseBytes with ParseError, once, without retrying', async () => {
    server.current.enqueue(hostileResponse('openai', { text: personasAnswer(2, () => ({ name: 'x'.repeat(20_000) })) }, stream));
    const { error } = await outcomeOf(generator({ maxResponseBytes: 16 * 1024 }).generate$(config));
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toContain('larger than maxResponseBytes (16384 bytes)');
    expect(server.current.requests).toHaveLength(1);
  });

  it('refuses a 9 MiB answer by default', async () => {
    server.current.enqueue(hostileResponse('openai', { text: personasAnswer(1, () => ({ name: 'x'.repeat(9 * 1024 * 1024) })), chunkSize: 1024 * 1024 }, stream));
    const { error } = await outcomeOf(generator().generate$(config));
    expect((error as ParseError).message).toContain(`larger than maxResponseBytes (${8 * 1024 * 1024} bytes)`);
  });

  it('fails with ParseError, not RangeError, on an answer nested 100,000 levels deep', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = `<output>{"personas":[{"name":"Ana"},{"name":"Deep","x":${deep}}]}</output>`;
    server.current.enqueue(hostileResponse('openai', { text, chunkSize: 4096 }, stream));
    const { events, error } = await outcomeOf(generator().generate$(config));
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toContain('nests deeper than 64 levels');
    expect(events.filter((event) => event.type === 'persona' && event.persona.name === 'Deep')).toEqual([]);
  });

  it('parses a valid answer whose strings hold </output>', async () => {
    const quotes = ['Just type </output> and it ends', '```json'];
    server.current.enqueue(hostileResponse('openai', { text: personasAnswer(2, (index) => ({ name: `P${index}`, quotes })), chunkSize: 5 }, stream));
    const { result, error } = await outcomeOf(generator().generate$(config));
    expect(error).toBeUndefined();
    expect(result?.personas.map((persona) => persona.quotes)).toEqual([quotes, quotes]);
  });
});

describe('maxResponseBytes', () => {
  it.each([0, -1, 1.5, 2 ** 40, '1MB'])('refuses %p with ConfigurationError naming the field', (maxResponseBytes) => {
    let error: unknown;
    try {
      new PersonaGenerator({ provider: 'openai', apiKey: 'k', maxResponseBytes: maxResponseBytes as number });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).fields).toEqual(['maxResponseBytes']);
  });
});
