import { ContextWindowError } from '../errors';
import { modelFacts } from './model-facts';

/**
 * The window a run plans against: the generator's `contextWindow` option when set, else the
 * registry's. Undefined for a model no one knows, until the provider says one.
 */
export function contextWindowFor(provider: string, model: string, override: number | undefined): number | undefined {
  return override ?? modelFacts(provider, model).contextWindow;
}

export interface WindowFit {
  promptTokens: number;
  contextWindow: number | undefined;
  /** Output tokens the request reserves: the config's `maxTokens`. */
  maxTokens: number;
}

/** Throws ContextWindowError when the prompt and the output it reserves exceed a known window. */
export function assertFitsWindow({ promptTokens, contextWindow, maxTokens }: WindowFit): void {
  if (contextWindow !== undefined && promptTokens + maxTokens > contextWindow) {
    throw new ContextWindowError({ promptTokens, contextWindow, maxTokens });
  }
}
