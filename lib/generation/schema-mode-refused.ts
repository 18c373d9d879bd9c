import type { ProviderError } from '../errors';

/**
 * The model refused its schema mode at `attempt`. It carries the attempt number to the run, which
 * asks once more with plain JSON prompting, numbered on from there; it never leaves the run.
 */
export class SchemaModeRefused extends Error {
  constructor(
    readonly refusal: ProviderError,
    readonly attempt: number,
  ) {
    super(refusal.message);
    this.name = 'SchemaModeRefused';
  }
}
