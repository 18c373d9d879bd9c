import { catchError, defer, map, throwError, type Observable, type OperatorFunction } from 'rxjs';
import { ProviderError } from '../errors';
import type { GenerationEvent, RetryEvent } from '../events/generation-event';
import { flatMapSync } from '../operators/flat-map-sync';
import type { Handoff } from '../operators/hand-off';
import { scanMap, type ScanStep } from '../operators/scan-map';
import { refusesStructuredOutput } from '../providers/structured-output';
import { retrying, type RetryNotice } from '../resilience/retrying';
import { AttemptState, type Answer, type AttemptItem } from './attempt-state';
import { chatSpan } from '../telemetry/chat-span';
import { attemptDeadline, limitedResponse$, retryPolicyOf } from './limited-response';
import type { ResponseChunk } from './provider-response';
import { warmupKey } from './warmup-key';
import type { RenderedRequest } from './rendered-request';
import type { RunContext } from './run-context';
import { SchemaModeRefused } from './schema-mode-refused';

export type RunItem = GenerationEvent | Handoff<Answer>;

/**
 * The HTTP attempts of a run, retried as one policy says, each holding a limiter slot while its
 * request runs: their events, then the answer of the one that succeeded. Numbering starts at
 * `firstAttempt` when earlier requests of the run went before (a structured-output fallback).
 * A refusal of the schema mode fails them with SchemaModeRefused, which carries its attempt.
 */
export function attempts$(run: RunContext, request: RenderedRequest, firstAttempt = 1): Observable<RunItem> {
  const before = firstAttempt - 1;
  return retrying((attempt) => attempt$(run, request, before + attempt), retryPolicyOf(run.generator.options)).pipe(
    map((item) => (item.type === 'retry-notice' ? { ...item, attempt: before + item.attempt } : item)),
    asRunEvents(run),
  );
}

function attempt$(run: RunContext, { prompt, chat }: RenderedRequest, attempt: number): Observable<AttemptItem> {
  const { options, provider, limiter } = run.generator;
  return defer(() => {
    const state = new AttemptState(attempt, prompt, chat.stream, run.config.count);
    const deadline = attemptDeadline<ResponseChunk[]>(options.requestTimeoutMs, `Attempt ${attempt}`, () => (state.receiving ? 'receive' : 'request'));
    const guard = (chunks$: Observable<ResponseChunk[]>): Observable<ResponseChunk[]> => chunks$.pipe(deadline, chatSpan(run.span, provider, chat, attempt));
    const limited$ = limitedResponse$(limiter, provider, chat, { idleTimeoutMs: options.idleTimeoutMs, maxResponseBytes: options.maxResponseBytes }, guard);
    // Outside the limiter: a request held for its prefix to be cached takes no slot.
    const response$ = run.generator.warmup.pass(warmupKey(run.generator, chat), limited$);
    const items$ = response$.pipe(
      flatMapSync(
        (chunks) => state.accept(chunks),
        () => state.finish(),
      ),
    );
    if (!chat.structured) return items$;
    return items$.pipe(catchError((error: unknown) => throwError(() => (refusesStructuredOutput(error) ? new SchemaModeRefused(error, attempt) : error))));
  });
}

/** What the attempts have shown so far: whether the answer began arriving, and what the current attempt emitted. */
export interface RunEventsState {
  receiving: boolean;
  emitted: RetryEvent['discarded'];
}

const NOTHING_SHOWN: RunEventsState = { receiving: false, emitted: { tokens: 0, personas: 0 } };

/**
 * One item of the attempts as the run reports it: the first answer to arrive is the run's
 * `receive` stage, and a retry discards exactly the tokens and personas the failed attempt emitted.
 */
export function runEventsStep(
  run: RunContext,
): (state: RunEventsState, item: AttemptItem | RetryNotice) => ScanStep<RunEventsState, RunItem> {
  return (state, item) => {
    switch (item.type) {
      case 'receiving':
        return state.receiving
          ? { state, emit: [] }
          : { state: { ...state, receiving: true }, emit: [run.progress('receive', `Receiving the response from ${run.generator.provider.adapter.name}`)] };
      case 'retry-notice':
        return { state: { ...state, emitted: NOTHING_SHOWN.emitted }, emit: [retryEvent(item, state.emitted)] };
      case 'token':
        return { state: { ...state, emitted: { ...state.emitted, tokens: state.emitted.tokens + 1 } }, emit: [item] };
      case 'persona':
        return { state: { ...state, emitted: { ...state.emitted, personas: state.emitted.personas + 1 } }, emit: [item] };
      default:
        return { state, emit: [item] };
    }
  };
}

/** The attempts as the run reports them: a scan over their items. */
function asRunEvents(run: RunContext): OperatorFunction<AttemptItem | RetryNotice, RunItem> {
  return scanMap(runEventsStep(run), NOTHING_SHOWN);
}

function retryEvent(notice: RetryNotice, discarded: RetryEvent['discarded']): RetryEvent {
  const status = notice.error instanceof ProviderError ? notice.error.status : undefined;
  return { type: 'retry', attempt: notice.attempt, delayMs: notice.delayMs, reason: notice.error.message, discarded, ...(status === undefined ? {} : { status }) };
}
