import { ParseError } from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { generatorFor, outcomeOf, PROVIDERS } from '../providers/provider-cases';
import { hostileResponse, personasAnswer } from './support/hostile-answer';

const server = useFakeServer();

describe.each(PROVIDERS)('$provider answer cut at the token limit', (providerCase) => {
  it.each([true, false])('says the output hit the token limit and names maxTokens, without retrying (stream: %s)', async (stream) => {
    const cut = personasAnswer(3).slice(0, 60);
    server.current.enqueue(hostileResponse(providerCase.provider, { text: cut, inputTokens: 10, outputTokens: 150, finish: 'token-limit', chunkSize: 8 }, stream));
    const { error } = await outcomeOf(generatorFor(providerCase, server.current, { stream }).generate$({ count: 3, maxTokens: 150, data: RESEARCH_NOTES }));
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toMatch(/hit the token limit \(maxTokens: 150\).*raise maxTokens/);
    expect(server.current.requests).toHaveLength(1);
  });

  it.each([true, false])('keeps an answer that stopped for its own reasons (stream: %s)', async (stream) => {
    server.current.enqueue(hostileResponse(providerCase.provider, { text: personasAnswer(3), inputTokens: 10, outputTokens: 150, finish: 'stop' }, stream));
    const { result, error } = await outcomeOf(generatorFor(providerCase, server.current, { stream }).generate$({ count: 3, data: RESEARCH_NOTES }));
    expect(error).toBeUndefined();
    expect(result?.personas.map((persona) => persona.name)).toEqual(['Persona 1', 'Persona 2', 'Persona 3']);
  });
});
