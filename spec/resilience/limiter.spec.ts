import { defer, mergeMap, NEVER, of, Subject, tap, VirtualTimeScheduler, type Observable, type Subscription } from 'rxjs';
import { ConcurrencyLimiter, type RequestTicket } from '../../lib/resilience/limiter';
import { marbles } from '../support/marbles';

describe('ConcurrencyLimiter', () => {
  it('runs at most `limit` sources at once, the rest in FIFO order as slots free', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limiter = new ConcurrencyLimiter(2);
      const a = cold('--a|');
      const b = cold('----b|');
      const c = cold('c|');
      const d = cold('d|');
      expectObservable(limiter.run(a)).toBe('--a|');
      expectObservable(limiter.run(b)).toBe('----b|');
      expectObservable(limiter.run(c)).toBe('---c|');
      expectObservable(limiter.run(d)).toBe('----d|');
      expectSubscriptions(c.subscriptions).toBe('---^!');
      expectSubscriptions(d.subscriptions).toBe('----^!');
    });
  });

  it('never subscribes a source that is unsubscribed while queued', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limiter = new ConcurrencyLimiter(1);
      const first = cold('----a|');
      const queued = cold('b|');
      const next = cold('c|');
      expectObservable(limiter.run(first)).toBe('----a|');
      expectObservable(limiter.run(queued), '^-!').toBe('---');
      expectObservable(limiter.run(next)).toBe('-----c|');
      expectSubscriptions(queued.subscriptions).toBe([]);
    });
  });

  it('frees the slot when the source errors or is unsubscribed', () => {
    marbles().run(({ cold, expectObservable }) => {
      const limiter = new ConcurrencyLimiter(1);
      expectObservable(limiter.run(cold('-#'))).toBe('-#');
      expectObservable(limiter.run(cold('--a--b|')), '^---!').toBe('---a-');
      expectObservable(limiter.run(cold('c|'))).toBe('----c|');
    });
  });

  it('counts running and waiting sources', () => {
    const limiter = new ConcurrencyLimiter(1);
    const never = limiter.run(NEVER);
    const first = never.subscribe();
    const second = never.subscribe();
    expect([limiter.running, limiter.waiting]).toEqual([1, 1]);
    first.unsubscribe();
    expect([limiter.running, limiter.waiting]).toEqual([1, 0]);
    second.unsubscribe();
    expect([limiter.running, limiter.waiting]).toEqual([0, 0]);
  });
});

/** A request whose response head (`h` in the marble) reports `headers` with `status`. */
function answering(status: number, headers: Record<string, string>, source: Observable<string>) {
  return (ticket: RequestTicket): Observable<string> =>
    source.pipe(tap((value) => value === 'h' && ticket.onResponse({ status, headers })));
}

