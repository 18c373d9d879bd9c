import { redactSecrets } from '../errors';

/** A failure in one line, scrubbed of every registered key whatever kind of error it is. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return redactSecrets(text.replace(/\s+/g, ' ').trim());
}

/** What the command line prints for a failure: `error: <message>`, or with `debug` the stack and every cause. */
export function errorText(error: unknown, debug: boolean): string {
  if (!debug || !(error instanceof Error)) return `error: ${errorMessage(error)}\n`;
  const lines: string[] = [];
  let current: unknown = error;
  while (current !== undefined) {
    const text = current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current);
    lines.push(`${lines.length ? 'Caused by: ' : ''}${redactSecrets(text)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return `${lines.join('\n')}\n`;
}
