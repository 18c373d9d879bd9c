import { types } from 'node:util';
import { redactSecrets } from '../errors';

// isNativeError also knows errors made in another realm (a vm context, a test sandbox), which
// `instanceof Error` does not; instanceof knows the library's own Error subclasses.
const isError = (value: unknown): value is Error => value instanceof Error || types.isNativeError(value);

/** A failure in one line, scrubbed of every registered key whatever kind of error it is. */
export function errorMessage(error: unknown): string {
  const text = isError(error) ? error.message || error.name : String(error);
  return redactSecrets(text.replace(/\s+/g, ' ').trim());
}

/** What the command line prints for a failure: `error: <message>`, or with `debug` the stack and every cause. */
export function errorText(error: unknown, debug: boolean): string {
  if (!debug || !isError(error)) return `error: ${errorMessage(error)}\n`;
  const lines: string[] = [];
  let current: unknown = error;
  while (current !== undefined) {
    const text = isError(current) ? (current.stack ?? `${current.name}: ${current.message}`) : String(current);
    lines.push(`${lines.length ? 'Caused by: ' : ''}${redactSecrets(text)}`);
    current = isError(current) ? current.cause : undefined;
  }
  return `${lines.join('\n')}\n`;
}
