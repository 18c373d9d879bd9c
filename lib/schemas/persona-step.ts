import type { DataDocument, ResolvedPersonaConfig } from './config';
import type { Persona } from './persona';

/** What a step after the whole-output parse may consult. */
export interface PersonaStepContext {
  config: ResolvedPersonaConfig;
  documents: readonly DataDocument[];
}

/** A pure transformation of a run's parsed personas, applied in order before the result is built. */
export type PersonaStep = (personas: Persona[], context: PersonaStepContext) => Persona[];