describe('ConcurrencyLimiter, adaptive', () => {
  const adaptive = (max: number, rateLimit?: { requestsPerMinute?: number; tokensPerMinute?: number }): ConcurrencyLimiter =>
    new ConcurrencyLimiter({ maxConcurrentRequests: max, adaptive: true, rateLimit });

  it('holds new requests while the reported request budget is spent, and lets one through at its reset', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limiter = adaptive(4);
      const spent = { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '5ms' };
      const probe = cold('-h|');
      const later = cold('a|');
      const last = cold('b|');
      expectObservable(limiter.run(answering(200, spent, probe))).toBe('-h|');
      expectObservable(cold('--x|').pipe(mergeMap(() => limiter.run(later)))).toBe('------a|');
      expectObservable(cold('--x|').pipe(mergeMap(() => limiter.run(last)))).toBe('-------b|');
      // At the reset one request may probe; the next waits for its report (here: it reports nothing).
      expectSubscriptions(later.subscriptions).toBe('------^!');
      expectSubscriptions(last.subscriptions).toBe('-------^!');
    });
  });

  it('at the reset of a budget whose limit it knows, lets the whole limit through less what was spent since', () => {
    marbles().run(({ cold, expectSubscriptions }) => {
      const limiter = adaptive(8);
      const spent = { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '5ms', 'x-ratelimit-limit-requests': '2' };
      limiter.run(answering(200, spent, cold('-h|'))).subscribe();
      const held = [cold('a|'), cold('b|'), cold('c|')];
      cold('--x|').pipe(mergeMap(() => held.map((source) => limiter.run(source)))).subscribe((run$) => run$.subscribe());
      expectSubscriptions(held[0].subscriptions).toBe('------^!');
      expectSubscriptions(held[1].subscriptions).toBe('------^!');
      // The limit is spent again, and no response in flight will report: the third goes as a probe.
      expectSubscriptions(held[2].subscriptions).toBe('-------^!');
    });
  });

  it('counts requests started after the one that reported against its remaining budget', () => {
    marbles().run(({ cold, expectSubscriptions }) => {
      const limiter = adaptive(8);
      const reportsTwoLeft = cold('--h|');
      const [a, b, c] = [cold('-----a|'), cold('-----b|'), cold('c|')];
      limiter.run(answering(200, { 'x-ratelimit-remaining-requests': '2', 'x-ratelimit-reset-requests': '10ms' }, reportsTwoLeft)).subscribe();
      limiter.run(a).subscribe();
      limiter.run(b).subscribe();
      cold('---x|').pipe(mergeMap(() => limiter.run(c))).subscribe();
      // Two started after the reporter, so its report leaves nothing for the third: it waits for the reset.
      expectSubscriptions(a.subscriptions).toBe('^-----!');
      expectSubscriptions(b.subscriptions).toBe('^-----!');
      expectSubscriptions(c.subscriptions).toBe('------------^!');
    });
  });

  it('honours retry-after on a 429 and holds requests that come meanwhile', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limiter = adaptive(8);
      expectObservable(limiter.run(answering(429, { 'retry-after-ms': '4' }, cold('h#')))).toBe('h#');
      const after = cold('h|');
      expectObservable(cold('-x|').pipe(mergeMap(() => limiter.run(answering(200, {}, after))))).toBe('----h|');
      expectSubscriptions(after.subscriptions).toBe('----^!');
    });
  });

  it('narrows the window once per burst of 429s and widens it additively on successes', () => {
    const limiter = adaptive(8);
    const heads = new Subject<string>();
    const refused = (source: Observable<string>): Subscription => limiter.run(answering(429, {}, source)).subscribe();
    refused(heads);
    refused(heads);
    heads.next('h');
    heads.complete();
    expect(limiter.concurrency).toBe(4);
    refused(of('h'));
    expect(limiter.concurrency).toBe(2);
    limiter.run(answering(200, {}, of('h'))).subscribe();
    expect(limiter.concurrency).toBe(2);
    limiter.run(answering(200, {}, of('h'))).subscribe();
    expect(limiter.concurrency).toBe(3);
  });

  it('lets at most ⌊window⌋ run after narrowing, never fewer than one', () => {
    marbles().run(({ cold, expectSubscriptions }) => {
      const limiter = adaptive(2);
      limiter.run(answering(429, {}, cold('h#'))).subscribe({ error: () => undefined });
      const first = cold('--a|');
      const second = cold('b|');
      limiter.run(first).subscribe();
      limiter.run(second).subscribe();
      expectSubscriptions(first.subscriptions).toBe('^--!');
      expectSubscriptions(second.subscriptions).toBe('---^!');
    });
    const limiter = adaptive(1);
    limiter.run(answering(429, {}, of('h'))).subscribe();
    expect(limiter.concurrency).toBe(1);
  });

  it('ignores headers and 429s when not adaptive', () => {
    const limiter = new ConcurrencyLimiter({ maxConcurrentRequests: 4, adaptive: false });
    limiter.run(answering(429, { 'retry-after': '60', 'x-ratelimit-remaining-requests': '0' }, of('h'))).subscribe();
    expect(limiter.concurrency).toBe(4);
    let started = false;
    limiter.run(defer(() => ((started = true), of(1)))).subscribe();
    expect(started).toBe(true);
  });

  it('paces requests to requestsPerMinute and tokensPerMinute with token buckets, corrected by reported usage', () => {
    marbles().run(({ cold, expectSubscriptions }) => {
      const limiter = adaptive(10, { requestsPerMinute: 2 });
      const sources = [cold('a|'), cold('b|'), cold('c|')];
      sources.forEach((source) => limiter.run(source).subscribe());
      expectSubscriptions(sources[1].subscriptions).toBe('30s ^!');
      expectSubscriptions(sources[2].subscriptions).toBe('60s ^!');
    });
    marbles().run(({ cold, expectSubscriptions }) => {
      const limiter = adaptive(10, { tokensPerMinute: 1200 });
      const [first, second, third] = [cold('a|'), cold('b|'), cold('c|')];
      // The bucket holds a second's worth (20). The first was charged 600 but reports 100 used:
      // 500 come back, so the second waits for 100 (5 s), the third for its whole 600 (30 s more).
      limiter.run((ticket) => (ticket.onUsage(100), first), 600).subscribe();
      limiter.run(second, 600).subscribe();
      limiter.run(third, 600).subscribe();
      expectSubscriptions(second.subscriptions).toBe('5s ^!');
      expectSubscriptions(third.subscriptions).toBe('35s ^!');
    });
  });

  it('leaves the queue at once when a held request is unsubscribed, and clears its timer', () => {
    const scheduler = new VirtualTimeScheduler();
    const limiter = new ConcurrencyLimiter({ maxConcurrentRequests: 4, adaptive: true, scheduler });
    limiter.run(answering(429, { 'retry-after': '30' }, of('h'))).subscribe();
    let started = false;
    const held = limiter.run(defer(() => ((started = true), of(1)))).subscribe();
    expect([limiter.waiting, pending(scheduler)]).toEqual([1, 1]);
    held.unsubscribe();
    expect([limiter.waiting, pending(scheduler)]).toEqual([0, 0]);
    scheduler.flush();
    expect(started).toBe(false);
  });
});

