export { startFakeLlmServer, type FakeLlmServer, type FakeLlmServerOptions } from './testing/fake-llm-server';
export type { ScriptedResponse, RecordedRequest } from './testing/scripted-response';
export { simulatedAnswer, simulatedStructuredAnswer } from './testing/simulated-answer';
export type { RateQuotaOptions } from './testing/rate-quota';
