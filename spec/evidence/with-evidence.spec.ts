import { EvidenceIndex } from '../../lib/evidence/evidence-index';
import { qualityOf, withEvidence } from '../../lib/evidence/with-evidence';
import { persona } from '../support/events';

const index = new EvidenceIndex([{ name: 'data', content: 'I lose two hours every Monday.\nExports are slow.' }]);
const claimed = { ...persona('Maya Chen'), quotes: ['Exports are slow', 'I made this up', 'i lose two hours, every monday'] };

describe('withEvidence', () => {
  it('keeps every quote and records each one’s evidence in quote order', () => {
    const checked = withEvidence(claimed, index, 'keep');
    expect(checked.quotes).toEqual(claimed.quotes);
    expect(checked.evidence).toEqual([
      { quote: 'Exports are slow', source: 'data', line: 2, verified: true },
      { quote: 'I made this up', verified: false },
      { quote: 'i lose two hours, every monday', source: 'data', line: 1, verified: true },
    ]);
  });

  it("with 'drop', removes unverified quotes from quotes but keeps them in evidence and in the count", () => {
    const checked = withEvidence(claimed, index, 'drop');
    expect(checked.quotes).toEqual(['Exports are slow', 'i lose two hours, every monday']);
    expect(checked.evidence.map((entry) => [entry.quote, entry.verified])).toEqual([
      ['Exports are slow', true],
      ['I made this up', false],
      ['i lose two hours, every monday', true],
    ]);
    expect(qualityOf([checked])).toEqual({ quotesTotal: 3, quotesVerified: 2 });
  });

  it('counts duplicates once each and a persona without quotes as none', () => {
    const twice = withEvidence({ ...claimed, quotes: ['Exports are slow', 'Exports are slow'] }, index, 'keep');
    const none = withEvidence(persona('Tom Becker', 1), index, 'keep');
    expect(none.evidence).toEqual([]);
    expect(qualityOf([twice, none])).toEqual({ quotesTotal: 2, quotesVerified: 2 });
    expect(qualityOf([])).toEqual({ quotesTotal: 0, quotesVerified: 0 });
  });
});
