/** Every stage a run can pass through, in order: the vocabulary of progress events and timeouts alike. */
export const RUN_STAGES = ['prepare', 'render', 'request', 'receive', 'parse', 'save'] as const;
export type RunStage = (typeof RUN_STAGES)[number];
