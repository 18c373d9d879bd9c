import { defer, map, Observable, type OperatorFunction } from 'rxjs';
import { TimeoutError } from '../errors';
import type { GenerationEvent, RetryEvent } from '../events/generation-event';
import { flatMapSync } from '../operators/flat-map-sync';
import type { Handoff } from '../operators/hand-off';
import type { ChatRequest } from '../providers/provider';
import { deadline } from '../resilience/deadline';
import { retrying, type RetryNotice } from '../resilience/retrying';
import { AttemptState, type Answer, type AttemptItem } from './attempt-state';
import { chatSpan } from '../telemetry/chat-span';
import { limitedResponse$ } from './limited-response';
import type { ResponseChunk } from './provider-response';
import type { RunContext } from './run-context';

/**
 * The HTTP attempts of a run, retried as one policy says, each holding a limiter slot while its
 * request runs: their events, then the answer of the one that succeeded. Numbering starts at
 * `firstAttempt` when earlier requests of the run went before (a structured-output fallback).
 */
export function attempts$(run: RunContext, chat: ChatRequest, firstAttempt = 1): Observable<GenerationEvent | Handoff<Answer>> {
  const { maxRetries, retryBaseDelayMs, retryMaxDelayMs } = run.generator.options;
  const before = firstAttempt - 1;
  return retrying((attempt) => attempt$(run, chat, before + attempt), { maxRetries, baseDelayMs: retryBaseDelayMs, maxDelayMs: retryMaxDelayMs }).pipe(
    map((item) => (item.type === 'retry-notice' ? { ...item, attempt: before + item.attempt } : item)),
    asRunEvents(run),
  );
}

function attempt$(run: RunContext, chat: ChatRequest, attempt: number): Observable<AttemptItem> {
  const { options, provider, limiter } = run.generator;
  return defer(() => {
    const state = new AttemptState(attempt, chat.stream, run.config.count);
    const timedOut = (): TimeoutError =>
      new TimeoutError(`Attempt ${attempt} exceeded requestTimeoutMs (${options.requestTimeoutMs} ms)`, {
        stage: state.receiving ? 'receive' : 'request',
        timeoutMs: options.requestTimeoutMs,
        retryable: true,
      });
    const guard = (chunks$: Observable<ResponseChunk[]>): Observable<ResponseChunk[]> =>
      chunks$.pipe(deadline(options.requestTimeoutMs, timedOut), chatSpan(run.span, provider, chat, attempt));
    const response$ = limitedResponse$(limiter, provider, chat, { idleTimeoutMs: options.idleTimeoutMs, maxResponseBytes: options.maxResponseBytes }, guard);
    return response$.pipe(
      flatMapSync(
        (chunks) => state.accept(chunks),
        () => state.finish(),
      ),
    );
  });
}

/**
 * The attempts as the run reports them, a scan over their items: the first answer to arrive is
 * the run's `receive` stage, and a retry discards exactly the tokens and personas the failed
 * attempt emitted, counted as they passed.
 */
function asRunEvents(run: RunContext): OperatorFunction<AttemptItem | RetryNotice, GenerationEvent | Handoff<Answer>> {
  return (source) =>
    new Observable((subscriber) => {
      let receiving = false;
      let emitted = { tokens: 0, personas: 0 };
      return source.subscribe({
        next: (item) => {
          switch (item.type) {
            case 'receiving':
              if (!receiving) subscriber.next(run.progress('receive', `Receiving the response from ${run.generator.provider.adapter.name}`));
              receiving = true;
              return;
            case 'retry-notice':
              subscriber.next(retryEvent(item, emitted));
              emitted = { tokens: 0, personas: 0 };
              return;
            case 'token':
              emitted.tokens += 1;
              break;
            case 'persona':
              emitted.personas += 1;
              break;
          }
          subscriber.next(item);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

function retryEvent(notice: RetryNotice, discarded: RetryEvent['discarded']): RetryEvent {
  return { type: 'retry', attempt: notice.attempt, delayMs: notice.delayMs, reason: notice.error.message, discarded };
}
