import { PersonaGenerator, type GenerationEvent } from '../../lib';
import { outcomeOf } from '../providers/provider-cases';
import { useFakeServer } from '../support/fake-server';

const server = useFakeServer();

const documents = [
  { name: 'interviews/p1.md', content: 'Intro\nShe said: “I never know\nwhich invoice is due.”' },
  { name: 'survey.csv', content: 'id,answer\n1,I never know which invoice is due' },
];
const answer = JSON.stringify({
  personas: [
    { name: 'Maya', quotes: ['I made this up', '"i never know which invoice is due"'] },
    { name: 'Tom', quotes: ['Also invented'] },
  ],
});

const personaEvents = (events: GenerationEvent[]) =>
  events.filter((event): event is Extract<GenerationEvent, { type: 'persona' }> => event.type === 'persona').map((event) => event.persona);

describe('evidence in a run', () => {
  it.each([true, false])("with 'drop', persona events and the result lack unverified quotes but keep them in evidence (stream: %s)", async (stream) => {
    server.current.enqueue({ text: answer, chunkSize: 8 });
    const generator = new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-test', stream, structuredOutput: 'off' });
    const { events, result, error } = await outcomeOf(generator.generate$({ count: 2, data: documents, unverifiedQuotes: 'drop' }));

    expect(error).toBeUndefined();
    expect(result?.quality).toEqual({ quotesTotal: 3, quotesVerified: 1 });
    const [maya, tom] = result?.personas ?? [];
    expect(maya.quotes).toEqual(['"i never know which invoice is due"']);
    // Normalised matches only: the exact wording, quote marks included, is in neither document; the first document wins.
    expect(maya.evidence).toEqual([
      { quote: 'I made this up', verified: false },
      { quote: '"i never know which invoice is due"', source: 'interviews/p1.md', line: 2, verified: true },
    ]);
    expect(tom).toMatchObject({ quotes: [], evidence: [{ quote: 'Also invented', verified: false }] });
    expect(personaEvents(events)).toEqual(result?.personas);
  });

  it("keeps every quote by default and counts what was verified", async () => {
    server.current.enqueue({ text: answer });
    const generator = new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-test' });
    const { result } = await outcomeOf(generator.generate$({ count: 2, data: 'I never know which invoice is due' }));
    expect(result?.personas.map((persona) => persona.quotes)).toEqual([['I made this up', '"i never know which invoice is due"'], ['Also invented']]);
    expect(result?.personas[0].evidence[1]).toEqual({ quote: '"i never know which invoice is due"', source: 'data', line: 1, verified: true });
    expect(result?.quality).toEqual({ quotesTotal: 3, quotesVerified: 1 });
  });

  it('refuses an unknown unverifiedQuotes value before any request', async () => {
    const generator = new PersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-test' });
    // @ts-expect-error: hostile input from untyped callers
    const { error } = await outcomeOf(generator.generate$({ data: 'x', unverifiedQuotes: 'hide' }));
    expect(error).toMatchObject({ name: 'ConfigurationError', fields: ['unverifiedQuotes'] });
    expect(server.current.requests).toHaveLength(0);
  });
});
