import { ParseError } from '../errors';

/** The answer stopped at the token limit, so it is cut short: only a larger `maxTokens` helps, never a retry. */
export function tokenLimitError(provider: string, maxTokens: number): ParseError {
  return new ParseError(
    `The ${provider} answer hit the token limit (maxTokens: ${maxTokens}) before it was complete; raise maxTokens in the config`,
    '',
  );
}
