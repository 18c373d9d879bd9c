/** A person the research data names, with what it says about them. */
export interface Participant {
  name: string;
  role?: string;
  age?: string;
  /** Their statements, each exactly as the data has it (prefixes and bullets removed). */
  statements: string[];
}

/** The research data of a prompt: the fenced documents, or everything after "Research data:". */
export interface ResearchData {
  participants: Participant[];
  /** Statements the data attributes to no one. */
  unattributed: string[];
}

const NAME = String.raw`[A-Z][\p{L}'’-]+(?: [A-Z][\p{L}'’-]+)?`;
/** `## P1: Maya, operations lead at a logistics firm` or `### Daniel (freelance designer, 34)`. */
const HEADING = new RegExp(String.raw`^#{1,6}\s*(?:P\d+\s*[:.–-]\s*)?(${NAME})\s*[,(]\s*([^()]+?)\)?\s*$`, 'u');
/** `P1 (Sam, nurse): words`, `Sam Smith: words` (a transcript's speaker), `Ana (34): words`. */
const SPEAKER = new RegExp(String.raw`^(?:P\d+\s*)?\(?(${NAME})(?:,\s*([^()]{1,80}?))?\)?:\s+(.{4,})$`, 'u');
/** `(34)`, `34 years old`, `34-year-old`, `aged 34`, `age: 34`. */
const AGE = /\b(?:aged?:?\s*(\d{2})|(\d{2})(?:[- ]years?[- ]old|\s*y\/?o)\b)|^\s*(\d{2})\s*$/i;
/** Words that end in a colon without naming a person. */
const NOT_NAMES = new Set(['Note', 'Notes', 'Summary', 'Goal', 'Goals', 'Quote', 'Context', 'Question', 'Answer', 'Ticket', 'Row', 'Theme', 'Finding', 'Date', 'Location']);
/** CSV rows (`Row 3` then `column: value` lines): the columns that name, place and age a respondent. */
const NAME_COLUMNS = /^(name|participant|respondent|person|id)$/i;
const ROLE_COLUMNS = /^(role|occupation|job|job_title|title|position)$/i;
const AGE_COLUMNS = /^(age|age_range)$/i;

function ageIn(text: string): string | undefined {
  const match = AGE.exec(text);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** A role as written, without the age the same parentheses may hold. */
function roleIn(text: string): string | undefined {
  const role = text
    .split(/,\s*/)
    .filter((part) => !ageIn(part))
    .join(', ')
    .trim();
  return role || undefined;
}

const OPEN_MARKER = /^<<<research-data (\S+) name=/;
const CLOSE_MARKER = /^<<<end-research-data \S+>>>$/;

/**
 * The lines between a prompt's fence markers (its first boundary's, so a marker-like line inside
 * the data stays data), each marker left as a blank line so that no participant runs on into the
 * next document; in a prompt without markers, what follows its "Research data" heading.
 */
function dataLines(prompt: string): string[] {
  const lines = prompt.split('\n');
  const boundary = lines.map((line) => OPEN_MARKER.exec(line)?.[1]).find((found) => found !== undefined);
  if (boundary === undefined) return lines.slice(lines.findIndex((line) => /research data:/i.test(line)) + 1);
  const open = `<<<research-data ${boundary} name=`;
  const close = `<<<end-research-data ${boundary}>>>`;
  const kept: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (line.startsWith(open) || line === close) {
      inside = line !== close;
      kept.push('');
    } else if (inside) kept.push(line);
  }
  return kept;
}

/** The instructions of a prompt: what follows its last fence, where the per-run request is. */
export function instructionsOf(prompt: string): string {
  const lines = prompt.split('\n');
  const last = lines.map((line) => CLOSE_MARKER.test(line)).lastIndexOf(true);
  return lines.slice(last + 1).join('\n');
}

/** A statement as the data has it: bullet and surrounding space removed, nothing else touched. */
const statementOf = (line: string): string => line.replace(/^[\s>*•-]+/, '').trim();
const meaningful = (text: string): boolean => text.length >= 12 && !text.startsWith('#');

/** The participants of one CSV row block (`Row 3`, then `column: value` lines). */
function rowParticipant(lines: readonly string[]): Participant {
  const row: Participant = { name: lines[0].replace('Row', 'Respondent'), statements: [] };
  for (const line of lines.slice(1)) {
    const [column, ...rest] = line.split(': ');
    const value = rest.join(': ').trim();
    // A respondent id (R01) is not a name: it stays with the word that says what it is.
    if (NAME_COLUMNS.test(column)) row.name = new RegExp(`^${NAME}$`, 'u').test(value) ? value : `Respondent ${value}`;
    else if (ROLE_COLUMNS.test(column)) row.role = value;
    else if (AGE_COLUMNS.test(column)) row.age = value;
    else if (meaningful(value)) row.statements.push(value);
  }
  return row;
}

/**
 * The participants the research data names, from interview headings, speaker prefixes (notes and
 * transcripts) and CSV rows, each with their own statements, and the statements of no one.
 */
export function researchDataOf(prompt: string): ResearchData {
  const byName = new Map<string, Participant>();
  const unattributed: string[] = [];
  const participant = (name: string, role?: string, age?: string): Participant => {
    const person = byName.get(name) ?? { name, statements: [] };
    person.role ??= role;
    person.age ??= age;
    byName.set(name, person);
    return person;
  };
  const lines = dataLines(prompt).map((line) => line.trim());
  let current: Participant | undefined;
  for (let index = 0; index < lines.length; index += 1) {
    const text = lines[index];
    if (/^Row \d+$/.test(text)) {
      const end = lines.findIndex((line, at) => at > index && (line === '' || /^Row \d+$/.test(line)));
      const row = rowParticipant(lines.slice(index, end < 0 ? lines.length : end));
      const person = participant(row.name, row.role, row.age);
      person.statements.push(...row.statements);
      index = (end < 0 ? lines.length : end) - 1;
      continue;
    }
    const heading = HEADING.exec(text);
    if (heading && !NOT_NAMES.has(heading[1])) {
      current = participant(heading[1], roleIn(heading[2]), ageIn(heading[2]));
      continue;
    }
    if (/^#{1,6}\s/.test(text)) current = undefined;
    const speaker = SPEAKER.exec(text);
    if (speaker && !NOT_NAMES.has(speaker[1].split(' ')[0])) {
      const details = speaker[2] ?? '';
      const person = participant(speaker[1], roleIn(details), ageIn(details));
      if (meaningful(speaker[3])) person.statements.push(speaker[3].trim());
    } else if (meaningful(statementOf(text))) {
      (current ? current.statements : unattributed).push(statementOf(text));
    }
  }
  return { participants: [...byName.values()].filter((person) => person.statements.length > 0), unattributed };
}
