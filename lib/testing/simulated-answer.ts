import { instructionsOf, researchDataOf, type Participant } from './simulated-participants';

/** Names for personas when the data names no one: a stand-in's, and it says so in its reasoning. */
const NAMES = [
  ['Maya Chen', 'Operations lead'],
  ['Daniel Okafor', 'Freelance designer'],
  ['Priya Raman', 'Product manager'],
  ['Tom Becker', 'Small-business owner'],
  ['Lucía Fernández', 'Customer support agent'],
  ['Sam Whitfield', 'Graduate student'],
] as const;

const GOAL_WORDS = /\b(want|need|wish|hope|goal|would love|trying to|prefer)/i;
const PAIN_WORDS = /\b(frustrat|hate|annoy|slow|hard|difficult|confus|waste|never|can't|cannot|problem|lost|worst|lose)/i;
/** What participants said in their own words: quoted spans, or a statement in the first person. */
const QUOTED = /["“]([^"”]{12,})["”]/g;
const FIRST_PERSON = /^(?:I|I'm|I’m|I've|I’ve|We|My|Our)\b/;

interface SimulatedPersona {
  id: string;
  name: string;
  title: string;
  demographics: Record<string, string>;
  goals: string[];
  painPoints: string[];
  behaviours: string[];
  quotes: string[];
}

interface SimulatedPersonas {
  reasoning: string;
  personas: SimulatedPersona[];
}

/** A role as a title: its first clause, capitalised ("operations lead at a firm" → "Operations lead"). */
function titleOf(role: string): string {
  const first = role.split(/\s+(?:at|in|for|with|from)\s+|,/)[0].trim();
  return first.charAt(0).toUpperCase() + first.slice(1);
}

/**
 * One persona from the statements of some participants: each statement lands in one list only
 * (pain first, then goal, else behaviour), quotes are the participants' words copied verbatim
 * (quoted spans, else statements in the first person), so that every quote verifies.
 */
function personaOf(index: number, group: readonly Participant[]): SimulatedPersona {
  const [lead] = group;
  const statements = group.flatMap((person) => person.statements);
  const quoted = statements.flatMap((statement) => Array.from(statement.matchAll(QUOTED), (match) => match[1]));
  const quotes = (quoted.length ? quoted : statements.filter((statement) => FIRST_PERSON.test(statement))).slice(0, 2);
  // A statement that is nothing but a quote is told as a quote, not repeated as a goal or pain.
  const rest = statements.filter((statement) => !quotes.includes(statement) && !quotes.some((quote) => statement.replace(/^["“]|["”]$/g, '') === quote));
  const painPoints = rest.filter((statement) => PAIN_WORDS.test(statement));
  const goals = rest.filter((statement) => !painPoints.includes(statement) && GOAL_WORDS.test(statement));
  const behaviours = rest.filter((statement) => !painPoints.includes(statement) && !goals.includes(statement));
  const role = group.map((person) => person.role).find(Boolean);
  const age = group.map((person) => person.age).find(Boolean);
  return {
    id: `persona-${index + 1}`,
    name: lead.name,
    title: role ? titleOf(role) : 'Research participant',
    demographics: { ...(role ? { occupation: role } : {}), ...(age ? { age } : {}) },
    goals: goals.slice(0, 3),
    painPoints: painPoints.slice(0, 3),
    behaviours: behaviours.slice(0, 3),
    quotes,
  };
}

/** The canned personas of data that names no one: its lines spread over the lists. */
function unnamedPersona(index: number, lines: readonly string[]): SimulatedPersona {
  const [name, title] = NAMES[index % NAMES.length];
  const pick = (from: readonly string[], offset: number): string[] =>
    from.length === 0 ? [] : Array.from({ length: Math.min(2, from.length) }, (_, at) => from[(index * 2 + offset + at) % from.length]);
  const goals = lines.filter((line) => GOAL_WORDS.test(line));
  const pains = lines.filter((line) => PAIN_WORDS.test(line));
  const quoted = lines.flatMap((line) => Array.from(line.matchAll(QUOTED), (match) => match[1]));
  return {
    id: `persona-${index + 1}`,
    name: index < NAMES.length ? name : `${name} ${Math.floor(index / NAMES.length) + 1}`,
    title,
    demographics: { occupation: title },
    goals: pick(goals.length ? goals : lines, 0),
    painPoints: pick(pains.length ? pains : lines, 0),
    behaviours: pick(lines, 2),
    quotes: pick(quoted.length ? quoted : lines, 0).slice(0, 1),
  };
}

/**
 * Personas built from the prompt's own research data, deterministically: one per participant the
 * data names (participants beyond `count` join the persona of the same position, round robin),
 * with the role and age the data gives them; canned names only when the data names no one.
 */
function simulatedPersonas(prompt: string): SimulatedPersonas {
  const count = Number(/exactly (\d+)/i.exec(instructionsOf(prompt))?.[1] ?? 3);
  const { participants, unattributed } = researchDataOf(prompt);
  const groups = Array.from({ length: Math.min(count, participants.length) }, (_, index) =>
    participants.filter((_, at) => at % count === index),
  );
  const personas = Array.from({ length: count }, (_, index) =>
    index < groups.length ? personaOf(index, groups[index]) : unnamedPersona(index, [...unattributed, ...participants.flatMap((person) => person.statements)]),
  );
  const statements = unattributed.length + participants.reduce((sum, person) => sum + person.statements.length, 0);
  const reasoning = participants.length
    ? `A simulated stand-in, not a model: one persona per participant the data names (${participants.map((person) => person.name).join(', ')}), their statements sorted by keywords into goals, pain points and behaviours, and their own words as quotes.`
    : `A simulated stand-in, not a model: the data names no participant, so ${count} stand-in personas share its ${statements} statements, sorted by keywords into goals, pain points and behaviours.`;
  return {
    reasoning,
    personas,
  };
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
    ...(withReasoning ? { reasoning: NO_REASONING.test(instructionsOf(prompt)) ? null : reasoning } : {}),
    personas: personas.map((persona) => ({ ...persona, demographics: pairs(persona.demographics), additional: [] })),
  });
}
