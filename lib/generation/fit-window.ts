import { map, of, type Observable } from 'rxjs';
import { promptTokens } from '../cost/estimate';
import { tokenCounter$ } from '../cost/token-counter';
import { assertFitsWindow, contextWindowFor } from '../models/context-window';
import type { RenderedPrompt } from '../prompts/render-prompt';
import type { StructuredOutput } from '../providers/structured-output';
import type { RunContext } from './run-context';

/**
 * With `chunking: 'off'`, fails with ContextWindowError, before any request, when the prompt (the
 * answer's schema included, which the provider counts too) and `maxTokens` exceed the model's
 * window. Counted with the model's tokenizer where one exists, else with an approximation that
 * errs high. A model whose window no one knows is sent as it is; its provider's refusal is typed.
 */
export function fitWindow$(run: RunContext, prompt: RenderedPrompt, structured: StructuredOutput | undefined): Observable<void> {
  const { adapter, model } = run.generator.provider;
  const contextWindow = contextWindowFor(adapter.name, model, run.generator.options.contextWindow);
  if (run.config.chunking !== 'off' || contextWindow === undefined) return of(undefined);
  return tokenCounter$(adapter.name, model, 'window').pipe(
    map((counter) => {
      const schemaTokens = structured ? counter.count(JSON.stringify(structured.schema)) : 0;
      assertFitsWindow({ promptTokens: promptTokens(counter, prompt) + schemaTokens, contextWindow, maxTokens: run.config.maxTokens });
    }),
  );
}
