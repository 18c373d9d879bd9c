import { parsePersonas } from '../../lib';
import { PersonaStreamParser } from '../../lib/parsing/persona-stream-parser';

function feed(text: string, size: number): { names: string[][]; parser: PersonaStreamParser } {
  const parser = new PersonaStreamParser();
  const names: string[][] = [];
  for (let index = 0; index < text.length; index += size) {
    names.push(parser.push(text.slice(index, index + size)).map((persona) => persona.name));
  }
  return { names, parser };
}

const personas = [{ name: 'Ana', goals: ['a'] }, { name: 'Ben', pain_points: ['b'] }, { name: 'Cy' }];

describe('PersonaStreamParser', () => {
  it('returns each persona from the push that closes its object', () => {
    const text = `<output>{"personas": ${JSON.stringify(personas)}}</output>`;
    const closeOf = (name: string) => text.indexOf('}', text.indexOf(`"${name}"`));
    const { names } = feed(text, 1);
    expect(names[closeOf('Ana')]).toEqual(['Ana']);
    expect(names[closeOf('Ben')]).toEqual(['Ben']);
    expect(names[closeOf('Cy')]).toEqual(['Cy']);
    expect(names.flat()).toEqual(['Ana', 'Ben', 'Cy']);
  });

  it.each([1, 3, 7, 64, 10_000])('agrees with the whole-output parser in chunks of %i', (size) => {
    const text = `<reasoning>Groups {a}, [b].</reasoning>\n\`\`\`json\n${JSON.stringify(personas)}\n\`\`\`\ntrailing words`;
    const parser = new PersonaStreamParser();
    const streamed = [];
    for (let index = 0; index < text.length; index += size) streamed.push(...parser.push(text.slice(index, index + size)));
    expect(streamed).toEqual(parsePersonas(text).personas);
    expect(parser.count).toBe(3);
  });

  it('stops quietly on malformed JSON, keeping what it had found', () => {
    const { names, parser } = feed('{"personas": [{"name": "Ana"}, {"name": oops}, {"name": "Cy"}]}', 5);
    expect(names.flat()).toEqual(['Ana']);
    expect(parser.push('{"name": "Dee"}')).toEqual([]);
  });

  it('stops at an object that is not a persona, so indices never drift', () => {
    const { names } = feed('[{"name": "Ana"}, {"title": "no name"}, {"name": "Cy"}]', 4);
    expect(names.flat()).toEqual(['Ana']);
  });

  it('waits for the answer while only reasoning has arrived', () => {
    const parser = new PersonaStreamParser();
    expect(parser.push('<reasoning>{"name": "not yet"}')).toEqual([]);
    expect(parser.push('</reasoning>[{"name": "Ana"}]')).toEqual([expect.objectContaining({ name: 'Ana', id: 'persona-1' })]);
  });

  it('stops before building a persona nested deeper than the limit, and keeps what came before', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = `{"personas":[{"name":"Ana"},{"name":"Deep","x":${deep}},{"name":"Cy"}]}`;
    expect(feed(text, 16).names.flat()).toEqual(['Ana']);
  });

  it('returns no persona past maxPersonas, even from the push that completes several', () => {
    const parser = new PersonaStreamParser(2);
    const text = `{"personas": ${JSON.stringify(personas)}}`;
    expect(parser.push(text).map((persona) => persona.name)).toEqual(['Ana', 'Ben']);
    expect(parser.push(text)).toEqual([]);
    expect(parser.count).toBe(2);
  });
});

describe('PersonaStreamParser with text between brackets', () => {
  it('finds a persona whose long field arrives in many pieces without a bracket, and ignores words after the answer', () => {
    const long = 'x'.repeat(20_000);
    const text = `<output>{"personas": [{"name": "Ana", "goals": ["${long}"]}, {"name": "Ben"}]}\n</output> trailing words`;
    const { names, parser } = feed(text, 10);
    expect(names.flat()).toEqual(['Ana', 'Ben']);
    expect(parser.count).toBe(2);
  });
});
