import { forkJoin, map, of, type Observable } from 'rxjs';
import { promptTokens } from '../cost/estimate';
import { tokenCounter$, type TokenCounter } from '../cost/token-counter';
import { assertFitsWindow, contextWindowFor } from '../models/context-window';
import { ollamaContextLength$ } from '../providers/ollama-show';
import type { RenderedRequest } from './rendered-request';
import type { RunContext } from './run-context';

// Ollama reloads a model whenever num_ctx changes: steps of this size let runs of similar size share one load.
const NUM_CTX_STEP = 2048;

/** The prompt's tokens as the provider counts them: the answer's schema, sent with it, too. */
function requestTokens(counter: TokenCounter, { prompt, chat }: RenderedRequest): number {
  return promptTokens(counter, prompt) + (chat.structured ? counter.count(JSON.stringify(chat.structured.schema)) : 0);
}

/** The window of the run's model: the generator's option, else the registry's, else (Ollama) what its server reports. */
function window$(run: RunContext): Observable<number | undefined> {
  const { adapter, model, connection } = run.generator.provider;
  const known = contextWindowFor(adapter.name, model, run.generator.options.contextWindow);
  if (known !== undefined || adapter.name !== 'ollama') return of(known);
  return run.generator.serverWindows.of(model, () => ollamaContextLength$(connection, model));
}

/**
 * Fits the run's one request to its model's window, counting the prompt with the model's tokenizer
 * where one exists, else with an approximation that errs high:
 * - with `chunking: 'off'`, a prompt that does not fit with `maxTokens` fails with
 *   ContextWindowError before any request;
 * - Ollama gets `num_ctx` for the prompt and `maxTokens` (Ollama otherwise keeps only the end of a
 *   long prompt, silently), within the model's own context length read once from `/api/show`;
 *   past that length, ContextWindowError.
 * A model whose window no one knows is sent as it is: its provider's refusal is typed too.
 */
export function fitWindow$(run: RunContext, request: RenderedRequest): Observable<RenderedRequest> {
  const { adapter, model } = run.generator.provider;
  const ollama = adapter.name === 'ollama';
  if (!ollama && run.config.chunking !== 'off') return of(request);
  return forkJoin([tokenCounter$(adapter.name, model, 'window'), window$(run)]).pipe(
    map(([counter, contextWindow]) => {
      const { maxTokens } = run.config;
      const tokens = requestTokens(counter, request);
      assertFitsWindow({ promptTokens: tokens, contextWindow, maxTokens });
      if (!ollama) return request;
      const stepped = Math.ceil((tokens + maxTokens) / NUM_CTX_STEP) * NUM_CTX_STEP;
      return { ...request, chat: { ...request.chat, contextWindow: Math.min(stepped, contextWindow ?? stepped) } };
    }),
  );
}
