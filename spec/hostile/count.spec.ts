import type { PersonaEvent } from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { generatorFor, outcomeOf, PROVIDERS } from '../providers/provider-cases';
import { hostileResponse, personasAnswer } from './support/hostile-answer';

const server = useFakeServer();
const [openAi] = PROVIDERS;

describe.each([false, true])('an answer of 10,000 personas for count 3 (stream: %s)', (stream) => {
  it('is cut to the first 3, in events and in the result', async () => {
    server.current.enqueue(hostileResponse('openai', { text: personasAnswer(10_000), chunkSize: 4096 }, stream));
    const { events, result, error } = await outcomeOf(generatorFor(openAi, server.current, { stream }).generate$({ count: 3, data: RESEARCH_NOTES }));
    expect(error).toBeUndefined();
    const personaEvents = events.filter((event): event is PersonaEvent => event.type === 'persona');
    expect(personaEvents.map((event) => [event.index, event.persona.name])).toEqual([
      [0, 'Persona 1'],
      [1, 'Persona 2'],
      [2, 'Persona 3'],
    ]);
    expect(result?.personas.map((persona) => persona.name)).toEqual(['Persona 1', 'Persona 2', 'Persona 3']);
  });
});
