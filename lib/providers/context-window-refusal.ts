import { ContextWindowError } from '../errors';

// The providers' own words for a prompt over the model's window.
const TOO_LONG = /context_length_exceeded|maximum context length|context window|configured limit of \d+ tokens|prompt is too long|exceed context limit|exceeds the maximum number of tokens/i;

interface NamedNumbers {
  promptTokens?: string;
  contextWindow?: string;
}

// The numbers each refusal names, most specific first. OpenAI: "This model's maximum context
// length is 128000 tokens. However, your messages resulted in 130000 tokens." (or "you requested
// 132000 tokens (128000 in the messages, 4000 in the completion)"); Anthropic: "prompt is too long:
// 208310 tokens > 200000 maximum", or "input length and `max_tokens` exceed context limit: 198000
// + 8192 > 200000"; Gemini: "The input token count (1234567) exceeds the maximum number of tokens
// allowed (1048576)."
const NAMED: readonly ((text: string) => NamedNumbers | undefined)[] = [
  (text) => {
    const match = /maximum context length is (\d+) tokens[^]*?(\d+) in the messages/i.exec(text);
    return match ? { contextWindow: match[1], promptTokens: match[2] } : undefined;
  },
  (text) => {
    const match = /(?:maximum context length is|configured limit of) (\d+) tokens[^]*?resulted in (\d+) tokens/i.exec(text);
    return match ? { contextWindow: match[1], promptTokens: match[2] } : undefined;
  },
  (text) => {
    const match = /prompt is too long: (\d+) tokens > (\d+) maximum/i.exec(text);
    return match ? { promptTokens: match[1], contextWindow: match[2] } : undefined;
  },
  (text) => {
    const match = /exceed context limit: (\d+) \+ \d+ > (\d+)/i.exec(text);
    return match ? { promptTokens: match[1], contextWindow: match[2] } : undefined;
  },
  (text) => {
    const match = /input token count \((\d+)\) exceeds the maximum number of tokens allowed \((\d+)\)/i.exec(text);
    return match ? { promptTokens: match[1], contextWindow: match[2] } : undefined;
  },
];

// A provider message is not trusted: a count outside this range is not a count.
const MAX_TOKENS = 100_000_000;
const READ_CHARS = 4096;

function tokens(digits: string | undefined): number | undefined {
  const value = Number(digits);
  return Number.isSafeInteger(value) && value > 0 && value <= MAX_TOKENS ? value : undefined;
}

/**
 * The provider's refusal of a prompt as too long, as a ContextWindowError carrying the prompt's
 * tokens and the window the refusal names (each only when it names a sane number). Undefined for
 * any other failure.
 */
export function contextWindowRefusal(status: number, providerMessage: string | undefined): ContextWindowError | undefined {
  if (status !== 400 || providerMessage === undefined) return undefined;
  const text = providerMessage.slice(0, READ_CHARS);
  if (!TOO_LONG.test(text)) return undefined;
  const named = NAMED.reduce<NamedNumbers | undefined>((found, read) => found ?? read(text), undefined) ?? {};
  const promptTokens = tokens(named.promptTokens);
  const contextWindow = tokens(named.contextWindow);
  return new ContextWindowError({
    ...(promptTokens !== undefined && { promptTokens }),
    ...(contextWindow !== undefined && { contextWindow }),
    providerMessage: text,
  });
}
