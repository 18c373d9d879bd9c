import { z } from 'zod';
import { EvidenceSchema } from './evidence';

export const PersonaSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  title: z.string().optional(),
  demographics: z.record(z.string(), z.unknown()).default({}),
  goals: z.array(z.string()).default([]),
  painPoints: z.array(z.string()).default([]),
  behaviours: z.array(z.string()).default([]),
  quotes: z.array(z.string()).default([]),
  /** Fields the model produced that the schema does not name, kept rather than dropped. */
  additional: z.record(z.string(), z.unknown()).default({}),
  /** Each quote looked up in the research data, in quote order; dropped quotes stay here. */
  evidence: z.array(EvidenceSchema).default([]),
});

export type Persona = z.infer<typeof PersonaSchema>;
