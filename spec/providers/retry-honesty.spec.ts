import { from, lastValueFrom, toArray } from 'rxjs';
import { currentPersonas, type GenerationEvent, type RetryEvent } from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { generatorFor, outcomeOf, PROVIDERS } from './provider-cases';

const server = useFakeServer();
const config = { count: 3, data: RESEARCH_NOTES };

function answer(...names: string[]): string {
  const personas = names.map((name) => ({ id: name.toLowerCase(), name, goals: [`${name} wants fewer steps`], painPoints: ['slow exports'] }));
  return `<output>\n${JSON.stringify({ personas }, null, 2)}\n</output>`;
}

const isRetry = (event: GenerationEvent): event is RetryEvent => event.type === 'retry';
const names = (list: { name: string }[]): string[] => list.map((persona) => persona.name);

describe.each(PROVIDERS)('$provider: a retry after part of a stream never makes the events lie', (providerCase) => {
  beforeEach(() => {
    // The first attempt streams Ana (and maybe Ben) before an in-stream error; the second answers Dev and Eve.
    server.current.enqueue(
      { text: answer('Ana', 'Ben', 'Cleo'), chunkSize: 6, fault: 'error-mid-stream', errorMessage: 'Overloaded' },
      { text: answer('Dev', 'Eve'), chunkSize: 6 },
    );
  });

  it('the retry event counts exactly what the failed attempt emitted, and the result holds only the second attempt', async () => {
    const { events, result, error } = await outcomeOf(generatorFor(providerCase, server.current).generate$(config));
    expect(error).toBeUndefined();
    expect(server.current.requests).toHaveLength(2);

    const retryAt = events.findIndex(isRetry);
    const before = events.slice(0, retryAt);
    const after = events.slice(retryAt + 1);
    const discarded = (events[retryAt] as RetryEvent).discarded;
    expect(discarded.personas).toBeGreaterThanOrEqual(1);
    expect(discarded).toEqual({
      tokens: before.filter((event) => event.type === 'token').length,
      personas: before.filter((event) => event.type === 'persona').length,
    });
    expect(before.flatMap((event) => (event.type === 'persona' ? [event.persona.name] : []))[0]).toBe('Ana');

    const retried = after.flatMap((event) => (event.type === 'persona' ? [event] : []));
    expect(retried.map((event) => [event.index, event.attempt, event.persona.name])).toEqual([
      [0, 2, 'Dev'],
      [1, 2, 'Eve'],
    ]);
    expect(after.filter((event) => event.type === 'token').every((event) => event.type === 'token' && event.attempt === 2)).toBe(true);
    expect(result && names(result.personas)).toEqual(['Dev', 'Eve']);
    expect(result?.attempts).toBe(2);
  });

  it('currentPersonas() never shows a persona twice, and after the retry only personas the result holds', async () => {
    const { events, result } = await outcomeOf(generatorFor(providerCase, server.current).generate$(config));
    const views = await lastValueFrom(from(events).pipe(currentPersonas(), toArray()));
    const final = names(result?.personas ?? []);

    for (const view of views) expect(new Set(names(view)).size).toBe(view.length);
    const emptiedAt = views.findIndex((view) => view.length === 0);
    expect(emptiedAt).toBeGreaterThan(0);
    for (const view of views.slice(emptiedAt)) expect(names(view)).toEqual(final.slice(0, view.length));
    expect(names(views.at(-1) ?? [])).toEqual(['Dev', 'Eve']);
    expect(views.slice(0, emptiedAt).flatMap(names)).not.toContain('Dev');
  });
});

it('a retry before anything streamed discards nothing', async () => {
  server.current.enqueue({ status: 503 });
  const { events } = await outcomeOf(generatorFor(PROVIDERS[1], server.current, { stream: false }).generate$(config));
  expect(events.find(isRetry)?.discarded).toEqual({ tokens: 0, personas: 0 });
});
