import { defer, type Observable } from 'rxjs';

/** How a count was made: the model's own tokenizer, or the character approximation. */
export type TokenCounting = 'tokenizer' | 'approximation';

export interface TokenCounter {
  readonly method: TokenCounting;
  count(text: string): number;
}

/**
 * The approximation used where no tokenizer ships for the model (Anthropic, Gemini, Ollama,
 * unknown OpenAI-compatible models): one token per four characters, the providers' own rule of
 * thumb for English text. It undercounts languages written without spaces.
 */
export const CHARS_PER_TOKEN = 4;

export function approximateTokenCount(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

const approximation: TokenCounter = { method: 'approximation', count: approximateTokenCount };

const OPENAI_MODEL = /^(openai\/)?(gpt-|o\d|chatgpt-)/;
// The GPT-4 and GPT-3.5 generation (gpt-4, gpt-4-turbo, gpt-3.5-turbo…) use cl100k_base; GPT-4o,
// GPT-4.1, GPT-5 and the o-series use o200k_base.
const CL100K_MODEL = /^(openai\/)?(gpt-3\.5|gpt-4($|-))/;

/** True when the model's tokens can be counted exactly with OpenAI's published encodings. */
export function hasTokenizer(provider: string, model: string): boolean {
  return provider === 'openai' || (provider === 'openai-compatible' && OPENAI_MODEL.test(model));
}

const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

// The encodings are loaded with import(), so their ES-module types are the ones to name.
type Encoding = Promise<typeof import('gpt-tokenizer/encoding/o200k_base', { with: { 'resolution-mode': 'import' } })>;
let o200k: Encoding | undefined;
let cl100k: Encoding | undefined;

// Loaded on first use only: the encodings are large, and most imports of the library never count.
function encodingFor(model: string): Encoding {
  if (CL100K_MODEL.test(model)) return (cl100k ??= import('gpt-tokenizer/encoding/cl100k_base'));
  return (o200k ??= import('gpt-tokenizer/encoding/o200k_base'));
}

/** A counter for `model`: its real tokenizer for OpenAI-family models, the approximation otherwise. */
export function tokenCounter$(provider: string, model: string): Observable<TokenCounter> {
  return defer(async (): Promise<TokenCounter> => {
    if (!hasTokenizer(provider, model)) return approximation;
    const encoding = await encodingFor(model);
    // Research data is counted as plain text: a `<|endoftext|>` in it must not throw.
    return { method: 'tokenizer', count: (text) => encoding.countTokens(text, PLAIN_TEXT) };
  });
}
