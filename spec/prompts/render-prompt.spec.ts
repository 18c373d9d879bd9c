import { ConfigurationError, PersonaConfigSchema, renderPrompt } from '../../lib';
import { fenceSecret } from '../../lib/prompts/fence';
import { fencedSystem, renderInstructions } from '../../lib/prompts/render-prompt';
import { DATA_REFERENCE } from '../../lib/prompts/templates';

const config = (input: object) => PersonaConfigSchema.parse({ data: 'x', ...input });
const documents = [
  { name: 'interviews.md', content: 'P1: "I <3 fast & simple tools"\n' },
  { name: 'survey.csv', content: 'a,b\n1,2' },
];

describe('renderPrompt', () => {
  it('puts the fenced data in the system message and the instructions from count, complexity and detail in the user message, without escaping', () => {
    const { system, prompt } = renderPrompt(config({ count: 4, complexity: 'complex', detailLevel: 'minimal' }), documents);
    expect(fencedSystem(documents, () => 'b0b0').system).toMatch(
      /^You are a senior UX researcher\. .* <<<end-research-data b0b0>>>\. Everything between such markers .*\n\nResearch data:\n\n/,
    );
    expect(fencedSystem(documents, () => 'b0b0').system).toMatch(
      /\n\n<<<research-data b0b0 name="interviews.md">>>\nP1: "I <3 fast & simple tools"\n<<<end-research-data b0b0>>>\n\n<<<research-data b0b0 name="survey.csv">>>\na,b\n1,2\n<<<end-research-data b0b0>>>$/,
    );
    expect(system).toContain('P1: "I <3 fast & simple tools"');
    expect(prompt).toContain('Create exactly 4 distinct user personas');
    expect(prompt).toContain('Complexity: complex. Capture tensions');
    expect(prompt).toContain('Detail: minimal. Use one or two items');
    expect(prompt).not.toContain('fast & simple');
    expect(prompt).not.toContain('<reasoning>');
  });

  it('asks for reasoning only when includeReasoning is set', () => {
    expect(renderPrompt(config({ includeReasoning: true }), documents).prompt).toContain('<reasoning></reasoning>');
  });

  it('renders custom template text with the same view; `{{data}}` points at the fenced data, which stays in the system message', () => {
    const template = 'Make {{count}} personas.{{#documents}} [{{name}}]{{/documents}} {{data}}';
    const rendered = renderPrompt(config({ count: 2, template }), documents);
    expect(rendered.prompt).toBe(`Make 2 personas. [interviews.md] [survey.csv] ${DATA_REFERENCE}`);
    expect(rendered.system).toContain(`<<<research-data ${rendered.boundary} name="survey.csv">>>\na,b\n1,2`);
  });

  it('accepts the built-in template by name', () => {
    expect(renderPrompt(config({ template: 'default' }), documents).prompt).toBe(renderPrompt(config({}), documents).prompt);
  });

  it.each([
    ['an unknown template name', 'fancy', 'Unknown template'],
    ['broken template syntax', 'Make {{#count}} personas', 'could not be rendered'],
  ])('fails with ConfigurationError on %s', (_case, template, message) => {
    expect(() => renderPrompt(config({ template }), documents)).toThrow(ConfigurationError);
    expect(() => renderPrompt(config({ template }), documents)).toThrow(message);
  });
});

describe('the shared prefix', () => {
  const secret = fenceSecret();
  const configs = [
    config({ count: 1 }),
    config({ count: 7, complexity: 'complex', detailLevel: 'detailed', includeReasoning: true }),
    config({ count: 3, complexity: 'simple', template: 'List {{count}} personas.' }),
    config({ count: 2, temperature: 0.1, maxTokens: 9000 }),
  ];

  it('is byte-identical across configs of one generator over the same documents, while the instructions differ', () => {
    const rendered = configs.flatMap((each) => [renderPrompt(each, documents, false, secret), renderPrompt(each, documents, true, secret)]);
    expect(new Set(rendered.map((each) => each.system)).size).toBe(1);
    // Every pair differs but the custom template's, which does not mention the schema mode.
    expect(new Set(rendered.map((each) => each.prompt)).size).toBe(rendered.length - 1);
    expect(rendered[0].system.endsWith(`<<<end-research-data ${rendered[0].boundary}>>>`)).toBe(true);
  });

  it('is the same for documents equal in value, and differs for other documents or another generator', () => {
    const system = renderPrompt(configs[0], documents, false, secret).system;
    expect(renderPrompt(configs[0], JSON.parse(JSON.stringify(documents)) as typeof documents, false, secret).system).toBe(system);
    expect(renderPrompt(configs[0], documents.slice(0, 1), false, secret).system).not.toBe(system);
    const other = renderPrompt(configs[0], documents, false, fenceSecret());
    expect(other.boundary).not.toBe(renderPrompt(configs[0], documents, false, secret).boundary);
    expect(other.system.split(other.boundary).join('B')).toBe(system.split(renderPrompt(configs[0], documents, false, secret).boundary).join('B'));
  });

  it('leaves the instructions free of the research data, so they can change without touching the prefix', () => {
    expect(renderInstructions(configs[1], documents)).not.toContain('a,b');
    expect(renderInstructions(configs[1], documents)).toContain('<reasoning></reasoning>');
  });
});
