export * from './errors';
export * from './events';
export { ofType } from './operators/of-type';
export { progressOf } from './operators/progress-of';
export { personasOf } from './operators/personas-of';
export { resultOf } from './operators/result-of';
export { tokensOf } from './operators/tokens-of';
export { currentPersonas } from './operators/current-personas';
export { batchProgress, type BatchProgress } from './operators/batch-progress';
export { PersonaSchema, type Persona } from './schemas/persona';
export {
  EvidenceSchema,
  QualitySchema,
  UnverifiedQuotesSchema,
  type Evidence,
  type Quality,
  type UnverifiedQuotes,
} from './schemas/evidence';
export {
  PersonaConfigSchema,
  DataDocumentSchema,
  ComplexitySchema,
  DetailLevelSchema,
  type ResolvedPersonaConfig,
  type PersonaConfig,
  type DataDocument,
} from './schemas/config';
export {
  CandidateRefSchema,
  ConsolidationSchema,
  GenerationResultSchema,
  UsageSchema,
  type CandidateRef,
  type Consolidation,
  type GenerationResult,
  type Usage,
} from './schemas/result';
export {
  GeneratorOptionsSchema,
  ProviderNameSchema,
  TelemetryOptionsSchema,
  type TelemetryOptions,
  type TracerProviderLike,
  type ResolvedGeneratorOptions,
  type GeneratorOptions,
  type ProviderName,
  type RunOptions,
} from './schemas/options';
export type { RunStore, RunToSave } from './schemas/run-store';
export { JobTagSchema, type JobTag, type SavedJob } from './schemas/job-record';
export { jobConfigHash } from './generation/job-config-hash';
export { PersonaGenerator } from './generator/persona-generator';
export type { BatchInput } from './generation/generate-all';
export {
  BatchModeSchema,
  BatchJobSchema,
  BatchOptionsSchema,
  type BatchMode,
  type ResolvedBatchJob,
  type BatchJob,
  type BatchItem,
  type BatchOptions,
} from './schemas/batch-options';
export {
  ProviderBatchStatusSchema,
  type ProviderBatchStatus,
  type ProviderBatchEvent,
  type ProviderBatchSubmittedEvent,
  type ProviderBatchStatusEvent,
  type ProviderBatchJobEvent,
} from './events/provider-batch-event';
export {
  ProviderBatchOptionsSchema,
  ProviderBatchIdSchema,
  type ProviderBatchOptions,
  type ResolvedProviderBatchOptions,
} from './schemas/provider-batch-options';
export { ProviderBatchRecordSchema, type ProviderBatchRecord, type ResolvedProviderBatchRecord } from './schemas/provider-batch-record';
export { AsyncPersonaGenerator } from './promise/async-persona-generator';
export type { AsyncProviderBatchOptions, ProviderBatchCallback } from './promise/await-provider-batch';
export type { AsyncBatchOptions, BatchProgressCallback } from './promise/agenerate-batch';
export { agenerateParallel, type ParallelOptions } from './promise/agenerate-parallel';
export { CancellationToken } from './promise/cancellation-token';
export { toPromise } from './promise/to-promise';
export type { ProgressCallback, PromiseAdapterOptions } from './promise/adapter-options';
export type { OperationOptions } from './promise/operation-promise';
export { CostEstimateSchema, type CostEstimate } from './cost/estimate';
export { batchPriceOf } from './cost/batch-pricing';
export { priceOf } from './cost/pricing';
export { modelFacts, ModelFactsSchema, ModelPriceSchema, type ModelFacts, type ModelPrice } from './models/model-facts';
export { MODEL_REGISTRY } from './models/registry-version';
export { approximateTokenCount, CHARS_PER_TOKEN, type TokenCounting } from './cost/token-counter';
export { resultToJson, personaToJson } from './export/json';
export { resultToMarkdown, personaToMarkdown } from './export/markdown';
export { parsePersonas, type ParsedOutput } from './parsing/parse-personas';
export { renderPrompt, type RenderedPrompt } from './prompts/render-prompt';
export { BUILT_IN_TEMPLATES } from './prompts/templates';
