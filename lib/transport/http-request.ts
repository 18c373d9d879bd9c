import axios, { type AxiosResponse } from 'axios';
import { Observable } from 'rxjs';

export interface HttpRequestSpec {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** Why a request produced no usable response; the provider layer turns it into a typed error. */
export type HttpFailure =
  | { kind: 'status'; status: number; body: string; headers: Record<string, string> }
  | { kind: 'network'; code: string };

/** The status line and headers of a response, before its body is read. */
export interface ResponseHead {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
}

export interface HttpRequestOptions {
  /** Emit the body as it arrives (decoded UTF-8 text chunks) rather than once, whole. */
  stream: boolean;
  toError: (failure: HttpFailure) => Error;
  /** Told of every response (success or not) as soon as its head arrives, before its body. */
  onResponse?: (head: ResponseHead) => void;
}

type ByteStream = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * POSTs `spec` and emits the response body as decoded text: one chunk when whole, many when
 * streaming. Cold: the request starts on subscribe; unsubscribing aborts it, which closes the
 * connection at once. Raw axios errors never escape, because they carry the request headers.
 */
export function httpRequest$(spec: HttpRequestSpec, options: HttpRequestOptions): Observable<string> {
  return new Observable<string>((subscriber) => {
    const controller = new AbortController();
    let body: ByteStream | undefined;
    let settled = false;

    const emitBody = async (stream: ByteStream, decoder: TextDecoder): Promise<void> => {
      for await (const chunk of iterate(stream)) {
        if (controller.signal.aborted) return;
        const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
        if (text) subscriber.next(text);
      }
      const rest = decoder.decode();
      if (rest) subscriber.next(rest);
    };

    const run = async (): Promise<void> => {
      const response: AxiosResponse = await axios.request({
        method: 'POST',
        url: spec.url,
        headers: spec.headers,
        data: spec.body,
        signal: controller.signal,
        responseType: options.stream ? 'stream' : 'text',
        // Streaming in a browser needs the fetch adapter; Node's http adapter gives a Readable.
        adapter: isNode ? 'http' : 'fetch',
        transformResponse: (data: unknown) => data,
        validateStatus: () => true,
        maxRedirects: 0,
      });
      options.onResponse?.({ status: response.status, headers: headersOf(response) });
      if (!options.stream) {
        if (response.status >= 300) throw statusFailure(response, String(response.data ?? ''));
        subscriber.next(String(response.data ?? ''));
        return;
      }
      body = response.data as ByteStream;
      const decoder = new TextDecoder('utf-8');
      if (response.status >= 300) throw statusFailure(response, await readAll(body, decoder));
      await emitBody(body, decoder);
    };

    run().then(
      () => {
        settled = true;
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        if (controller.signal.aborted) return;
        subscriber.error(error instanceof HttpFailureError ? options.toError(error.failure) : options.toError(networkFailure(error)));
      },
    );

    return () => {
      if (settled) return;
      controller.abort();
      destroy(body);
    };
  });
}

class HttpFailureError extends Error {
  constructor(readonly failure: HttpFailure) {
    super(failure.kind);
  }
}

function headersOf(response: AxiosResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  return headers;
}

function statusFailure(response: AxiosResponse, body: string): HttpFailureError {
  return new HttpFailureError({ kind: 'status', status: response.status, body, headers: headersOf(response) });
}

function networkFailure(error: unknown): HttpFailure {
  const code = (error as { code?: unknown } | null)?.code;
  return { kind: 'network', code: typeof code === 'string' ? code : 'ENETWORK' };
}

async function* iterate(stream: ByteStream): AsyncIterable<Uint8Array | string> {
  if ('getReader' in stream) {
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    yield* stream;
  }
}

async function readAll(stream: ByteStream, decoder: TextDecoder): Promise<string> {
  let text = '';
  for await (const chunk of iterate(stream)) {
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

function destroy(body: ByteStream | undefined): void {
  if (!body) return;
  if ('destroy' in body && typeof body.destroy === 'function') body.destroy();
  else if ('cancel' in body && typeof body.cancel === 'function') body.cancel().catch(() => undefined);
}
