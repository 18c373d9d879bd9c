/**
 * Secrets the library was handed (API keys) are registered here so that every error message,
 * provider message echoed back to us, and serialised form can be scrubbed in one place.
 * Registration is global on purpose: a key given to any generator must never leak through any
 * other path either, and the set only ever holds strings the caller already trusted us with.
 */
const secrets = new Set<string>();

const MIN_SECRET_LENGTH = 6;
export const REDACTED = '[redacted]';

export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= MIN_SECRET_LENGTH) secrets.add(secret);
}

export function redactSecrets(text: string): string {
  let clean = text;
  for (const secret of secrets) clean = clean.split(secret).join(REDACTED);
  return clean;
}
