/**
 * Every secret the library was handed (API keys, credential headers) is scrubbed from every error
 * message, provider message echoed back, event and saved model text, in one place. Redaction is
 * global on purpose: a key given to one generator must never leak through any other path either.
 *
 * The registry is bounded by what is alive: a generator registers its secrets as a SecretScope it
 * holds, and the registry keeps only a weak reference to it. A server that makes one generator per
 * tenant key forgets each key once that generator is collected, so redaction costs what the live
 * generators hold, not every key ever seen.
 */
export const REDACTED = '[redacted]';

/**
 * Shorter secrets could be ordinary words or numbers ("1234", "test"): they are redacted where
 * they stand as a whole token, never inside a longer word. Longer ones are redacted anywhere.
 */
export const MIN_SUBSTRING_SECRET_LENGTH = 8;

const TOKEN_CHARACTER = 'A-Za-z0-9_\\-';

/** A handle on secrets registered for as long as it is reachable. It shows nothing of them. */
export class SecretScope {
  toJSON(): Record<string, never> {
    return {};
  }
}

const secretsOf = new WeakMap<SecretScope, readonly string[]>();
const permanent = new Set<string>();
const scopes = new Set<WeakRef<SecretScope>>();
let cachedPattern: RegExp | null | undefined;

/**
 * Registers the secrets in `values` while the returned scope is reachable: keep it beside what
 * uses the secrets (the library keeps it inside the generator).
 */
export function registerSecrets(values: Iterable<string | undefined>): SecretScope {
  const scope = new SecretScope();
  const secrets = [...new Set([...values].filter((value): value is string => Boolean(value?.trim())))];
  secretsOf.set(scope, secrets);
  if (secrets.length > 0) {
    forgetCollectedScopes();
    scopes.add(new WeakRef(scope));
    cachedPattern = undefined;
  }
  return scope;
}

/** Registers one secret for the life of the process (for secrets the caller handles itself). */
export function registerSecret(secret: string | undefined): void {
  if (!secret?.trim() || permanent.has(secret)) return;
  permanent.add(secret);
  cachedPattern = undefined;
}

/** How many characters at the end of `text` could be the start of a live secret: what a stream must hold back. */
export function pendingSecretLength(text: string): number {
  let longest = 0;
  for (const secret of liveSecrets()) {
    for (let length = Math.min(secret.length - 1, text.length); length > longest; length -= 1) {
      if (text.endsWith(secret.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}

/** How many distinct secrets redaction currently looks for. */
export function registeredSecretCount(): number {
  return liveSecrets().size;
}

/** Drops the scopes whose holders are gone; the cached pattern goes with them. */
function forgetCollectedScopes(): void {
  for (const reference of scopes) {
    if (reference.deref()) continue;
    scopes.delete(reference);
    cachedPattern = undefined;
  }
}

function liveSecrets(): Set<string> {
  forgetCollectedScopes();
  const live = new Set(permanent);
  for (const reference of scopes) for (const secret of secretsOf.get(reference.deref() as SecretScope) ?? []) live.add(secret);
  return live;
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function alternativeFor(secret: string): string {
  const literal = escapeForPattern(secret);
  return secret.length >= MIN_SUBSTRING_SECRET_LENGTH ? literal : `(?<![${TOKEN_CHARACTER}])${literal}(?![${TOKEN_CHARACTER}])`;
}

/** One pattern for every live secret, longest first so that a secret holding another goes whole. */
function secretPattern(): RegExp | null {
  forgetCollectedScopes();
  if (cachedPattern !== undefined) return cachedPattern;
  const secrets = [...liveSecrets()].sort((a, b) => b.length - a.length);
  cachedPattern = secrets.length ? new RegExp(secrets.map(alternativeFor).join('|'), 'g') : null;
  return cachedPattern;
}

/** `text` with every registered secret replaced by `[redacted]`: for errors, events and model text. */
export function redactSecrets(text: string): string {
  const pattern = secretPattern();
  return pattern ? text.replace(pattern, REDACTED) : text;
}
