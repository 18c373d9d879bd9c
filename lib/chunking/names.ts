/** The name of the `part`-th of `parts` parts of a document cut to fit a chunk. */
export function partName(name: string, part: number, parts: number): string {
  return `${name} (part ${part} of ${parts})`;
}

/** The name under which a chunk's candidate personas are fenced for consolidation (1-based). */
export function candidateSetName(chunk: number): string {
  return `candidates from chunk ${chunk}`;
}

/** The name under which a consolidation group's personas are fenced for the next level (1-based). */
export function groupSetName(group: number): string {
  return `candidates from group ${group}`;
}
