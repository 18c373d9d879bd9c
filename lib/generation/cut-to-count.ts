import type { PersonaStep } from '../schemas/persona-step';

/** A model that answers with more personas than asked gets the first `count` kept, the rest dropped. */
export const cutToCount: PersonaStep = (personas, { config }) => (personas.length > config.count ? personas.slice(0, config.count) : personas);
