/** A ```ts block of a Markdown document. */
export interface CodeBlock {
  /** 1-based line of the opening fence, to name the block in a failure. */
  line: number;
  code: string;
  /**
   * What the block's first line says the README spec must leave out, and why: `run` (compiled
   * only: it needs a browser, say) or `compile` (it needs a framework the repository does not
   * install). The marker is a comment readers see too.
   */
  skip?: { step: 'run' | 'compile'; reason: string };
}

const FENCE = /^```ts\n([^]*?)^```$/gm;
const SKIP_MARKER = /^\/\/ Not (run|compiled) by the README spec: (.+)$/;

export function typeScriptBlocks(markdown: string): CodeBlock[] {
  return [...markdown.matchAll(FENCE)].map((match) => {
    const code = match[1];
    const marker = SKIP_MARKER.exec(code.split('\n')[0]);
    return {
      line: markdown.slice(0, match.index).split('\n').length,
      code,
      ...(marker ? { skip: { step: marker[1] === 'run' ? 'run' : 'compile', reason: marker[2] } } : {}),
    };
  });
}
