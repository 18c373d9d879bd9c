import { parsePersonas, PersonaSchema } from '../../lib';
import { anthropicAdapter } from '../../lib/providers/anthropic';
import { geminiSchema } from '../../lib/providers/gemini-schema';
import { geminiAdapter } from '../../lib/providers/gemini';
import { ollamaAdapter } from '../../lib/providers/ollama';
import { openAiAdapter, openAiCompatibleAdapter } from '../../lib/providers/openai';
import type { ChatRequest, Connection } from '../../lib/providers/provider';
import { PERSONAS_OUTPUT, type JsonSchema } from '../../lib/providers/structured-output';
import { simulatedStructuredAnswer } from '../../lib/testing';

const structured = PERSONAS_OUTPUT;
const chat: ChatRequest = { model: 'm-1', system: 'S', prompt: 'P', temperature: 0.5, maxTokens: 900, stream: false, structured };
const connection: Connection = { baseURL: 'http://127.0.0.1:1', apiKey: 'key-123456', headers: {} };

/** Every object schema in `schema`, the root included. */
function objectSchemas(schema: JsonSchema): JsonSchema[] {
  const nested = [
    ...Object.values((schema.properties as Record<string, JsonSchema> | undefined) ?? {}),
    ...(schema.items ? [schema.items as JsonSchema] : []),
  ].flatMap(objectSchemas);
  return schema.type === 'object' ? [schema, ...nested] : nested;
}

/** Keywords OpenAI's strict mode accepts in the schemas this library sends. */
const STRICT_KEYWORDS = new Set(['type', 'properties', 'required', 'additionalProperties', 'items', 'description']);

function keywords(schema: JsonSchema): string[] {
  const own = Object.keys(schema);
  const children = [
    ...Object.values((schema.properties as Record<string, JsonSchema> | undefined) ?? {}),
    ...(schema.items ? [schema.items as JsonSchema] : []),
  ];
  return [...own, ...children.flatMap(keywords)];
}

describe('the persona answer schema', () => {
  it('is strict-compatible: every property required, no extra properties, no unknown keywords', () => {
    const { schema, name } = PERSONAS_OUTPUT;
    expect(name).toBe('personas');
    expect(schema).not.toHaveProperty('$schema');
    const objects = objectSchemas(schema);
    expect(objects).toHaveLength(4);
    for (const object of objects) {
      expect(object.additionalProperties).toBe(false);
      expect([...(object.required as string[])].sort()).toEqual(Object.keys(object.properties as object).sort());
    }
    expect(new Set(keywords(schema))).toEqual(STRICT_KEYWORDS);
  });

  it('asks for the reasoning first, as a nullable field, so that one schema serves every config', () => {
    const properties = PERSONAS_OUTPUT.schema.properties as Record<string, JsonSchema>;
    expect(Object.keys(properties)).toEqual(['reasoning', 'personas']);
    expect(properties.reasoning.type).toEqual(['string', 'null']);
  });

  it('holds every field a model writes into a Persona', () => {
    const persona = ((structured.schema.properties as Record<string, JsonSchema>).personas.items as JsonSchema).properties as object;
    const written = Object.keys(PersonaSchema.shape).filter((field) => field !== 'evidence');
    expect(Object.keys(persona).sort()).toEqual(written.sort());
  });
});

describe('structured answers map back onto the same Persona as plain ones', () => {
  it('folds key/value pairs into demographics and additional, a null title into none, and reads the reasoning field', () => {
    const answer = JSON.stringify({
      reasoning: 'Two clusters.',
      personas: [
        {
          id: 'persona-1',
          name: 'Maya Chen',
          title: null,
          demographics: [
            { key: 'age_range', value: '35-44' },
            { key: 'tools', value: '["Excel","Looker"]' },
          ],
          goals: ['One dashboard'],
          painPoints: [],
          behaviours: [],
          quotes: ['I lose two hours'],
          additional: [
            { key: 'segment', value: 'operations' },
            { key: 'broken', value: '{not json' },
          ],
        },
      ],
    });
    const plain = `<reasoning>Two clusters.</reasoning><output>${JSON.stringify({
      personas: [
        {
          id: 'persona-1',
          name: 'Maya Chen',
          demographics: { age_range: '35-44', tools: ['Excel', 'Looker'] },
          goals: ['One dashboard'],
          quotes: ['I lose two hours'],
          segment: 'operations',
          additional: { broken: '{not json' },
        },
      ],
    })}</output>`;
    const fromSchema = parsePersonas(answer);
    expect(fromSchema).toEqual(parsePersonas(plain));
    expect(fromSchema.reasoning).toBe('Two clusters.');
    expect(fromSchema.personas[0]).not.toHaveProperty('title');
    expect(fromSchema.personas[0].additional).toEqual({ segment: 'operations', broken: '{not json' });
  });

  it('parses the simulated structured answer into the personas of the plain one', () => {
    const prompt = 'Create exactly 2 distinct user personas\nResearch data:\nP1: "I want my weekly report in one place."';
    const personas = parsePersonas(simulatedStructuredAnswer(prompt, true));
    expect(personas.personas.map((persona) => [persona.name, persona.demographics])).toEqual([
      ['Maya Chen', { occupation: 'Operations lead' }],
      ['Daniel Okafor', { occupation: 'Freelance designer' }],
    ]);
    expect(personas.reasoning).toMatch(/^A simulated stand-in, not a model: .*the data names no participant/);
  });

  it('keeps an additional field that is neither an object nor pairs under its own name', () => {
    expect(parsePersonas('{"name": "A", "additional": "free text"}').personas[0].additional).toEqual({ additional: 'free text' });
    expect(parsePersonas('{"name": "A", "additional": []}').personas[0].additional).toEqual({});
  });
});

