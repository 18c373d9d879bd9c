/**
 * Every stage a run can pass through, in order: the vocabulary of progress events and timeouts
 * alike. A run over data larger than the context window has `chunk` and `consolidate` in place of
 * `request` and `receive`.
 */
export const RUN_STAGES = ['prepare', 'render', 'request', 'receive', 'chunk', 'consolidate', 'parse', 'save'] as const;
export type RunStage = (typeof RUN_STAGES)[number];
