/**
 * Built-in prompt templates (Mustache): the per-run instructions, sent as the user message after
 * the system message that holds the fenced research data. A custom template receives the same
 * view: `count`, `complexity`, `complexityGuidance`, `detailLevel`, `detailGuidance`,
 * `includeReasoning`, `structuredOutput` (the provider's schema mode shapes the answer),
 * `documents` (each `name` and `content`, as they are: placing a content here repeats it outside
 * the fence and outside the cached prefix) and `data` (a sentence pointing at the fenced data).
 */
export const SYSTEM_PROMPT =
  'You are a senior UX researcher. You build user personas strictly from the research data you are given, ' +
  'and every claim in a persona must be traceable to that data.';

const DEFAULT_TEMPLATE = `Create exactly {{count}} distinct user personas from the research data you were given.

Complexity: {{complexity}}. {{complexityGuidance}}
Detail: {{detailLevel}}. {{detailGuidance}}

Ground every persona in the data: for "quotes", copy the participants' own words verbatim from the data (each quote is checked against it), and do not invent facts the data does not support.

{{#structuredOutput}}
Answer in the JSON schema you were given{{#includeReasoning}}, first explaining in "reasoning" which patterns in the data led to each persona{{/includeReasoning}}{{^includeReasoning}}, with "reasoning" null{{/includeReasoning}}.
{{/structuredOutput}}
{{^structuredOutput}}
{{#includeReasoning}}
First explain, inside <reasoning></reasoning> tags, which patterns in the data led to each persona.
{{/includeReasoning}}
Then answer with JSON inside <output></output> tags, shaped exactly like this:
{"personas": [{"id": "persona-1", "name": "…", "title": "…", "demographics": {"age_range": "…", "occupation": "…"}, "goals": ["…"], "painPoints": ["…"], "behaviours": ["…"], "quotes": ["…"]}]}
{{/structuredOutput}}
`;

/** What `{{data}}` renders to: the data itself always travels fenced in the system message. */
export const DATA_REFERENCE = 'The research data is in the system message, each document between its markers.';

export const BUILT_IN_TEMPLATES: Readonly<Record<string, string>> = {
  default: DEFAULT_TEMPLATE,
};

export const COMPLEXITY_GUIDANCE = {
  simple: 'Keep each persona to its essentials: one clear goal and one clear frustration.',
  moderate: 'Give each persona a few goals, pain points and behaviours that hang together.',
  complex: 'Capture tensions, competing goals and context-dependent behaviour for each persona.',
} as const;

export const DETAIL_GUIDANCE = {
  minimal: 'Use one or two items per list.',
  standard: 'Use two to four items per list.',
  detailed: 'Use four or more items per list, with specific supporting details.',
} as const;
