import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePersonas, PersonaConfigSchema } from '../../lib';
import { EvidenceIndex } from '../../lib/evidence/evidence-index';
import { renderPrompt } from '../../lib/prompts/render-prompt';
import { simulatedAnswer, simulatedStructuredAnswer } from '../../lib/testing';

const interviews = { name: 'interviews.md', content: readFileSync(join(__dirname, '..', '..', 'samples', 'data', 'interviews.md'), 'utf8') };
const ward = {
  name: 'ward.docx',
  content: [
    'Ward visit, 3 March',
    'P1 (Sam, nurse, 34 years old): I chart everything twice because the tablet logs me out.',
    'P2 (Ana, pharmacist): I want one place for stock counts.',
    'P1 (Sam, nurse): Night shifts are the worst for handovers.',
    'P2 (Ana, pharmacist): Checks the fridge temperatures at every shift change.',
  ].join('\n'),
};
const transcript = { name: 'call.vtt', content: '\n\n\nJo Park: We always print the rota on Mondays.\n\nJo Park: I hate waiting for the lift with a trolley.' };
const survey = { name: 'survey.csv', content: 'Row 1\nrespondent: R01\nrole: Researcher\nage: 41\nwish: I want a first draft of personas the same afternoon' };

const promptFor = (count: number, documents: { name: string; content: string }[]): string => {
  const { system, prompt } = renderPrompt(PersonaConfigSchema.parse({ count }), documents);
  return `${system}\n${prompt}`;
};

describe('the simulated provider’s personas', () => {
  it('are the participants the data names, with the roles and ages it gives them', () => {
    const { personas } = parsePersonas(simulatedAnswer(promptFor(4, [ward, transcript, survey])));
    expect(personas.map((persona) => [persona.name, persona.title, persona.demographics])).toEqual([
      ['Sam', 'Nurse', { occupation: 'nurse', age: '34' }],
      ['Ana', 'Pharmacist', { occupation: 'pharmacist' }],
      ['Jo Park', 'Research participant', {}],
      ['Respondent R01', 'Researcher', { occupation: 'Researcher', age: '41' }],
    ]);
  });

  it('sort each statement into one list, without the participant prefix, and quote the participant’s own words', () => {
    const { personas } = parsePersonas(simulatedAnswer(promptFor(2, [ward])));
    const [sam, ana] = personas;
    expect(sam).toMatchObject({
      painPoints: ['Night shifts are the worst for handovers.'],
      goals: [],
      quotes: ['I chart everything twice because the tablet logs me out.'],
    });
    expect(ana).toMatchObject({
      goals: [],
      behaviours: ['Checks the fridge temperatures at every shift change.'],
      quotes: ['I want one place for stock counts.'],
    });
    for (const persona of personas) {
      const lists = [...persona.goals, ...persona.painPoints, ...persona.behaviours, ...persona.quotes];
      expect(new Set(lists).size).toBe(lists.length);
      expect(lists.join('\n')).not.toMatch(/P\d \(|\(Sam|\(Ana/);
    }
  });

  it('have quotes that verify against the data, for interview notes, a Word document’s text and a transcript', () => {
    const documents = [interviews, ward, transcript];
    const index = new EvidenceIndex(documents);
    const { personas } = parsePersonas(simulatedAnswer(promptFor(5, documents)));
    expect(personas.map((persona) => persona.name)).toEqual(['Maya', 'Daniel', 'Priya', 'Sam', 'Ana']);
    const evidence = personas.flatMap((persona) => persona.quotes.map((quote) => index.locate(quote)));
    expect(evidence.length).toBeGreaterThanOrEqual(5);
    expect(evidence.filter((found) => !found.verified)).toEqual([]);
    expect(evidence.map((found) => found.source)).toEqual(expect.arrayContaining(['interviews.md', 'ward.docx']));
  });

  it('merge participants beyond the count into the personas round robin, and still say they are a stand-in', () => {
    const answer = parsePersonas(simulatedAnswer(`First explain, inside <reasoning></reasoning> tags\n${promptFor(1, [ward, transcript])}`));
    expect(answer.personas).toHaveLength(1);
    expect(answer.personas[0].name).toBe('Sam');
    expect(answer.personas[0].painPoints).toEqual(['Night shifts are the worst for handovers.', 'I hate waiting for the lift with a trolley.']);
    expect(answer.reasoning).toBe(
      'A simulated stand-in, not a model: one persona per participant the data names (Sam, Ana, Jo Park), their statements sorted by keywords into goals, pain points and behaviours, and their own words as quotes.',
    );
  });

  it('answer the structured mode with the same personas', () => {
    const prompt = promptFor(2, [ward]);
    const structured = JSON.parse(simulatedStructuredAnswer(prompt, false)) as { personas: { name: string; demographics: unknown }[] };
    expect(structured.personas.map((persona) => persona.name)).toEqual(['Sam', 'Ana']);
    expect(structured.personas[0].demographics).toEqual([
      { key: 'occupation', value: 'nurse' },
      { key: 'age', value: '34' },
    ]);
  });
});
