import type { CostEstimate } from '../cost/estimate';
import type { BatchInput } from '../generation/generate-all';
import { PersonaGenerator } from '../generator/persona-generator';
import type { PersonaConfig } from '../schemas/config';
import type { GenerationResult } from '../schemas/result';
import type { PromiseAdapterOptions } from './adapter-options';
import { awaitProviderBatch, type AsyncProviderBatchOptions } from './await-provider-batch';
import type { BatchOutcome } from '../events/batch-outcome';
import { awaitBatch, type AsyncBatchOptions } from './agenerate-batch';
import { operationPromise, type OperationOptions } from './operation-promise';
import { toPromise } from './to-promise';

/** The await-style face of PersonaGenerator: each `aop` is `op$` through `toPromise`. */
export class AsyncPersonaGenerator extends PersonaGenerator {
  agenerate(config: PersonaConfig, options: PromiseAdapterOptions = {}): Promise<GenerationResult> {
    return toPromise(this.generate$(config), options);
  }

  /** `estimateCost$` awaited: `{ inputTokens, outputTokens, costUsd, provider, model }`, no request made. */
  aestimateCost(config: PersonaConfig, options: OperationOptions = {}): Promise<CostEstimate> {
    return operationPromise(this.estimateCost$(config), options);
  }

  /** `generateAll$` awaited: results in input order; in `settle` mode one outcome per job, like `Promise.allSettled`. */
  agenerateBatch(configs: BatchInput, options?: AsyncBatchOptions & { mode?: 'fail-fast' }): Promise<GenerationResult[]>;
  agenerateBatch(configs: BatchInput, options: AsyncBatchOptions & { mode: 'settle' }): Promise<BatchOutcome[]>;
  agenerateBatch(configs: BatchInput, options?: AsyncBatchOptions): Promise<GenerationResult[] | BatchOutcome[]>;
  agenerateBatch(configs: BatchInput, options: AsyncBatchOptions = {}): Promise<GenerationResult[] | BatchOutcome[]> {
    return awaitBatch(this, configs, options);
  }

  /** `submitBatch$` awaited: one allSettled-shaped outcome per config, in input order. */
  asubmitBatch(configs: readonly PersonaConfig[], options: AsyncProviderBatchOptions = {}): Promise<BatchOutcome[]> {
    return awaitProviderBatch((batchOptions) => this.submitBatch$(configs, batchOptions), options);
  }

  /** `resumeBatch$` awaited: one allSettled-shaped outcome per config, in input order. */
  aresumeBatch(batchId: string, configs?: readonly PersonaConfig[], options: AsyncProviderBatchOptions = {}): Promise<BatchOutcome[]> {
    return awaitProviderBatch((batchOptions) => this.resumeBatch$(batchId, configs, batchOptions), options);
  }
}
