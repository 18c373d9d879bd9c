const NAMES = [
  ['Maya Chen', 'Operations lead'],
  ['Daniel Okafor', 'Freelance designer'],
  ['Priya Raman', 'Product manager'],
  ['Tom Becker', 'Small-business owner'],
  ['Lucía Fernández', 'Customer support agent'],
  ['Sam Whitfield', 'Graduate student'],
] as const;

const GOAL_WORDS = /\b(want|need|wish|hope|goal|would love|trying to|prefer)/i;
const PAIN_WORDS = /\b(frustrat|hate|annoy|slow|hard|difficult|confus|waste|never|can't|cannot|problem|lost)/i;

const OPEN_MARKER = /^<<<research-data (\S+) name=/;
const CLOSE_MARKER = /^<<<end-research-data \S+>>>$/;

/** The lines of a prompt without fence markers that follow its "Research data" heading, or every line. */
function unfencedLines(prompt: string): string[] {
  const start = prompt.search(/research data:/i);
  return start >= 0 ? prompt.slice(start).split('\n').slice(1) : prompt.split('\n');
}

/** The lines between a prompt's fence markers (its first boundary's); in a prompt without them, its data section. */
function fencedLines(prompt: string): string[] {
  const lines = prompt.split('\n');
  const boundary = lines.map((line) => OPEN_MARKER.exec(line)?.[1]).find((found) => found !== undefined);
  if (boundary === undefined) return unfencedLines(prompt);
  const open = `<<<research-data ${boundary} name=`;
  const close = `<<<end-research-data ${boundary}>>>`;
  let inside = false;
  return lines.filter((line) => {
    if (line.startsWith(open) || line === close) {
      inside = line !== close;
      return false;
    }
    return inside;
  });
}

/** The instructions of a prompt: what follows its last fence, where the per-run request is. */
function instructions(prompt: string): string {
  const lines = prompt.split('\n');
  const last = lines.map((line) => CLOSE_MARKER.test(line)).lastIndexOf(true);
  return lines.slice(last + 1).join('\n');
}

/** The research data lines of a prompt: the statements between its fence markers. */
function evidence(prompt: string): string[] {
  return fencedLines(prompt)
    .map((line) => line.replace(/^[\s>*-]+|^\w[\w ]{0,20}:\s*/, '').trim())
    .filter((line) => line.length >= 12 && !line.startsWith('<<<') && !line.startsWith('#'));
}

/** What participants said in their own words: the quoted spans of the evidence. */
function quotations(lines: string[]): string[] {
  return lines.flatMap((line) => Array.from(line.matchAll(/["“]([^"”]{12,})["”]/g), (match) => match[1]));
}

function pick(lines: string[], index: number, count: number): string[] {
  if (lines.length === 0) return [];
  return Array.from({ length: Math.min(count, lines.length) }, (_, offset) => lines[(index * count + offset) % lines.length]);
}

interface SimulatedPersonas {
  reasoning: string;
  personas: {
    id: string;
    name: string;
    title: string;
    demographics: Record<string, string>;
    goals: string[];
    painPoints: string[];
    behaviours: string[];
    quotes: string[];
  }[];
}

/** Personas built from the prompt's own research data, deterministically. */
function simulatedPersonas(prompt: string): SimulatedPersonas {
  const count = Number(/exactly (\d+)/i.exec(instructions(prompt))?.[1] ?? 3);
  const lines = evidence(prompt);
  const goals = lines.filter((line) => GOAL_WORDS.test(line));
  const pains = lines.filter((line) => PAIN_WORDS.test(line));
  const quotes = quotations(lines);
  const personas = Array.from({ length: count }, (_, index) => {
    const [name, title] = NAMES[index % NAMES.length];
    return {
      id: `persona-${index + 1}`,
      name: index < NAMES.length ? name : `${name} ${Math.floor(index / NAMES.length) + 1}`,
      title,
      demographics: { age_range: `${25 + ((index * 7) % 30)}-${34 + ((index * 7) % 30)}`, occupation: title },
      goals: pick(goals.length ? goals : lines, index, 2),
      painPoints: pick(pains.length ? pains : lines, index, 2),
      behaviours: pick(lines, index + 1, 2),
      quotes: pick(quotes.length ? quotes : lines, index, 1),
    };
  });
  return { reasoning: `Grouped ${lines.length} research statements into ${count} clusters by goal and frustration.`, personas };
}

/**
 * A deterministic stand-in for a model: personas built from the prompt's own research data, in
 * the shape the default template asks for (reasoning first when asked, JSON in <output> tags).
 */
export function simulatedAnswer(prompt: string): string {
  const { reasoning, personas } = simulatedPersonas(prompt);
  const reasoningBlock = /<reasoning>/i.test(prompt) ? `<reasoning>\n${reasoning}\n</reasoning>\n` : '';
  return `${reasoningBlock}<output>\n${JSON.stringify({ personas }, null, 2)}\n</output>`;
}

/** What the built-in template says in schema mode when it does not ask for reasoning. */
const NO_REASONING = /"reasoning" null/;

/**
 * The same personas as a provider's JSON-schema mode returns them: bare JSON in the strict shape
 * (key/value pairs for open records), with a reasoning field when the schema has one: the
 * reasoning itself, or null when the prompt says so.
 */
export function simulatedStructuredAnswer(prompt: string, withReasoning: boolean): string {
  const { reasoning, personas } = simulatedPersonas(prompt);
  const pairs = (record: Record<string, string>) => Object.entries(record).map(([key, value]) => ({ key, value }));
  return JSON.stringify({
    ...(withReasoning ? { reasoning: NO_REASONING.test(instructions(prompt)) ? null : reasoning } : {}),
    personas: personas.map((persona) => ({ ...persona, demographics: pairs(persona.demographics), additional: [] })),
  });
}
