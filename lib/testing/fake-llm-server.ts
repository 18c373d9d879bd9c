import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simulatedBatches } from './batch/simulated-batches';
import type { SimulatedBatchOptions } from './batch/simulated-batch';
import { windowRefusal } from './context-window';
import { applyCors } from './cors';
import { OLLAMA_SHOW_PATH, ollamaShowAnswer, SIMULATED_OLLAMA_CONTEXT_LENGTH } from './ollama-show';
import { SimulatedPromptCache } from './prompt-cache';
import { rateQuota, type RateQuotaOptions } from './rate-quota';
import { playScripted } from './scripted-answer';
import type { RecordedRequest, ScriptedResponse } from './scripted-response';
import { anthropicWire } from './wire/anthropic-wire';
import { geminiWire } from './wire/gemini-wire';
import { ollamaWire } from './wire/ollama-wire';
import { openAiWire } from './wire/openai-wire';
import type { WireProtocol } from './wire-protocol';

export interface FakeLlmServerOptions {
  /** Answers for the next requests, used one per request in order. */
  script?: ScriptedResponse[];
  /** The answer once the script has run out. */
  defaults?: ScriptedResponse;
  /** How the OpenAI and Anthropic batch engines advance and which of their lines fail. */
  batches?: SimulatedBatchOptions;
  /** An account's rate limits: requests above them get 429 with `retry-after`, the rest the provider's rate-limit headers. */
  quota?: RateQuotaOptions;
  /**
   * The model's context window in tokens (the server counts four characters a token): a request
   * over it gets the provider's own "too long" refusal (OpenAI `context_length_exceeded`, Anthropic
   * "prompt is too long", Gemini "exceeds the maximum number of tokens"), before any scripted answer.
   * Ollama refuses nothing: it reads only the last `options.num_ctx` tokens (4,096 when unset), silently.
   */
  contextWindow?: number;
  /**
   * What Ollama's `/api/show` reports as the model's context length (`llama.context_length`),
   * sent as given, any value, for hostile tests; `null` leaves it out. Default 131,072.
   */
  ollamaContextLength?: unknown;
  /**
   * Cache prompt prefixes as the services do (default true): Anthropic the prefix up to a
   * `cache_control` breakpoint, OpenAI and Gemini the longest prefix seen before, from 1,024
   * tokens. A prefix is looked up when its request arrives and stored when its response
   * begins; usage reports what was read and written in each provider's own fields.
   */
  promptCache?: boolean;
}

