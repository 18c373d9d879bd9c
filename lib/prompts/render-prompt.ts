import Mustache from 'mustache';
import { ConfigurationError } from '../errors';
import type { DataDocument, ResolvedPersonaConfig } from '../schemas/config';
import { BUILT_IN_TEMPLATES, COMPLEXITY_GUIDANCE, DETAIL_GUIDANCE, SYSTEM_PROMPT } from './templates';

export interface RenderedPrompt {
  system: string;
  prompt: string;
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

function formatDocuments(documents: readonly DataDocument[]): string {
  return documents.map((document) => `=== ${document.name} ===\n${document.content.trim()}`).join('\n\n');
}

/**
 * The prompt for `config` over `documents`. With `structuredOutput`, the answer's shape comes from
 * the provider's schema mode, so the prompt does not spell out tags and JSON.
 */
export function renderPrompt(config: ResolvedPersonaConfig, documents: readonly DataDocument[], structuredOutput = false): RenderedPrompt {
  const text = templateText(config.template);
  const view = {
    count: config.count,
    complexity: config.complexity,
    complexityGuidance: COMPLEXITY_GUIDANCE[config.complexity],
    detailLevel: config.detailLevel,
    detailGuidance: DETAIL_GUIDANCE[config.detailLevel],
    includeReasoning: config.includeReasoning,
    structuredOutput,
    documents,
    data: formatDocuments(documents),
  };
  try {
    // Prompts are plain text: HTML escaping would mangle quotes in the research data.
    return { system: SYSTEM_PROMPT, prompt: Mustache.render(text, view, {}, { escape: (value: string) => value }) };
  } catch (error) {
    throw new ConfigurationError(`Template could not be rendered: ${(error as Error).message}`, [
      { path: 'template', message: 'invalid template syntax' },
    ]);
  }
}
