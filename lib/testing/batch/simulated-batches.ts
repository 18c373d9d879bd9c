import { AnthropicBatchWire } from './anthropic-batch-wire';
import { OpenAiBatchWire } from './openai-batch-wire';
import type { BatchRoute, SimulatedBatchOptions } from './simulated-batch';

/** Both batch engines of the simulated server, each keeping its batches (and files) for the server's life. */
export function simulatedBatches(options: SimulatedBatchOptions, origin: () => string): { route(method: string, path: string): BatchRoute | undefined } {
  const anthropic = new AnthropicBatchWire(options, origin);
  const openAi = new OpenAiBatchWire(options);
  // Anthropic's paths end in `/batches` too: it is asked first.
  return { route: (method, path) => anthropic.route(method, path) ?? openAi.route(method, path) };
}
