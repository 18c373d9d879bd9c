import { ConfigurationError, PersonaConfigSchema, renderPrompt } from '../../lib';

const config = (input: object) => PersonaConfigSchema.parse({ data: 'x', ...input });
const documents = [
  { name: 'interviews.md', content: 'P1: "I <3 fast & simple tools"\n' },
  { name: 'survey.csv', content: 'a,b\n1,2' },
];

describe('renderPrompt', () => {
  it('fills the default template from count, complexity, detail level and data, without escaping', () => {
    const { system, prompt } = renderPrompt(config({ count: 4, complexity: 'complex', detailLevel: 'minimal' }), documents, false, () => 'b0b0');
    expect(system).toContain('UX researcher');
    expect(prompt).toContain('Create exactly 4 distinct user personas');
    expect(prompt).toContain('Complexity: complex. Capture tensions');
    expect(prompt).toContain('Detail: minimal. Use one or two items');
    expect(prompt).toContain(
      '<<<research-data b0b0 name="interviews.md">>>\nP1: "I <3 fast & simple tools"\n<<<end-research-data b0b0>>>\n\n' +
        '<<<research-data b0b0 name="survey.csv">>>\na,b\n1,2\n<<<end-research-data b0b0>>>',
    );
    expect(prompt).not.toContain('<reasoning>');
  });

  it('asks for reasoning only when includeReasoning is set', () => {
    expect(renderPrompt(config({ includeReasoning: true }), documents).prompt).toContain('<reasoning></reasoning>');
  });

  it('renders custom template text with the same view', () => {
    const template = 'Make {{count}} personas.{{#documents}} [{{name}}]{{/documents}}';
    expect(renderPrompt(config({ count: 2, template }), documents).prompt).toBe('Make 2 personas. [interviews.md] [survey.csv]');
  });

  it('accepts the built-in template by name', () => {
    expect(renderPrompt(config({ template: 'default' }), documents).prompt).toContain('Research data:');
  });

  it.each([
    ['an unknown template name', 'fancy', 'Unknown template'],
    ['broken template syntax', 'Make {{#count}} personas', 'could not be rendered'],
  ])('fails with ConfigurationError on %s', (_case, template, message) => {
    expect(() => renderPrompt(config({ template }), documents)).toThrow(ConfigurationError);
    expect(() => renderPrompt(config({ template }), documents)).toThrow(message);
  });
});
