import type { ScriptedResponse } from './scripted-response';
import { simulatedAnswer, simulatedStructuredAnswer } from './simulated-answer';
import type { CacheUse } from './prompt-cache';
import type { SimulatedReply, WireProtocol } from './wire-protocol';

/**
 * What the simulated model answers to one chat request body: the scripted text and usage, or an
 * answer built from the prompt's research data (in the schema mode's shape when the request asks
 * for it) with usage counted from the characters, what the prompt cache served and stored included.
 */
export function simulatedReply(
  wire: WireProtocol,
  path: string,
  body: unknown,
  scripted: Pick<ScriptedResponse, 'text' | 'usage'> = {},
  prompt = wire.promptOf(body),
  cache: CacheUse = { read: 0, written: 0 },
): SimulatedReply {
  const answerSchema = wire.answerSchemaOf(body);
  const text =
    scripted.text ?? (answerSchema ? simulatedStructuredAnswer(prompt, 'reasoning' in ((answerSchema.properties as object | undefined) ?? {})) : simulatedAnswer(prompt));
  return {
    text,
    model: wire.modelOf(path, body),
    structured: answerSchema !== undefined,
    usage:
      scripted.usage === null
        ? null
        : (scripted.usage ?? {
            inputTokens: Math.ceil(prompt.length / 4),
            outputTokens: Math.ceil(text.length / 4),
            cachedInputTokens: cache.read,
            cacheWriteInputTokens: cache.written,
          }),
  };
}
