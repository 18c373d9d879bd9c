import type { z } from 'zod';
import { ProviderError } from '../errors';

/** A provider's batch answer checked against what the protocol promises; anything else is malformed. */
export function decodeAnswer<S extends z.ZodType>(schema: S, answer: unknown, provider: string, what: string): z.output<S> {
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  throw new ProviderError(`${provider} sent a malformed ${what}`, { provider, retryable: false });
}

/**
 * The JSON values of a JSONL text. A line that is not JSON is skipped: it cannot be told apart
 * from another, and the job it belonged to ends as one without a result.
 */
export function jsonLines(text: string): unknown[] {
  return text.split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch {
      return [];
    }
  });
}