describe('structured requests per provider', () => {
  it('OpenAI: response_format json_schema, strict, named', () => {
    expect(openAiAdapter.toRequest(chat, connection).body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'personas', strict: true, schema: structured.schema } },
    });
    expect(openAiAdapter.toRequest({ ...chat, structured: undefined }, connection).body).not.toHaveProperty('response_format');
    expect(openAiAdapter.structuredOutputByDefault).toBe(true);
    expect(openAiCompatibleAdapter.structuredOutputByDefault).toBe(false);
  });

  it('Anthropic: a forced tool whose input schema is the answer', () => {
    const body = anthropicAdapter.toRequest(chat, connection).body;
    expect(body).toMatchObject({
      tools: [{ name: 'personas', description: structured.description, input_schema: structured.schema }],
      tool_choice: { type: 'tool', name: 'personas' },
    });
    expect(anthropicAdapter.toRequest({ ...chat, structured: undefined }, connection).body).not.toHaveProperty('tools');
  });

  it('Gemini: JSON mime type with an OpenAPI-style response schema', () => {
    const body = geminiAdapter.toRequest(chat, connection).body as { generationConfig: Record<string, unknown> };
    expect(body.generationConfig).toEqual({
      temperature: 0.5,
      maxOutputTokens: 900,
      responseMimeType: 'application/json',
      responseSchema: geminiSchema(structured.schema),
    });
  });

  it('Ollama: the JSON schema as format', () => {
    expect(ollamaAdapter.toRequest(chat, connection).body).toMatchObject({ format: structured.schema });
    expect(ollamaAdapter.toRequest({ ...chat, structured: undefined }, connection).body).not.toHaveProperty('format');
  });
});

describe('geminiSchema', () => {
  it('turns JSON Schema into the OpenAPI subset Gemini takes, keeping the declared order', () => {
    expect(
      geminiSchema({
        type: 'object',
        properties: {
          b: { type: ['string', 'null'], description: 'B' },
          a: { type: 'array', items: { type: 'string' } },
        },
        required: ['b', 'a'],
        additionalProperties: false,
      }),
    ).toEqual({
      type: 'OBJECT',
      properties: { b: { type: 'STRING', nullable: true, description: 'B' }, a: { type: 'ARRAY', items: { type: 'STRING' } } },
      propertyOrdering: ['b', 'a'],
      required: ['b', 'a'],
    });
  });
});

describe('Anthropic tool answers', () => {
  it('reads the forced tool input of a whole message as the answer text', () => {
    expect(anthropicAdapter.parseWhole({ content: [{ type: 'tool_use', id: 't', name: 'personas', input: { personas: [] } }] })).toEqual([
      { type: 'text', delta: '{"personas":[]}' },
    ]);
  });

  it('reads input_json_delta pieces of a stream as answer text', () => {
    const frame = (data: unknown) => anthropicAdapter.parseFrame({ data: JSON.stringify(data) });
    expect(frame({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', input: {} } })).toEqual([]);
    expect(frame({ type: 'content_block_delta', delta: { type: 'input_json_delta', partial_json: '{"perso' } })).toEqual([
      { type: 'text', delta: '{"perso' },
    ]);
    expect(frame({ type: 'content_block_delta', delta: { type: 'input_json_delta', partial_json: '' } })).toEqual([]);
  });
});
