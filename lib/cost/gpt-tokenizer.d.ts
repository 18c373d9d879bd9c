// gpt-tokenizer publishes one entry point per encoding through package.json `exports` only, which
// the project's `moduleResolution: node` cannot see; this declares the one function used from them.
declare module 'gpt-tokenizer/encoding/*' {
  export function countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
}
