import { verifyQuotes } from '../evidence/verify-quotes';
import type { Persona } from '../schemas/persona';
import type { PersonaStep, PersonaStepContext } from '../schemas/persona-step';
import { cutToCount } from './cut-to-count';

/** The steps every run's personas pass through after parsing, in order. */
// Cut first: later steps need not look at personas that will be dropped.
const PERSONA_STEPS: readonly PersonaStep[] = [cutToCount, verifyQuotes];

export function refinePersonas(personas: Persona[], context: PersonaStepContext): Persona[] {
  return PERSONA_STEPS.reduce((current, step) => step(current, context), personas);
}
