import { renderPrompt, type RenderedPrompt } from '../prompts/render-prompt';
import type { ChatRequest } from '../providers/provider';
import type { StructuredOutput } from '../providers/structured-output';
import type { DataDocument } from '../schemas/config';
import type { RunContext } from './run-context';
import { structuredOutputFor } from './structured-request';

/** A run's request, rendered once: the prompt, and the chat request that sends it. */
export interface RenderedRequest {
  prompt: RenderedPrompt;
  chat: ChatRequest;
}

/**
 * What a run asks of the model, in its provider's schema mode when that is on (the prompt then
 * leaves the answer's format to the schema). Live runs, their cost estimate and provider batch
 * lines all send this one request; a batch sends it whole (`stream: false`).
 */
export function renderedRequest(run: RunContext, documents: readonly DataDocument[], stream = run.generator.options.stream): RenderedRequest {
  return requestOf(run, documents, structuredOutputFor(run), stream);
}

/** The same request with plain JSON prompting: for a model that refused its schema mode. */
export function plainRequest(run: RunContext, documents: readonly DataDocument[], stream = run.generator.options.stream): RenderedRequest {
  return requestOf(run, documents, undefined, stream);
}

function requestOf(run: RunContext, documents: readonly DataDocument[], structured: StructuredOutput | undefined, stream: boolean): RenderedRequest {
  // Fenced with the generator's secret, so that every run over these documents shares its prefix.
  const prompt = renderPrompt(run.config, documents, structured !== undefined, run.generator.fenceSecret);
  return {
    prompt,
    chat: {
      model: run.generator.provider.model,
      system: prompt.system,
      prompt: prompt.prompt,
      temperature: run.config.temperature,
      maxTokens: run.config.maxTokens,
      stream,
      ...(structured ? { structured } : {}),
    },
  };
}
