import Mustache from 'mustache';
import { ConfigurationError } from '../errors';
import type { DataDocument, ResolvedPersonaConfig } from '../schemas/config';
import { derivedBoundaries, fenceDocuments, fenceNotice, fenceSecret, type BoundaryDraw } from './fence';
import { BUILT_IN_TEMPLATES, COMPLEXITY_GUIDANCE, DATA_REFERENCE, DETAIL_GUIDANCE, SYSTEM_PROMPT } from './templates';

/** The part of a prompt that every run of a generator over the same documents shares, byte for byte. */
export interface SharedPrefix {
  /** The system message: the system prompt, the fence notice, then the fenced research data. */
  system: string;
  /** The boundary fencing the research data: derived from the generator's secret and the data. */
  boundary: string;
}

/** A rendered prompt: the shared prefix (`system`) and the per-run instructions (`prompt`, the user message). */
export interface RenderedPrompt extends SharedPrefix {
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

/**
 * The system message over `documents`: it names nothing of any one run (count, detail, template),
 * so the providers can cache it once and serve it to every run over the same data.
 */
export function fencedSystem(documents: readonly DataDocument[], boundaries: BoundaryDraw): SharedPrefix {
  const fenced = fenceDocuments(documents, boundaries);
  return { system: `${SYSTEM_PROMPT} ${fenceNotice(fenced.boundary)}\n\nResearch data:\n\n${fenced.text}`, boundary: fenced.boundary };
}

/**
 * The user message: this config's instructions. With `structuredOutput`, the answer's shape comes
 * from the provider's schema mode, so the instructions do not spell out tags and JSON.
 */
export function renderInstructions(config: ResolvedPersonaConfig, documents: readonly DataDocument[], structuredOutput = false): string {
  const view = {
    count: config.count,
    complexity: config.complexity,
    complexityGuidance: COMPLEXITY_GUIDANCE[config.complexity],
    detailLevel: config.detailLevel,
    detailGuidance: DETAIL_GUIDANCE[config.detailLevel],
    includeReasoning: config.includeReasoning,
    structuredOutput,
    documents,
    data: DATA_REFERENCE,
  };
  const text = templateText(config.template);
  try {
    // Prompts are plain text: HTML escaping would mangle quotes in the research data.
    return Mustache.render(text, view, {}, { escape: (value: string) => value });
  } catch (error) {
    throw new ConfigurationError(`Template could not be rendered: ${(error as Error).message}`, [
      { path: 'template', message: 'invalid template syntax' },
    ]);
  }
}

/**
 * The prompt for `config` over `documents`: the fenced data in the shared prefix, the instructions
 * after it. The boundary comes from `secret` and the data, so a generator passes its own secret to
 * keep the prefix identical across its runs; without one, a fresh secret makes a one-off boundary.
 */
export function renderPrompt(
  config: ResolvedPersonaConfig,
  documents: readonly DataDocument[],
  structuredOutput = false,
  secret: Uint8Array = fenceSecret(),
): RenderedPrompt {
  const prompt = renderInstructions(config, documents, structuredOutput);
  return { ...fencedSystem(documents, derivedBoundaries(secret, documents)), prompt };
}
