import { MERGED_FROM } from './candidates';

/** What a chunk's request adds before the run's instructions: its data is one part of more. */
export function chunkInstructions(chunk: number, chunks: number): string {
  return (
    `The research data you were given is part ${chunk} of ${chunks} of a larger data set, too large for one request. ` +
    'The personas you create from it are candidates: they will be merged with the candidates of the other parts. ' +
    'Base them on this part alone, and copy every quote verbatim from it.'
  );
}

/**
 * What a consolidation request adds before the run's instructions: its data are candidate
 * personas, and each persona it returns names the candidates it merged.
 */
export function consolidationInstructions(structuredOutput: boolean): string {
  const where = structuredOutput
    ? `as an entry of "additional" with the key "${MERGED_FROM}" and, as its value, the refs as a JSON list`
    : `in a field "${MERGED_FROM}" holding the list of refs`;
  return (
    'The data you were given are candidate personas, one JSON object a line, each with its "ref", proposed from the parts of a research data set too large for one request. ' +
    'Merge them: combine the candidates that describe the same kind of user, keep the most distinct ones apart, and take the quotes verbatim from the candidates you merge (never write new ones). ' +
    `For each persona, name the refs of the candidates it merges, ${where}.`
  );
}
