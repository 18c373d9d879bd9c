/**
 * Headers known to carry nothing secret. Every other custom header is treated as a credential
 * (proxy tokens, `api-key`, `authorization`, `x-goog-api-key`…): a safe default, as the library
 * cannot know what a proxy names its token.
 */
const PUBLIC_HEADERS = new Set([
  'accept',
  'accept-language',
  'anthropic-beta',
  'anthropic-dangerous-direct-browser-access',
  'anthropic-version',
  'content-type',
  'http-referer',
  'openai-beta',
  'user-agent',
  'x-title',
]);

/**
 * The secret values among custom headers: each value, and for `<scheme> <credential>` values
 * (`Bearer sk-…`) the credential alone, since servers often echo only that part.
 */
export function headerSecrets(headers: Readonly<Record<string, string>>): string[] {
  return Object.entries(headers)
    .filter(([name]) => !PUBLIC_HEADERS.has(name.toLowerCase()))
    .flatMap(([, value]) => {
      const credential = /^\S+\s+(\S+)$/.exec(value.trim())?.[1];
      return credential ? [value, credential] : [value];
    });
}