describe('ConcurrencyLimiter, the adaptive window opens on evidence', () => {
  const adaptive = (max: number): ConcurrencyLimiter => new ConcurrencyLimiter({ maxConcurrentRequests: max, adaptive: true });

  it('starts at 16 and opens to maxConcurrentRequests on a success that reports no budget', () => {
    const limiter = adaptive(64);
    expect(limiter.concurrency).toBe(16);
    limiter.run(answering(200, {}, of('h'))).subscribe();
    expect(limiter.concurrency).toBe(64);
  });

  it('opens to as many requests as the reported request and token budgets pay for', () => {
    const byRequests = adaptive(64);
    byRequests.run(answering(200, { 'x-ratelimit-remaining-requests': '30' }, of('h'))).subscribe();
    expect(byRequests.concurrency).toBe(30);
    const byTokens = adaptive(64);
    // 6,000 tokens left, 200 per request like this one: room for 30.
    byTokens.run(answering(200, { 'x-ratelimit-remaining-requests': '500', 'x-ratelimit-remaining-tokens': '6000' }, of('h')), 200).subscribe();
    expect(byTokens.concurrency).toBe(30);
    const tight = adaptive(64);
    // Less room than the window has: it does not shrink (the budget holds requests instead), it grows by one.
    tight.run(answering(200, { 'x-ratelimit-remaining-requests': '3' }, of('h'))).subscribe();
    expect(tight.concurrency).toBe(17);
  });

  it('does not open after a 429: from the first refusal on only AIMD moves the window', () => {
    const limiter = adaptive(64);
    limiter.run(answering(429, {}, of('h'))).subscribe();
    limiter.run(answering(200, {}, of('h'))).subscribe();
    expect(limiter.concurrency).toBe(8);
  });
});

function pending(scheduler: VirtualTimeScheduler): number {
  return scheduler.actions.filter((action) => !action.closed).length;
}
