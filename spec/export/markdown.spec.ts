import { personaToMarkdown, resultToMarkdown, type GenerationResult, type Persona } from '../../lib';

const maya: Persona = {
  id: 'persona-1',
  name: 'Maya Chen',
  title: 'Operations lead',
  demographics: { age_range: '35-44', teamSize: 40, tools: ['Excel', 'Looker'], location: { city: 'Lyon' } },
  goals: ['One dashboard she can trust'],
  painPoints: ['Exports break when\na column is renamed', 'Monday reporting takes two hours'],
  behaviours: [],
  quotes: ['"Every Monday I lose two hours."', 'I want it in one place'],
  additional: { segment: 'operations' },
  evidence: [],
};

const result: GenerationResult = {
  runId: '20261128T101500000Z-0a1b2c3d',
  personas: [maya, { ...maya, id: 'persona-2', name: 'Ben', title: undefined, demographics: {}, goals: [], painPoints: [], quotes: [], additional: {} }],
  reasoning: 'Two clusters.\n',
  usage: { inputTokens: 1200, outputTokens: 800, totalTokens: 2000 },
  costUsd: 0.00066,
  provider: 'openai',
  model: 'gpt-4o-mini',
  sourceFiles: ['interviews.md', 'survey.csv'],
  startedAt: '2026-11-28T10:15:00.000Z',
  finishedAt: '2026-11-28T10:15:04.250Z',
  durationMs: 4250,
  attempts: 1,
  quality: { quotesTotal: 0, quotesVerified: 0 },
};

describe('personaToMarkdown', () => {
  it('renders every section a reader looks for, on one line each, quotes as block quotes', () => {
    expect(personaToMarkdown(maya)).toBe(
      [
        '# Maya Chen',
        '',
        '*Operations lead*',
        '',
        '## Demographics',
        '',
        '- **Age range:** 35-44',
        '- **Team size:** 40',
        '- **Tools:** Excel, Looker',
        '- **Location:** {"city":"Lyon"}',
        '',
        '## Goals',
        '',
        '- One dashboard she can trust',
        '',
        '## Pain points',
        '',
        '- Exports break when a column is renamed',
        '- Monday reporting takes two hours',
        '',
        '## Quotes',
        '',
        '> “Every Monday I lose two hours.”',
        '',
        '> “I want it in one place”',
        '',
        '## More',
        '',
        '- **Segment:** operations',
        '',
      ].join('\n'),
    );
  });

  it('marks each quote verified with its source and line, or unverified, dropped ones included', () => {
    const checked: Persona = {
      ...maya,
      quotes: ['Every Monday I lose two hours.'],
      evidence: [
        { quote: 'Every Monday I lose two hours.', source: 'interviews/p1.md', line: 12, verified: true },
        { quote: 'I\nwant it in one place', verified: false },
      ],
    };
    expect(personaToMarkdown(checked)).toContain(
      [
        '## Quotes',
        '',
        '> “Every Monday I lose two hours.”',
        '>',
        '> — verified: interviews/p1.md, line 12',
        '',
        '> “I want it in one place”',
        '>',
        '> — unverified: not found in the research data',
        '',
      ].join('\n'),
    );
  });

  it('leaves out empty sections', () => {
    expect(personaToMarkdown({ ...maya, title: undefined, demographics: {}, goals: [], painPoints: [], quotes: [], additional: {} })).toBe('# Maya Chen\n');
  });
});

describe('resultToMarkdown', () => {
  it('gives a summary, the reasoning and every persona one level down', () => {
    const markdown = resultToMarkdown(result);
    expect(markdown.split('\n').slice(0, 15)).toEqual([
      '# 2 persona(s)',
      '',
      '- **Run:** 20261128T101500000Z-0a1b2c3d',
      '- **Model:** openai / gpt-4o-mini',
      '- **Finished:** 2026-11-28T10:15:04.250Z (4.3 s, 1 attempt(s))',
      '- **Tokens:** 1200 in, 800 out',
      '- **Quotes verified:** 0/0 found in the research data',
      '- **Cost:** $0.00066',
      '- **Sources:** interviews.md, survey.csv',
      '',
      '## Reasoning',
      '',
      'Two clusters.',
      '',
      '## Maya Chen',
    ]);
    expect(markdown).toContain('### Pain points\n\n- Exports break when a column is renamed\n');
    expect(markdown.endsWith('## Ben\n')).toBe(true);
  });

  it('says when usage was estimated, and leaves out an unknown cost, missing sources and reasoning', () => {
    const markdown = resultToMarkdown({
      ...result,
      reasoning: undefined,
      costUsd: undefined,
      sourceFiles: [],
      usage: { ...result.usage, estimated: true },
    });
    expect(markdown).toContain('- **Tokens:** 1200 in, 800 out (estimated)\n');
    expect(markdown).not.toMatch(/Cost|Sources|Reasoning/);
  });

  it('writes money as the command line does: cents from a dollar, three significant digits below', () => {
    const costs = [0.5, 0.0123, 12.345].map((costUsd) => resultToMarkdown({ ...result, costUsd }).match(/- \*\*Cost:\*\* (\S+)\n/)?.[1]);
    expect(costs).toEqual(['$0.50', '$0.0123', '$12.35']);
  });
});

describe('model text in Markdown', () => {
  const hostile: Persona = {
    ...maya,
    name: 'Eve<script>alert(1)</script>',
    title: '[click me](javascript:alert(1))',
    demographics: { '<img src=x onerror=alert(1)>': '<javascript:alert(1)>' },
    goals: ['![pixel](https://tracker.example/p.gif)', 'Already escaped \\[x\\](javascript:alert(1))'],
    painPoints: ['[ref]: javascript:alert(1)'],
    quotes: ['Fish & <b>chips</b>'],
    additional: { note: { html: '<iframe src="javascript:alert(1)">' } },
  };

  const markdown = resultToMarkdown({ ...result, personas: [hostile], reasoning: 'Line one\n<script>steal()</script>\n[x](javascript:void(0))', sourceFiles: ['<x>.md'] });

  it('turns HTML into entities, so no tag from the model reaches the page', () => {
    expect(markdown).not.toMatch(/<(script|img|iframe|b|javascript|x)\b/i);
    expect(markdown).toContain('## Eve&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markdown).toContain('> “Fish &amp; &lt;b&gt;chips&lt;/b&gt;”');
    expect(markdown).toContain('&lt;script&gt;steal()&lt;/script&gt;');
    expect(markdown).toContain('- **Sources:** &lt;x&gt;.md');
  });

  it('escapes brackets, so the model cannot make links, images or reference definitions', () => {
    const unescaped = markdown.replace(/\\\\/g, '').match(/(?<!\\)[[\]]/g);
    expect(unescaped).toBeNull();
    expect(markdown).toContain('*\\[click me\\](javascript:alert(1))*');
    expect(markdown).toContain('- !\\[pixel\\](https://tracker.example/p.gif)');
    expect(markdown).toContain('- Already escaped \\\\\\[x\\\\\\](javascript:alert(1))');
    expect(markdown).toContain('- \\[ref\\]: javascript:alert(1)');
  });

  it('keeps ordinary text as it was', () => {
    expect(personaToMarkdown(maya)).not.toMatch(/&amp;|\\/);
  });
});
