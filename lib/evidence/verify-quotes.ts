import type { PersonaStep } from '../schemas/persona-step';
import type { DataDocument } from '../schemas/config';
import { EvidenceIndex } from './evidence-index';
import { withEvidence } from './with-evidence';

/** One index per run: a run hands the same documents to every step, streamed personas included. */
const indexes = new WeakMap<readonly DataDocument[], EvidenceIndex>();

function indexFor(documents: readonly DataDocument[]): EvidenceIndex {
  let index = indexes.get(documents);
  if (!index) {
    index = new EvidenceIndex(documents);
    indexes.set(documents, index);
  }
  return index;
}

/** Looks each persona's quotes up in the research data the run sent, keeping or dropping the unverified ones. */
export const verifyQuotes: PersonaStep = (personas, { config, documents }) =>
  personas.map((persona) => withEvidence(persona, indexFor(documents), config.unverifiedQuotes));
