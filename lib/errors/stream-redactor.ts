import { pendingSecretLength, redactSecrets } from './redact';

/**
 * Redacts secrets from text that arrives in pieces (a model's streamed answer), so that no
 * secret appears in any piece it returns nor in all of them joined, however a secret is split
 * across pieces. It holds back only the last characters that could still be the start of a
 * secret, until more text or the end shows what they are.
 */
export class StreamRedactor {
  private held = '';

  /** The text of `piece` (after what was held) that is safe to show now. */
  push(piece: string): string {
    const text = redactSecrets(this.held + piece);
    const hold = pendingSecretLength(text);
    this.held = text.slice(text.length - hold);
    return text.slice(0, text.length - hold);
  }

  /** What was held back, redacted, once the text has ended. */
  flush(): string {
    const rest = redactSecrets(this.held);
    this.held = '';
    return rest;
  }
}
