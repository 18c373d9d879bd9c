import Mustache from 'mustache';
import { ConfigurationError } from '../errors';
import type { DataDocument, ResolvedPersonaConfig } from '../schemas/config';
import { fenceDocuments, fenceNotice } from './fence';
import { BUILT_IN_TEMPLATES, COMPLEXITY_GUIDANCE, DETAIL_GUIDANCE, SYSTEM_PROMPT } from './templates';

export interface RenderedPrompt {
  system: string;
  prompt: string;
  /** The random boundary fencing this prompt's research data. */
  boundary: string;
}

/** Template text is told from a built-in name by having a tag or a line break in it. */
function templateText(template: string | undefined): string {
  const name = template ?? 'default';
  const builtIn = BUILT_IN_TEMPLATES[name];
  if (builtIn) return builtIn;
  if (name.includes('{{') || name.includes('\n')) return name;
  throw new ConfigurationError(
    `Unknown template '${name}': use one of ${Object.keys(BUILT_IN_TEMPLATES).join(', ')} or template text`,
    [{ path: 'template', message: 'unknown built-in template' }],
  );
}

/**
 * The prompt for `config` over `documents`, the data fenced with a boundary fresh for this call.
 * With `structuredOutput`, the answer's shape comes from the provider's schema mode, so the prompt
 * does not spell out tags and JSON.
 */
export function renderPrompt(
  config: ResolvedPersonaConfig,
  documents: readonly DataDocument[],
  structuredOutput = false,
  nextBoundary?: () => string,
): RenderedPrompt {
  const text = templateText(config.template);
  const fenced = fenceDocuments(documents, nextBoundary);
  const view = {
    count: config.count,
    complexity: config.complexity,
    complexityGuidance: COMPLEXITY_GUIDANCE[config.complexity],
    detailLevel: config.detailLevel,
    detailGuidance: DETAIL_GUIDANCE[config.detailLevel],
    includeReasoning: config.includeReasoning,
    structuredOutput,
    documents,
    data: fenced.text,
  };
  try {
    // Prompts are plain text: HTML escaping would mangle quotes in the research data.
    const prompt = Mustache.render(text, view, {}, { escape: (value: string) => value });
    return { system: `${SYSTEM_PROMPT} ${fenceNotice(fenced.boundary)}`, prompt, boundary: fenced.boundary };
  } catch (error) {
    throw new ConfigurationError(`Template could not be rendered: ${(error as Error).message}`, [
      { path: 'template', message: 'invalid template syntax' },
    ]);
  }
}
