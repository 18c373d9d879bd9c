import { ParseError, parsePersonas } from '../../lib';

const PERSONA = { name: 'Maya Chen', title: 'Ops lead', goals: ['one dashboard'], quotes: ['I lose two hours'] };

describe('parsePersonas', () => {
  it.each([
    ['output tags', `<output>${JSON.stringify({ personas: [PERSONA] })}</output>`],
    ['a json fence', `Here you go:\n\`\`\`json\n${JSON.stringify({ personas: [PERSONA] })}\n\`\`\`\nHope it helps.`],
    ['a bare fence inside output tags', `<output>\n\`\`\`\n${JSON.stringify([PERSONA])}\n\`\`\`\n</output>`],
    ['bare JSON with prose around it', `Sure! ${JSON.stringify({ personas: [PERSONA] })} Let me know.`],
    ['a bare array', JSON.stringify([PERSONA])],
    ['a single persona object', JSON.stringify(PERSONA)],
    ['unclosed output tags', `<output>${JSON.stringify({ personas: [PERSONA] })}`],
  ])('finds the personas in %s', (_shape, text) => {
    const { personas } = parsePersonas(text);
    expect(personas).toEqual([
      {
        id: 'persona-1',
        name: 'Maya Chen',
        title: 'Ops lead',
        demographics: {},
        goals: ['one dashboard'],
        painPoints: [],
        behaviours: [],
        quotes: ['I lose two hours'],
        additional: {},
        evidence: [],
      },
    ]);
  });

  it('takes the reasoning block, even when it holds braces', () => {
    const text = `<reasoning>Cluster {A} and [B] differ.</reasoning>\n<output>{"personas":[{"name":"Ana"}]}</output>`;
    const parsed = parsePersonas(text);
    expect(parsed.reasoning).toBe('Cluster {A} and [B] differ.');
    expect(parsed.personas.map((persona) => persona.name)).toEqual(['Ana']);
  });

  it('folds the usual spellings and keeps unknown fields', () => {
    const [persona] = parsePersonas(
      JSON.stringify([
        {
          id: 7,
          name: 'Ben',
          role: 'Designer',
          pain_points: 'slow exports',
          behaviors: ['works from cafés', 3],
          demographics: 'thirties, Lisbon',
          tech_savviness: 'high',
        },
      ]),
    ).personas;
    expect(persona).toEqual({
      id: '7',
      name: 'Ben',
      title: 'Designer',
      demographics: { summary: 'thirties, Lisbon' },
      goals: [],
      painPoints: ['slow exports'],
      behaviours: ['works from cafés', '3'],
      quotes: [],
      additional: { tech_savviness: 'high' },
      evidence: [],
    });
  });

  it.each([
    ['no JSON at all', 'I cannot do that.', 'contains no JSON'],
    ['broken JSON', '<output>{"personas": [{"name": "Ana",}]}</output>', 'not valid JSON'],
    ['an empty list', '{"personas": []}', 'holds no personas'],
    ['an object that is not personas', '{"summary": "nothing"}', 'holds no personas'],
    ['a persona without a name', '[{"title": "Nameless"}]', 'Persona 1 is not a persona'],
  ])('fails with ParseError and an excerpt on %s', (_case, text, message) => {
    let error: unknown;
    try {
      parsePersonas(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).message).toContain(message);
    expect((error as ParseError).excerpt).toBe(text);
  });

  it.each([
    ['output tags', (json: string) => `<output>${json}</output>`],
    ['a json fence', (json: string) => `\`\`\`json\n${json}\n\`\`\``],
  ])('parses an answer in %s whose strings hold tags and a fence', (_shape, wrap) => {
    const quotes = ['Type </output> and ``` to end it', '<output>nested</output>', '<reasoning>not mine</reasoning>'];
    const { personas, reasoning } = parsePersonas(wrap(JSON.stringify({ personas: [{ name: 'Ana', quotes }] })));
    expect(personas.map((persona) => persona.quotes)).toEqual([quotes]);
    expect(reasoning).toBeUndefined();
  });

  it.each([100_000, 65])('fails with ParseError, not RangeError, on an answer nested %i levels deep', (levels) => {
    const text = `{"personas":[{"name":"Ana","x":${'['.repeat(levels)}${']'.repeat(levels)}}]}`;
    expect(() => parsePersonas(text)).toThrow(ParseError);
    expect(() => parsePersonas(text)).toThrow('nests deeper than 64 levels');
  });

  it('accepts an answer nested up to the limit', () => {
    const text = `{"personas":[{"name":"Ana","x":${'['.repeat(61)}${']'.repeat(61)}}]}`;
    expect(parsePersonas(text).personas).toHaveLength(1);
  });
});
