import { verifyQuotes } from '../evidence/verify-quotes';
import type { Persona } from '../schemas/persona';
import { cutToCount } from './cut-to-count';
import type { DataDocument, ResolvedPersonaConfig } from '../schemas/config';

/** What a step after the whole-output parse may consult. */
export interface PersonaStepContext {
  config: ResolvedPersonaConfig;
  documents: readonly DataDocument[];
}

/** A pure transformation of a run's parsed personas, applied in order before the result is built. */
export type PersonaStep = (personas: Persona[], context: PersonaStepContext) => Persona[];

/** The steps every run's personas pass through after parsing, in order. */
// Cut first: later steps need not look at personas that will be dropped.
const PERSONA_STEPS: readonly PersonaStep[] = [cutToCount, verifyQuotes];

export function refinePersonas(personas: Persona[], context: PersonaStepContext): Persona[] {
  return PERSONA_STEPS.reduce((current, step) => step(current, context), personas);
}
