import axios, { type AxiosResponse } from 'axios';
import { Observable } from 'rxjs';
import { ParseError } from '../errors';

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
  /** The most body bytes accepted: one byte more aborts the request with ParseError, in both modes. */
  maxResponseBytes: number;
  toError: (failure: HttpFailure) => Error;
  /** Told of every response (success or not) as soon as its head arrives, before its body. */
  onResponse?: (head: ResponseHead) => void;
}

/** An error body is only read for its message: this much of it is plenty. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

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
    // Aborting closes the connection at once, whether we stopped reading or the caller left.
    const release = (): void => {
      controller.abort();
      destroy(body);
    };

    const run = async (): Promise<void> => {
      const response: AxiosResponse = await axios.request({
        method: 'POST',
        url: spec.url,
        headers: spec.headers,
        data: spec.body,
        signal: controller.signal,
        // Whole bodies are read as a stream too, so that the byte limit holds while they arrive
        // rather than after axios has buffered them.
        responseType: 'stream',
        // Streaming in a browser needs the fetch adapter; Node's http adapter gives a Readable.
        adapter: isNode ? 'http' : 'fetch',
        transformResponse: (data: unknown) => data,
        validateStatus: () => true,
        maxRedirects: 0,
      });
      options.onResponse?.({ status: response.status, headers: headersOf(response) });
      body = response.data as ByteStream;
      if (response.status >= 300) throw statusFailure(response, await readText(body, MAX_ERROR_BODY_BYTES));
      const texts = decodedText(body, options.maxResponseBytes);
      if (options.stream) {
        for await (const text of texts) {
          if (controller.signal.aborted) return;
          subscriber.next(text);
        }
      } else {
        let whole = '';
        for await (const text of texts) whole += text;
        subscriber.next(whole);
      }
    };

    run().then(
      () => {
        settled = true;
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        if (controller.signal.aborted) return;
        release();
        subscriber.error(failureError(error, options));
      },
    );

    return () => {
      if (!settled) release();
    };
  });
}

function failureError(error: unknown, options: HttpRequestOptions): Error {
  if (error instanceof ParseError) return error;
  return options.toError(error instanceof HttpFailureError ? error.failure : networkFailure(error));
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

const encoder = new TextEncoder();
const bytesOf = (chunk: Uint8Array | string): Uint8Array => (typeof chunk === 'string' ? encoder.encode(chunk) : chunk);

class ResponseTooLarge extends Error {}

/** The body's bytes, counted as they arrive: past `limit` it stops, with ResponseTooLarge. */
async function* limitedBytes(stream: ByteStream, limit: number): AsyncIterable<Uint8Array> {
  let received = 0;
  for await (const chunk of iterate(stream)) {
    const bytes = bytesOf(chunk);
    received += bytes.byteLength;
    if (received > limit) throw new ResponseTooLarge();
    yield bytes;
  }
}

/** UTF-8 text as it arrives, however the chunks split characters; ParseError past `limit` bytes. */
async function* decodedText(stream: ByteStream, limit: number): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const bytes of limitedBytes(stream, limit)) {
      const text = decoder.decode(bytes, { stream: true });
      if (text) yield text;
    }
  } catch (error) {
    if (!(error instanceof ResponseTooLarge)) throw error;
    throw new ParseError(`The provider's answer is larger than maxResponseBytes (${limit} bytes); raise maxResponseBytes if it is expected`, '');
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The start of a body that is only read for a message: at most `limit` bytes of it. */
async function readText(stream: ByteStream, limit: number): Promise<string> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let received = 0;
  for await (const chunk of iterate(stream)) {
    const bytes = bytesOf(chunk);
    const room = limit - received;
    received += bytes.byteLength;
    text += decoder.decode(bytes.subarray(0, room), { stream: true });
    if (received >= limit) break;
  }
  return text + decoder.decode();
}

function destroy(body: ByteStream | undefined): void {
  if (!body) return;
  if ('destroy' in body && typeof body.destroy === 'function') body.destroy();
  else if ('cancel' in body && typeof body.cancel === 'function') body.cancel().catch(() => undefined);
}
