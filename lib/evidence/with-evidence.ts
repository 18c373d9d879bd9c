import type { Evidence, Quality, UnverifiedQuotes } from '../schemas/evidence';
import type { Persona } from '../schemas/persona';
import type { EvidenceIndex } from './evidence-index';

/**
 * The persona with each of its quotes looked up in the research data, in quote order. With
 * 'drop', quotes the data does not hold leave `quotes` but stay in `evidence`, unverified, so
 * that what the model claimed is still on record.
 */
export function withEvidence(persona: Persona, index: EvidenceIndex, unverifiedQuotes: UnverifiedQuotes): Persona {
  const evidence: Evidence[] = persona.quotes.map((quote) => index.locate(quote));
  const quotes = unverifiedQuotes === 'drop' ? persona.quotes.filter((_, position) => evidence[position].verified) : persona.quotes;
  return { ...persona, quotes, evidence };
}

/** How many of the personas' quotes were looked up, and how many were found. */
export function qualityOf(personas: readonly Persona[]): Quality {
  const evidence = personas.flatMap((persona) => persona.evidence);
  return { quotesTotal: evidence.length, quotesVerified: evidence.filter((entry) => entry.verified).length };
}
