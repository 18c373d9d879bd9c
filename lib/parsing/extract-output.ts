const REASONING = /<reasoning>([\s\S]*?)<\/reasoning>/i;
const OUTPUT = /<output>([\s\S]*?)(?:<\/output>|$)/i;
const FENCE = /```(?:json)?\s*([\s\S]*?)```/i;

export interface ExtractedOutput {
  reasoning?: string;
  /** The JSON text of the answer, from its first bracket to its last. */
  json?: string;
}

/** Finds the reasoning block and the JSON answer in `<output>` tags, a fence, or bare text. */
export function extractOutput(text: string): ExtractedOutput {
  const reasoning = REASONING.exec(text)?.[1]?.trim();
  const rest = text.replace(REASONING, '');
  const tagged = OUTPUT.exec(rest)?.[1] ?? rest;
  const body = FENCE.exec(tagged)?.[1] ?? tagged;
  const start = body.search(/[[{]/);
  if (start < 0) return { reasoning };
  const close = body[start] === '{' ? '}' : ']';
  const end = body.lastIndexOf(close);
  return { reasoning, json: end > start ? body.slice(start, end + 1) : undefined };
}

/** Where the JSON answer starts in text that is still arriving, once that is known. */
export function answerStart(text: string): number | undefined {
  let from = 0;
  const open = text.search(/<reasoning>/i);
  if (open >= 0) {
    const close = text.slice(open).search(/<\/reasoning>/i);
    if (close < 0) return undefined;
    from = open + close;
  }
  const start = text.slice(from).search(/[[{]/);
  return start < 0 ? undefined : from + start;
}
