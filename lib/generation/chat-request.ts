import type { RenderedPrompt } from '../prompts/render-prompt';
import type { ChatRequest } from '../providers/provider';
import type { RunContext } from './run-context';

/**
 * What a run asks of the model, whether it is sent live or in a provider batch: one place, so that
 * a batched request is the request a live run would make.
 */
export function chatRequestOf(run: RunContext, prompt: RenderedPrompt, stream: boolean): ChatRequest {
  return {
    model: run.generator.provider.model,
    system: prompt.system,
    prompt: prompt.prompt,
    temperature: run.config.temperature,
    maxTokens: run.config.maxTokens,
    stream,
  };
}
