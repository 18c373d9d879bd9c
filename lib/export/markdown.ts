import { formatUsd } from '../cost/format-usd';
import type { Evidence } from '../schemas/evidence';
import type { Persona } from '../schemas/persona';
import type { GenerationResult } from '../schemas/result';
import { markdownText } from './markdown-text';

/** Model text on one line, inert: a line break would break a list item or heading, HTML or a link would run. */
function inline(text: string): string {
  return markdownText(text.replace(/\s+/g, ' ').trim());
}

/** `age_range` and `ageRange` both read "Age range". */
function label(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return inline(words.charAt(0).toUpperCase() + words.slice(1));
}

function valueText(value: unknown): string {
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (value !== null && typeof value === 'object') return inline(JSON.stringify(value));
  return inline(String(value));
}

function fields(heading: string, record: Record<string, unknown>): string[] {
  const entries = Object.entries(record);
  if (entries.length === 0) return [];
  return [heading, '', ...entries.map(([key, value]) => `- **${label(key)}:** ${valueText(value)}`), ''];
}

function list(heading: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  return [heading, '', ...items.map((item) => `- ${inline(item)}`), ''];
}

function quoteLine(quote: string): string {
  return `> “${inline(quote).replace(/^["“]|["”]$/g, '')}”`;
}

function whereFound(entry: Evidence): string {
  return entry.verified ? `> — verified: ${inline(entry.source ?? '')}, line ${entry.line}` : '> — unverified: not found in the research data';
}

/**
 * Each quote its own block quote, in typographic quotes whether or not the model added any, and
 * where it was found in the research data (dropped quotes too, marked unverified).
 */
function quotes(heading: string, persona: Persona): string[] {
  const blocks = persona.evidence.length
    ? persona.evidence.map((entry) => [quoteLine(entry.quote), '>', whereFound(entry), ''])
    : persona.quotes.map((quote) => [quoteLine(quote), '']);
  return blocks.length ? [heading, '', ...blocks.flat()] : [];
}

function personaLines(persona: Persona, level: number): string[] {
  const title = '#'.repeat(level);
  const section = '#'.repeat(level + 1);
  return [
    `${title} ${inline(persona.name)}`,
    '',
    ...(persona.title ? [`*${inline(persona.title)}*`, ''] : []),
    ...fields(`${section} Demographics`, persona.demographics),
    ...list(`${section} Goals`, persona.goals),
    ...list(`${section} Pain points`, persona.painPoints),
    ...list(`${section} Behaviours`, persona.behaviours),
    ...quotes(`${section} Quotes`, persona),
    ...fields(`${section} More`, persona.additional),
  ];
}

function document(lines: string[]): string {
  return `${lines.join('\n').trimEnd()}\n`;
}

/** One persona as a Markdown page: name, title, demographics, goals, pain points, behaviours, quotes. */
export function personaToMarkdown(persona: Persona): string {
  return document(personaLines(persona, 1));
}

/** A whole run for people who read personas rather than code: a summary, the reasoning, every persona. */
export function resultToMarkdown(result: GenerationResult): string {
  const { usage } = result;
  const summary = [
    `- **Run:** ${result.runId}`,
    `- **Model:** ${inline(`${result.provider} / ${result.model}`)}`,
    `- **Finished:** ${result.finishedAt} (${(result.durationMs / 1000).toFixed(1)} s, ${result.attempts} attempt(s))`,
    `- **Tokens:** ${usage.inputTokens} in, ${usage.outputTokens} out${usage.estimated ? ' (estimated)' : ''}`,
    `- **Quotes verified:** ${result.quality.quotesVerified}/${result.quality.quotesTotal} found in the research data`,
    ...(result.costUsd === undefined ? [] : [`- **Cost:** ${formatUsd(result.costUsd)}`]),
    ...(result.sourceFiles.length ? [`- **Sources:** ${result.sourceFiles.map(inline).join(', ')}`] : []),
  ];
  return document([
    `# ${result.personas.length} persona(s)`,
    '',
    ...summary,
    '',
    ...(result.reasoning ? ['## Reasoning', '', markdownText(result.reasoning.trim()), ''] : []),
    ...result.personas.flatMap((persona) => personaLines(persona, 2)),
  ]);
}
