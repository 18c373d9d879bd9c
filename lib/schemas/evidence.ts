import { z } from 'zod';

/** Where one of a persona's quotes was found in the research data that was sent, if anywhere. */
export const EvidenceSchema = z.object({
  /** The quote in the model's wording. */
  quote: z.string(),
  /** The name of the first document, in data order, that holds the quote. */
  source: z.string().optional(),
  /** The 1-based line of that document where the match starts. */
  line: z.number().int().positive().optional(),
  verified: z.boolean(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** How many of a run's quotes were found in its research data. */
export const QualitySchema = z.object({
  quotesTotal: z.number().int().nonnegative(),
  quotesVerified: z.number().int().nonnegative(),
});
export type Quality = z.infer<typeof QualitySchema>;

/** What to do with a quote that is not in the research data: keep it in `persona.quotes`, or drop it. */
export const UnverifiedQuotesSchema = z.enum(['keep', 'drop']);
export type UnverifiedQuotes = z.infer<typeof UnverifiedQuotesSchema>;
