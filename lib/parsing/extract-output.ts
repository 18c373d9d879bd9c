const REASONING = /<reasoning>([\s\S]*?)<\/reasoning>/i;
// Greedy: the answer ends at the last closing tag or fence, as its own strings may hold either.
const OUTPUT = /<output>([\s\S]*)(?:<\/output>|$)/i;
const FENCE = /```(?:json)?\s*([\s\S]*)```/i;

export interface ExtractedOutput {
  reasoning?: string;
  /** The JSON text of the answer, from its first bracket to its last. */
  json?: string;
}

/**
 * The match of `pattern` when it opens before any JSON does: a tag or fence that only appears
 * inside the answer's strings is the answer's content, not its wrapper.
 */
function wrapper(pattern: RegExp, text: string): RegExpExecArray | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  const json = text.search(/[[{]/);
  return json < 0 || match.index < json ? match : undefined;
}

/** Finds the reasoning block and the JSON answer in `<output>` tags, a fence, or bare text. */
export function extractOutput(text: string): ExtractedOutput {
  const reasoningBlock = wrapper(REASONING, text);
  const reasoning = reasoningBlock?.[1]?.trim();
  const rest = reasoningBlock ? text.replace(REASONING, '') : text;
  const tagged = wrapper(OUTPUT, rest)?.[1] ?? rest;
  const body = wrapper(FENCE, tagged)?.[1] ?? tagged;
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
