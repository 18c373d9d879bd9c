import { catchError, concat, of, tap, throwError, type Observable } from 'rxjs';
import type { GenerationEvent, RetryEvent } from '../events/generation-event';
import type { Handoff } from '../operators/hand-off';
import type { RenderedPrompt } from '../prompts/render-prompt';
import type { ChatRequest } from '../providers/provider';
import { refusesStructuredOutput, type StructuredOutput } from '../providers/structured-output';
import type { Answer } from './attempt-state';
import { attempts$ } from './attempts';
import type { RunContext } from './run-context';
import { structuredOutputFor } from './structured-request';

/** How one request of a run differs from the run's own settings: a chunk's answer is whole and shorter. */
export interface Asking {
  stream?: boolean;
  maxTokens?: number;
}

/** What a run asks of the model; a provider batch sends the same request, whole rather than streamed. */
export function chatRequest(
  run: RunContext,
  prompt: RenderedPrompt,
  structured: StructuredOutput | undefined,
  { stream = run.generator.options.stream, maxTokens = run.config.maxTokens }: Asking = {},
): ChatRequest {
  return {
    model: run.generator.provider.model,
    system: prompt.system,
    prompt: prompt.prompt,
    temperature: run.config.temperature,
    maxTokens,
    stream,
    ...(structured ? { structured } : {}),
  };
}

/** A request's prompt, with or without the answer's format spelled out (the schema mode gives it). */
export type PromptFor = (structuredOutput: boolean) => RenderedPrompt;

/**
 * The attempts of one request, in the provider's schema mode when it is on; when the provider
 * refuses that mode itself, once more with plain JSON prompting, announced by a `retry` event.
 */
export function answer$(run: RunContext, promptFor: PromptFor, asking: Asking = {}): Observable<GenerationEvent | Handoff<Answer>> {
  const structured = structuredOutputFor(run);
  if (!structured) return attempts$(run, chatRequest(run, promptFor(false), undefined, asking));
  let attempt = 1;
  return attempts$(run, chatRequest(run, promptFor(true), structured, asking)).pipe(
    tap((item) => {
      if (item.type === 'retry') attempt = item.attempt;
    }),
    catchError((error: unknown) => {
      if (!refusesStructuredOutput(error)) return throwError(() => error);
      const fallback: RetryEvent = {
        type: 'retry',
        attempt: attempt + 1,
        delayMs: 0,
        reason: `${run.generator.provider.adapter.name} refused its JSON-schema mode (${error.providerMessage ?? error.message}); asking again with plain JSON prompting`,
        discarded: { tokens: 0, personas: 0 },
      };
      return concat(of(fallback), attempts$(run, chatRequest(run, promptFor(false), undefined, asking), attempt + 1));
    }),
  );
}
