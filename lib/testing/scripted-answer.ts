import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BatchRoute } from './batch/simulated-batch';
import type { CacheUse } from './prompt-cache';
import { rawStreamFrames, rawWholeBody } from './raw-response';
import type { ScriptedResponse } from './scripted-response';
import { simulatedReply } from './simulated-reply';
import type { SimulatedReply, WireProtocol } from './wire-protocol';

const DEFAULT_CHUNK_SIZE = 24;

/** One request as the server received and routed it, and what the script may do with its connection. */
export interface ScriptStage {
  req: IncomingMessage;
  res: ServerResponse;
  wire: WireProtocol;
  path: string;
  body: unknown;
  stream: boolean;
  batchRoute: BatchRoute | undefined;
  /** Aborted when the client goes away. */
  closed: AbortSignal;
  /** The account's rate-limit headers at this moment, when a quota is set. */
  quotaHeaders: (() => Record<string, string>) | undefined;
  /** Resolves once `count` requests are in flight together, or the client has gone. */
  inFlightReaches: (count: number) => Promise<void>;
  /** The server, not the client, ends this connection (a fault, not a cancellation). */
  markServerEnded: () => void;
  /** What the prompt cache served and stored for this request, looked up on arrival. */
  cacheUse: CacheUse | undefined;
  /** The response begins: its prefix goes into the prompt cache. */
  storeInCache: () => void;
}

/**
 * Plays one scripted response: its latency, its barrier, its faults, and then the provider's
 * error, batch, whole or streamed answer.
 */
export async function playScripted(next: ScriptedResponse, stage: ScriptStage): Promise<void> {
  const { req, res, wire, path, body, stream, batchRoute, closed, quotaHeaders, inFlightReaches, markServerEnded } = stage;
  if (!(await sleep(next.latencyMs, closed))) return;
  // The budget as it stands when the response goes out, as a real service reports it.
  const scripted = quotaHeaders ? { ...next, headers: { ...quotaHeaders(), ...next.headers } } : next;
  if (scripted.awaitInFlight !== undefined) {
    await inFlightReaches(scripted.awaitInFlight);
    if (closed.aborted) return;
  }
  if (scripted.fault === 'hang') return;
  if (scripted.fault === 'reset') {
    markServerEnded();
    req.socket.destroy();
    return;
  }
  const missing = wire.missingHeader?.(req.headers);
  const answerSchema = batchRoute ? undefined : wire.answerSchemaOf(body);
  const refusal = scripted.refuseStructuredOutput && answerSchema ? { status: 400, message: wire.structuredRefusal } : undefined;
  const status = missing?.status ?? refusal?.status ?? scripted.status ?? 200;
  if (status >= 300) {
    const message = missing?.message ?? refusal?.message ?? scripted.errorMessage ?? `simulated ${status}`;
    res.writeHead(status, { 'content-type': 'application/json', ...scripted.headers });
    res.end(JSON.stringify(wire.errorBody(status, message)));
    return;
  }
  if (batchRoute) {
    const answer = await batchRoute.answer(body, req.headers['content-type']);
    res.writeHead(answer.status, { 'content-type': 'text' in answer ? 'application/octet-stream' : 'application/json', ...scripted.headers });
    res.end('error' in answer ? JSON.stringify(wire.errorBody(answer.status, answer.error)) : 'text' in answer ? answer.text : JSON.stringify(answer.json));
    return;
  }
  if (scripted.fault === 'malformed') {
    res.writeHead(200, { 'content-type': stream ? wire.streamContentType : 'application/json', ...scripted.headers });
    res.end(stream ? 'data: {not json\n\n' : '{"truncated": ');
    return;
  }
  const reply = simulatedReply(wire, path, body, scripted, wire.promptRead?.(body) ?? wire.promptOf(body), stage.cacheUse);
  stage.storeInCache();
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json', ...scripted.headers });
    res.end(rawWholeBody(scripted) ?? JSON.stringify(wire.whole(reply)));
    return;
  }
  await writeStream(res, wire, reply, scripted, closed, markServerEnded);
}

async function writeStream(
  res: ServerResponse,
  wire: WireProtocol,
  reply: SimulatedReply,
  scripted: ScriptedResponse,
  closed: AbortSignal,
  markServerEnded: () => void,
): Promise<void> {
  res.writeHead(200, { 'content-type': wire.streamContentType, 'cache-control': 'no-cache', ...scripted.headers });
  res.flushHeaders();
  const frames = rawStreamFrames(scripted) ?? wire.streamFrames(reply, split(reply.text, scripted.chunkSize ?? DEFAULT_CHUNK_SIZE));
  const faultAt = scripted.fault?.endsWith('-mid-stream') ? Math.floor(frames.length / 2) : frames.length;
  for (const [index, frame] of frames.entries()) {
    if (index === faultAt) break;
    if (index > 0 && !(await sleep(scripted.chunkDelayMs, closed))) return;
    res.write(frame);
  }
  if (scripted.fault === 'hang-mid-stream') return;
  if (scripted.fault === 'reset-mid-stream') {
    markServerEnded();
    res.socket?.destroy();
    return;
  }
  if (scripted.fault === 'error-mid-stream') res.write(wire.streamErrorFrame(scripted.errorMessage ?? 'Overloaded'));
  res.end();
}

/** Waits `ms`, or resolves false at once when the client goes away. */
function sleep(ms: number | undefined, closed: AbortSignal): Promise<boolean> {
  if (closed.aborted) return Promise.resolve(false);
  if (!ms) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      closed.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    closed.addEventListener('abort', onAbort, { once: true });
  });
}

function split(text: string, size: number): string[] {
  const characters = Array.from(text);
  const pieces: string[] = [];
  for (let index = 0; index < characters.length; index += size) pieces.push(characters.slice(index, index + size).join(''));
  return pieces;
}
