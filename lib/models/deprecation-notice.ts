import { modelFacts } from './model-facts';

/**
 * One sentence when `model` is deprecated, for the run's first progress line and the estimate:
 * whether its announced end of life has passed (on `today`, YYYY-MM-DD), and what replaces it.
 */
export function deprecationNotice(provider: string, model: string, today: string): string | undefined {
  const { deprecated } = modelFacts(provider, model);
  if (!deprecated) return undefined;
  const { date, replacement } = deprecated;
  const when = date === undefined ? 'is deprecated' : date <= today ? `reached its announced end of life on ${date}` : `reaches its announced end of life on ${date}`;
  return `${provider} model ${model} ${when}${replacement ? `; use ${replacement}` : ''}`;
}
