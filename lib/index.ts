export * from './errors';
export * from './events';
export { PersonaSchema, type Persona } from './schemas/persona';
export {
  PersonaConfigSchema,
  DataDocumentSchema,
  ComplexitySchema,
  DetailLevelSchema,
  type PersonaConfig,
  type PersonaConfigInput,
  type DataDocument,
} from './schemas/config';
export { GenerationResultSchema, UsageSchema, type GenerationResult, type Usage } from './schemas/result';
export {
  GeneratorOptionsSchema,
  ProviderNameSchema,
  type GeneratorOptions,
  type GeneratorOptionsInput,
  type ProviderName,
  type RunOptions,
} from './schemas/options';
export type { RunStore } from './generation/run-store';
export { PersonaGenerator } from './generation/persona-generator';
export { AsyncPersonaGenerator } from './promise/async-persona-generator';
export { CancellationToken } from './promise/cancellation-token';
export { toPromise } from './promise/to-promise';
export type { ProgressCallback, PromiseAdapterOptions } from './promise/adapter-options';
export { parsePersonas, type ParsedOutput } from './parsing/parse-personas';
export { renderPrompt, type RenderedPrompt } from './prompts/render-prompt';
export { BUILT_IN_TEMPLATES } from './prompts/templates';
