import { merge, type Observable } from 'rxjs';
import { AsyncPersonaGenerator, CancellationError, CancellationToken, type GenerationEvent, type GenerationResult } from '../../lib';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';
import { generatorFor, outcomeOf, PROVIDERS } from '../providers/provider-cases';

const server = useFakeServer();
const openAi = PROVIDERS[0];

/** A run whose prompt carries `marker`, so that the server's records tell runs apart. */
const configFor = (marker: string) => ({ count: 1, data: `${RESEARCH_NOTES}\nRun marker: ${marker}` });
const markerOf = (prompt: string): string | undefined => /Run marker: (\S+)/.exec(prompt)?.[1];
const markersSeen = (): (string | undefined)[] => server.current.requests.map((request) => markerOf(openAi.promptOf(request)));

const results = (events: GenerationEvent[]): GenerationResult[] => events.flatMap((event) => (event.type === 'result' ? [event.result] : []));

describe('maxConcurrentRequests, counted at the server', () => {
  it.each([1, 2, 3])('never has more than %s request(s) in flight across runs, and reaches the limit', async (limit) => {
    server.current.enqueue(...Array.from({ length: limit }, () => ({ awaitInFlight: limit })));
    const generator = generatorFor(openAi, server.current, { maxConcurrentRequests: limit });
    const runs = 2 * limit + 1;
    const { events, error } = await outcomeOf(merge(...Array.from({ length: runs }, (_, run) => generator.generate$(configFor(`run-${run}`)))));

    expect(error).toBeUndefined();
    expect(results(events)).toHaveLength(runs);
    expect(server.current.requests).toHaveLength(runs);
    expect(server.current.maxInFlight).toBe(limit);
  });

  it.each(PROVIDERS)('holds for $provider too', async (providerCase) => {
    server.current.enqueue({ awaitInFlight: 2 }, { awaitInFlight: 2 });
    const generator = generatorFor(providerCase, server.current, { maxConcurrentRequests: 2 });
    const { events } = await outcomeOf(merge(...Array.from({ length: 5 }, (_, run) => generator.generate$(configFor(`run-${run}`)))));
    expect(results(events)).toHaveLength(5);
    expect(server.current.maxInFlight).toBe(2);
  });

  it('is per generator: two generators do not share a limit', async () => {
    server.current.enqueue({ awaitInFlight: 2 }, { awaitInFlight: 2 });
    const one = () => generatorFor(openAi, server.current, { maxConcurrentRequests: 1 });
    await outcomeOf(merge(one().generate$(configFor('a')), one().generate$(configFor('b'))));
    expect(server.current.maxInFlight).toBe(2);
  });

  it('frees the slot while a run waits to retry, and gives it to the next run in line', async () => {
    server.current.enqueue({ status: 429, headers: { 'retry-after-ms': '150' } }, { latencyMs: 10 });
    const generator = generatorFor(openAi, server.current, { maxConcurrentRequests: 1, retryMaxDelayMs: 1000 });
    const { events } = await outcomeOf(merge(generator.generate$(configFor('first')), generator.generate$(configFor('second'))));

    expect(results(events)).toHaveLength(2);
    expect(markersSeen()).toEqual(['first', 'second', 'first']);
    expect(server.current.maxInFlight).toBe(1);
  });
});

describe('a run cancelled while it waits in the queue', () => {
  /** Subscribes a run; `requested` resolves once it has asked the limiter for a slot (its `request` stage). */
  function queue(events$: Observable<GenerationEvent>): { requested: Promise<void>; cancel: () => void } {
    let markRequested!: () => void;
    const requested = new Promise<void>((resolve) => (markRequested = resolve));
    const subscription = events$.subscribe({
      next: (event) => {
        if (event.type === 'progress' && event.stage === 'request') markRequested();
      },
      error: () => undefined,
    });
    return { requested, cancel: () => subscription.unsubscribe() };
  }

  it('never reaches the network, whether cancelled by unsubscribe or by a token', async () => {
    server.current.enqueue({ fault: 'hang' });
    const generator = new AsyncPersonaGenerator({ provider: 'openai', baseURL: server.current.url, apiKey: 'sk-test-0000001', maxConcurrentRequests: 1 });

    const holder = queue(generator.generate$(configFor('holder')));
    await server.current.waitForRequests(1);

    const unsubscribed = queue(generator.generate$(configFor('unsubscribed')));
    await unsubscribed.requested;
    const token = new CancellationToken();
    const progress: string[] = [];
    const byToken = generator.agenerate(configFor('by-token'), {
      cancellationToken: token,
      progressCallback: (_step, _total, event) => {
        progress.push(event.stage);
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(progress).toContain('request');
    expect(server.current.requests).toHaveLength(1);

    unsubscribed.cancel();
    token.cancel('changed my mind');
    await expect(byToken).rejects.toBeInstanceOf(CancellationError);

    // The slot holder goes away; the next run gets the slot, and nothing cancelled ever ran.
    holder.cancel();
    await server.current.waitForClientClose(1);
    const after = await generator.agenerate(configFor('after'));
    expect(after.personas).toHaveLength(1);
    expect(markersSeen()).toEqual(['holder', 'after']);
    expect(server.current.maxInFlight).toBe(1);
  });
});
