/** The model Ollama's `/api/show` describes: what `POST /api/show` answers, for the simulated server. */
export const OLLAMA_SHOW_PATH = '/api/show';

/** A typical context length of a local model (Llama 3.2: 131,072 tokens). */
export const SIMULATED_OLLAMA_CONTEXT_LENGTH = 131_072;

/**
 * `/api/show`'s answer for `model`: its details and `model_info`, where the context length is
 * `<architecture>.context_length`. `contextLength` goes out as given, a hostile value too; `null`
 * leaves it out, as for a model whose file does not say.
 */
export function ollamaShowAnswer(model: string, contextLength: unknown): Record<string, unknown> {
  return {
    modelfile: `FROM ${model}`,
    parameters: 'stop "<|eot_id|>"',
    details: { format: 'gguf', family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
    model_info: {
      'general.architecture': 'llama',
      'general.parameter_count': 3_212_749_888,
      ...(contextLength === null ? {} : { 'llama.context_length': contextLength }),
    },
    capabilities: ['completion', 'tools'],
  };
}
