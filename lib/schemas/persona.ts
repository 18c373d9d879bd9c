import { z } from 'zod';

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
});

export type Persona = z.infer<typeof PersonaSchema>;
