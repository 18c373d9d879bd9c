import type { Persona } from '../schemas/persona';

type ListField = 'goals' | 'painPoints' | 'behaviours' | 'quotes';

/** The spellings models use for each field, the canonical one first. */
const LIST_ALIASES: Record<ListField, readonly string[]> = {
  goals: ['goals'],
  painPoints: ['painPoints', 'pain_points', 'painpoints', 'pain-points', 'frustrations'],
  behaviours: ['behaviours', 'behaviors', 'behaviour', 'behavior'],
  quotes: ['quotes', 'key_quotes', 'keyQuotes'],
};
const SCALAR_ALIASES = {
  id: ['id'],
  name: ['name'],
  title: ['title', 'role'],
  demographics: ['demographics'],
} as const;

const KNOWN_KEYS = new Set([...Object.values(LIST_ALIASES), ...Object.values(SCALAR_ALIASES), 'additional'].flat());

function pick(raw: Record<string, unknown>, aliases: readonly string[]): unknown {
  for (const alias of aliases) if (raw[alias] !== undefined) return raw[alias];
  return undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(text);
}

interface KeyValuePair {
  key: string;
  value: unknown;
}

function isKeyValuePairs(value: unknown): value is KeyValuePair[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((pair) => typeof pair === 'object' && pair !== null && typeof (pair as KeyValuePair).key === 'string' && 'value' in pair)
  );
}

/** A pair's value as structured output writes it: text, or a list or object as JSON text. */
function pairValue(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** An object as it is, or one written as key/value pairs (the shape strict JSON schemas can hold). */
function record(value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (Array.isArray(value) && value.length === 0) return {};
  if (isKeyValuePairs(value)) return Object.fromEntries(value.map((pair) => [pair.key, pairValue(pair.value)]));
  return typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { summary: value };
}

/** Unknown fields, with an `additional` object or key/value list (as structured output writes it) folded in. */
function additionalOf(source: Record<string, unknown>): Record<string, unknown> {
  const unknown = Object.fromEntries(Object.entries(source).filter(([key]) => !KNOWN_KEYS.has(key)));
  const extra = source.additional;
  if (extra === undefined || extra === null || (Array.isArray(extra) && extra.length === 0)) return unknown;
  const foldable = isKeyValuePairs(extra) || (typeof extra === 'object' && !Array.isArray(extra));
  return foldable ? { ...unknown, ...record(extra) } : { ...unknown, additional: extra };
}

/**
 * Maps one persona object as a model wrote it onto `Persona`: accepted spellings folded in,
 * unknown fields kept in `additional`, a positional id when the model gave none. Returns
 * undefined when the object cannot be a persona (not an object, or no name).
 */
export function normalizePersona(raw: unknown, index: number): Persona | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const source = raw as Record<string, unknown>;
  const id = pick(source, SCALAR_ALIASES.id);
  const title = pick(source, SCALAR_ALIASES.title);
  const name = pick(source, SCALAR_ALIASES.name);
  // Every other field is built to its type above; the name is the one thing a model can get wrong.
  // Checked by hand rather than by PersonaSchema: this runs once per persona on the hot path, and
  // spec/parsing/normalize-persona.spec.ts holds every result against the schema.
  if (typeof name !== 'string' || name.length === 0) return undefined;
  const persona: Persona = {
    id: id === undefined || id === null || id === '' ? `persona-${index + 1}` : String(id),
    name,
    ...(title === undefined || title === null ? {} : { title: text(title) }),
    demographics: record(pick(source, SCALAR_ALIASES.demographics)),
    goals: list(pick(source, LIST_ALIASES.goals)),
    painPoints: list(pick(source, LIST_ALIASES.painPoints)),
    behaviours: list(pick(source, LIST_ALIASES.behaviours)),
    quotes: list(pick(source, LIST_ALIASES.quotes)),
    additional: additionalOf(source),
    evidence: [],
  };
  return persona;
}
