import type { JsonSchema } from './structured-output';

/**
 * Gemini's `responseSchema` is an OpenAPI-style subset of JSON Schema: upper-case type names,
 * `nullable` instead of a `null` type, no `additionalProperties`, and `propertyOrdering` to keep
 * the fields in the order they are declared (otherwise Gemini orders them alphabetically).
 */
export function geminiSchema(schema: JsonSchema): JsonSchema {
  const types = ([] as unknown[]).concat(schema.type ?? []).filter((type): type is string => typeof type === 'string');
  const type = types.find((candidate) => candidate !== 'null');
  const converted: JsonSchema = {
    ...(type ? { type: type.toUpperCase() } : {}),
    ...(types.includes('null') ? { nullable: true } : {}),
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
  };
  if (schema.items) converted.items = geminiSchema(schema.items as JsonSchema);
  if (schema.properties) {
    const properties = schema.properties as Record<string, JsonSchema>;
    converted.properties = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, geminiSchema(value)]));
    converted.propertyOrdering = Object.keys(properties);
    if (schema.required) converted.required = schema.required;
  }
  return converted;
}
