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

// Measured with OpenAI's encodings (byte-level tokenizers like the others'): letters and spaces
// of prose take 3.5 to 4.5 characters a token; digits and punctuation (CSV, JSON, dates) up to one
// token each; Chinese, Greek, Cyrillic or accented text up to 1.2 tokens a UTF-16 code unit; an
// emoji or a rare ideograph up to 3 tokens (2 code units). Three letters or spaces a token, one
// token per other ASCII character and 1.5 per other code unit stay above all of these. Letters
// without words (hashes, base64) can take more; a provider that refuses them says so, and that
// refusal is a ContextWindowError too.
const ASCII_WEIGHTS = Float64Array.from({ length: 0x80 }, (_, code) => (/[A-Za-z ]/.test(String.fromCharCode(code)) ? 1 / 3 : 1));
const NON_ASCII_WEIGHT = 1.5;

/** An approximation that errs high on prose and tables in any script, for deciding whether a prompt fits a window. */
export function safeTokenCount(text: string): number {
  let tokens = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    tokens += code < ASCII_WEIGHTS.length ? ASCII_WEIGHTS[code] : NON_ASCII_WEIGHT;
  }
  // The weights are thirds: rounding first keeps float noise from adding a token.
  return Math.ceil(Number(tokens.toFixed(6)));
}

const safeApproximation: TokenCounter = { method: 'approximation', count: safeTokenCount };

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

/**
 * A counter for `model`: its real tokenizer for OpenAI-family models, an approximation otherwise:
 * the typical one for prices, the one that errs high (`window`) for fitting a context window.
 */
export function tokenCounter$(provider: string, model: string, purpose: 'price' | 'window' = 'price'): Observable<TokenCounter> {
  return defer(async (): Promise<TokenCounter> => {
    if (!hasTokenizer(provider, model)) return purpose === 'window' ? safeApproximation : approximation;
    const encoding = await encodingFor(model);
    // Research data is counted as plain text: a `<|endoftext|>` in it must not throw.
    return { method: 'tokenizer', count: (text) => encoding.countTokens(text, PLAIN_TEXT) };
  });
}
