import { merge } from 'rxjs';
import type { GenerationEvent } from '../../lib';
import { generatorFor, outcomeOf, PROVIDERS } from '../providers/provider-cases';
import { RESEARCH_NOTES, useFakeServer } from '../support/fake-server';

const server = useFakeServer();
const openAi = PROVIDERS[0];

const configFor = (run: number) => ({ count: 1, data: `${RESEARCH_NOTES}\nRun marker: run-${run}` });
const resultCount = (events: GenerationEvent[]): number => events.filter((event) => event.type === 'result').length;

/** `runs` runs at once through one adaptive generator allowing `max` requests in flight. */
async function runAll(runs: number, max: number): Promise<GenerationEvent[]> {
  const generator = generatorFor(openAi, server.current, { maxConcurrentRequests: max });
  const { events, error } = await outcomeOf(merge(...Array.from({ length: runs }, (_, run) => generator.generate$(configFor(run)))));
  expect(error).toBeUndefined();
  return events;
}

/** The first request is answered at once; every other one waits until `inFlight` requests are in flight together. */
const firstAnsweredThenBarrier = (runs: number, inFlight: number, first: { headers?: Record<string, string> } = {}) => [
  first,
  ...Array.from({ length: runs - 1 }, () => ({ awaitInFlight: inFlight })),
];

describe('the adaptive window opens on evidence', () => {
  it('opens to maxConcurrentRequests after the first response when the provider sends no rate-limit headers', async () => {
    // 16 go first; only a window opened to 40 lets the other 39 be in flight together and pass the barrier.
    server.current.enqueue(...firstAnsweredThenBarrier(40, 39));
    const events = await runAll(40, 40);

    expect(resultCount(events)).toBe(40);
    expect(server.current.requests).toHaveLength(40);
    expect(server.current.maxInFlight).toBe(39);
  });

  it('opens as far as the rate-limit headers of the first response allow, and no further', async () => {
    // The first answer says 30 requests remain: 15 already started after it, so 15 more may go (30 in flight).
    const headers = { 'x-ratelimit-remaining-requests': '30', 'x-ratelimit-limit-requests': '1000', 'x-ratelimit-reset-requests': '50ms' };
    server.current.enqueue(...firstAnsweredThenBarrier(31, 30, { headers }));
    const events = await runAll(31, 64);

    expect(resultCount(events)).toBe(31);
    expect(server.current.maxInFlight).toBe(30);
  });
});
