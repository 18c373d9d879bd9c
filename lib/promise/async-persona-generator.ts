import { PersonaGenerator } from '../generation/persona-generator';
import type { PersonaConfigInput } from '../schemas/config';
import type { GenerationResult } from '../schemas/result';
import type { PromiseAdapterOptions } from './adapter-options';
import { toPromise } from './to-promise';

/** The await-style face of PersonaGenerator: each `aop` is `op$` through `toPromise`. */
export class AsyncPersonaGenerator extends PersonaGenerator {
  agenerate(config: PersonaConfigInput, options: PromiseAdapterOptions = {}): Promise<GenerationResult> {
    return toPromise(this.generate$(config), options);
  }
}
