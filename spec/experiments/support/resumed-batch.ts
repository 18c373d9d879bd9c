import type { PersonaConfig } from '../../../lib';

/** The six jobs of the batch that a test kills and resumes. */
export const RESUMED_BATCH: PersonaConfig[] = [1, 2, 1, 2, 1, 2].map((count, job) => ({ count, data: `Interview ${job}: "I export the weekly report by hand."` }));