export interface FakeLlmServer {
  /** The OpenAI-style base URL (`…/v1`): pass it as `baseURL` with `provider: 'openai'`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`, for the other providers' base URLs. */
  readonly origin: string;
  readonly requests: readonly RecordedRequest[];
  /** Requests being answered right now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Connections the client closed before the response ended. */
  readonly closedByClient: number;
  /** Requests refused with 429 because they were over the `quota`. */
  readonly rateLimited: number;
  /** Requests to Ollama's `/api/show` (answered apart from `requests` and the script). */
  readonly modelInfoRequests: number;
  enqueue(...responses: ScriptedResponse[]): void;
  /** Resolves once `closedByClient` reaches `count`. */
  waitForClientClose(count?: number): Promise<void>;
  /** Resolves once `requests.length` reaches `count`. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

const WIRES: readonly WireProtocol[] = [openAiWire, anthropicWire, geminiWire, ollamaWire];

/** Starts a real HTTP server on 127.0.0.1 (a free port) that speaks the providers' wire formats. */
export async function startFakeLlmServer(options: FakeLlmServerOptions = {}): Promise<FakeLlmServer> {
  const script = [...(options.script ?? [])];
  const requests: RecordedRequest[] = [];
  const waiters = new Set<() => void>();
  const stats = { inFlight: 0, maxInFlight: 0, closedByClient: 0, rateLimited: 0, modelInfoRequests: 0 };
  const quota = options.quota && rateQuota(options.quota);
  const promptCache = options.promptCache === false ? undefined : new SimulatedPromptCache();
  const notify = (): void => waiters.forEach((check) => check());
  let origin = '';
  const batches = simulatedBatches(options.batches ?? {}, () => origin);

  const waitFor = (done: () => boolean): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!done()) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });

  const server = createServer((req, res) => {
    // Preflights are answered here, so they never count as requests, in flight or closed.
    if (applyCors(req, res)) return;
    void handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const closed = new AbortController();
    let serverEnded = false;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.on('close', () => {
      stats.inFlight -= 1;
      if (!res.writableFinished && !serverEnded) stats.closedByClient += 1;
      // Only an unfinished answer has waits to cut short.
      if (!res.writableFinished) closed.abort();
      notify();
    });

    const path = req.url ?? '/';
    const batchRoute = batches.route(req.method ?? 'GET', path);
    const wire = batchRoute?.wire ?? WIRES.find((candidate) => candidate.matches(req.method ?? 'GET', path));
    const raw = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(raw || 'null');
    } catch {
      // A batch file upload is multipart, not JSON.
      body = batchRoute ? raw : undefined;
    }
    if (req.method === 'POST' && path === OLLAMA_SHOW_PATH) {
      stats.modelInfoRequests += 1;
      const model = (body as { model?: unknown; name?: unknown } | undefined)?.model ?? (body as { name?: unknown } | undefined)?.name;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ollamaShowAnswer(String(model), options.ollamaContextLength === undefined ? SIMULATED_OLLAMA_CONTEXT_LENGTH : options.ollamaContextLength)));
      return;
    }
    if (!wire || body === undefined) {
      res.writeHead(wire ? 400 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: wire ? 'Request body is not JSON' : `No route for ${path}` } }));
      return;
    }
    const stream = !batchRoute && wire.isStream(path, body);
    requests.push({ provider: wire.provider, method: req.method ?? 'POST', path, headers: req.headers, body, stream });
    notify();

    // Looked up on arrival: requests that arrive before a writer's response has begun miss, as at the services.
    const cachePrefix = batchRoute || !promptCache ? undefined : wire.cachePrefixOf?.(path, body);
    const cacheUse = promptCache?.use(cachePrefix);
    const admission = quota?.admit(wire.provider, Math.ceil(wire.promptOf(body).length / 4));
    if (admission && !admission.admitted) {
      stats.rateLimited += 1;
      res.writeHead(429, { 'content-type': 'application/json', ...admission.headers });
      res.end(JSON.stringify(wire.errorBody(429, 'Rate limit reached (simulated quota)')));
      return;
    }
    const tooLong = batchRoute ? undefined : windowRefusal(wire, body, options.contextWindow);
    if (tooLong) {
      res.writeHead(tooLong.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(tooLong.body));
      return;
    }
    await playScripted(script.shift() ?? options.defaults ?? {}, {
      req,
      res,
      wire,
      path,
      body,
      stream,
      batchRoute,
      closed: closed.signal,
      quotaHeaders: quota && (() => quota.headers(wire.provider)),
      inFlightReaches: (count) => waitFor(() => stats.inFlight >= count || closed.signal.aborted),
      markServerEnded: () => (serverEnded = true),
      cacheUse,
      storeInCache: () => promptCache?.store(cachePrefix),
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/v1`,
    origin,
    requests,
    get inFlight() {
      return stats.inFlight;
    },
    get maxInFlight() {
      return stats.maxInFlight;
    },
    get closedByClient() {
      return stats.closedByClient;
    },
    get rateLimited() {
      return stats.rateLimited;
    },
    get modelInfoRequests() {
      return stats.modelInfoRequests;
    },
    enqueue: (...responses) => script.push(...responses),
    waitForClientClose: (count = 1) => waitFor(() => stats.closedByClient >= count),
    waitForRequests: (count) => waitFor(() => requests.length >= count),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
