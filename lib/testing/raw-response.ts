import type { ScriptedResponse } from './scripted-response';

/**
 * What a scripted response sends instead of the provider's own body, if anything: the raw
 * parts as they are, so that a test can play a hostile or broken provider. A whole response
 * gets the frames joined; a stream gets the body as one frame.
 */
export function rawWholeBody(scripted: ScriptedResponse): string | undefined {
  return scripted.rawBody ?? scripted.rawFrames?.join('');
}

export function rawStreamFrames(scripted: ScriptedResponse): string[] | undefined {
  return scripted.rawFrames ?? (scripted.rawBody === undefined ? undefined : [scripted.rawBody]);
}
