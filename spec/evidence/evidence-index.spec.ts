import { EvidenceIndex } from '../../lib/evidence/evidence-index';

const interviews = {
  name: 'interviews/p1.md',
  content: ['# Participant 1', 'She said: “I never know', '   which invoice is due.”', 'Exports are slow, she added.'].join('\n'),
};
const survey = { name: 'survey.csv', content: 'id,answer\n7,Exports are slow\n8,"I want one place for every report"' };

describe('EvidenceIndex', () => {
  const index = new EvidenceIndex([interviews, survey]);

  it('finds an exact quote with its document and the 1-based line where it starts', () => {
    expect(index.locate('I want one place for every report')).toEqual({
      quote: 'I want one place for every report',
      source: 'survey.csv',
      line: 3,
      verified: true,
    });
  });

  it('finds a quote that differs in case, punctuation and quote marks, keeping the model’s wording', () => {
    expect(index.locate('"exports are SLOW" — she added')).toEqual({
      quote: '"exports are SLOW" — she added',
      source: 'interviews/p1.md',
      line: 4,
      verified: true,
    });
  });

  it('finds a quote the data splits across lines, at the line where it starts', () => {
    expect(index.locate('I never know which invoice is due.')).toEqual({
      quote: 'I never know which invoice is due.',
      source: 'interviews/p1.md',
      line: 2,
      verified: true,
    });
  });

  it('gives the first document in data order when several hold the same sentence', () => {
    expect(index.locate('Exports are slow')).toMatchObject({ source: 'interviews/p1.md', line: 4 });
    expect(new EvidenceIndex([survey, interviews]).locate('Exports are slow')).toMatchObject({ source: 'survey.csv', line: 2 });
  });

  it('prefers an exact match in a later document over a normalised one in an earlier document', () => {
    expect(index.locate('"I want one place for every report"')).toMatchObject({ source: 'survey.csv', line: 3 });
    const loose = { name: 'loose.txt', content: 'EXPORTS ARE SLOW!' };
    expect(new EvidenceIndex([loose, survey]).locate('Exports are slow')).toMatchObject({ source: 'survey.csv', line: 2 });
  });

  it.each([
    ['an invented quote', 'I love the new dashboard'],
    ['a quote that is part of a word only', 'port'],
    ['a quote that spans two documents', 'she added. id answer'],
    ['an empty quote', ''],
    ['a quote of punctuation only', '“…”'],
  ])('leaves %s unverified, without a source or line', (_case, quote) => {
    expect(index.locate(quote)).toEqual({ quote, verified: false });
  });

  it('takes hostile quotes as text: regular-expression characters, a huge quote, control characters', () => {
    expect(index.locate('.*').verified).toBe(false);
    expect(index.locate('(Exports) [are] slow?').verified).toBe(true);
    expect(index.locate('x'.repeat(200_000)).verified).toBe(false);
    expect(index.locate('Exports\u0000are\u0007slow').verified).toBe(true);
  });

  it('works with no data and with empty documents', () => {
    expect(new EvidenceIndex([]).locate('anything')).toEqual({ quote: 'anything', verified: false });
    const withEmpty = new EvidenceIndex([{ name: 'empty.txt', content: '' }, { name: 'b.txt', content: '\n\nHello there' }]);
    expect(withEmpty.locate('hello there')).toEqual({ quote: 'hello there', source: 'b.txt', line: 3, verified: true });
  });
});
