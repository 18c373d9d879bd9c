import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, toArray } from 'rxjs';
import { ParseError } from '../../lib';
import { httpRequest$, type HttpFailure } from '../../lib/transport/http-request';

let server: Server;
let url: string;
let respond: (res: ServerResponse) => void;

beforeEach(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => respond(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

class FailureSeen extends Error {
  constructor(readonly failure: HttpFailure) {
    super(failure.kind);
  }
}

const request = (stream: boolean, maxResponseBytes = 1024 * 1024) =>
  lastValueFrom(
    httpRequest$({ url, headers: { 'content-type': 'application/json' }, body: { hello: 'world' } }, {
      stream,
      maxResponseBytes,
      toError: (failure) => new FailureSeen(failure),
    }).pipe(toArray()),
  );

describe('httpRequest$', () => {
  it('decodes UTF-8 characters split across stream chunks', async () => {
    const bytes = Buffer.from('naïve café ✓', 'utf8');
    respond = (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (const byte of bytes) res.write(Buffer.from([byte]));
      res.end();
    };
    const chunks = await request(true);
    expect(chunks.join('')).toBe('naïve café ✓');
    expect(chunks.every((chunk) => !chunk.includes('\uFFFD'))).toBe(true);
  });

  it('emits a whole body once', async () => {
    respond = (res) => res.end('{"ok":true}');
    expect(await request(false)).toEqual(['{"ok":true}']);
  });

  it.each([true, false])('reports a status failure with body and lower-cased headers (stream: %s)', async (stream) => {
    respond = (res) => {
      res.writeHead(503, { 'Retry-After': '2', 'content-type': 'application/json' });
      res.end('{"error":{"message":"busy"}}');
    };
    await expect(request(stream)).rejects.toMatchObject({
      failure: { kind: 'status', status: 503, body: '{"error":{"message":"busy"}}', headers: expect.objectContaining({ 'retry-after': '2' }) },
    });
  });

  it('reports a dropped connection as a network failure with its code', async () => {
    respond = (res) => res.socket?.destroy();
    await expect(request(false)).rejects.toMatchObject({ failure: { kind: 'network', code: 'ECONNRESET' } });
  });

  it('reports a failure without a code as ENETWORK', async () => {
    const failures: HttpFailure[] = [];
    await lastValueFrom(
      httpRequest$({ url: 'http://[not-a-host', headers: {}, body: {} }, {
        stream: false,
        maxResponseBytes: 1024,
        toError: (failure) => {
          failures.push(failure);
          return new Error('seen');
        },
      }),
    ).catch(() => undefined);
    expect(failures).toEqual([{ kind: 'network', code: expect.any(String) }]);
  });

  it.each([true, false])('accepts a body of exactly maxResponseBytes (stream: %s)', async (stream) => {
    respond = (res) => res.end('x'.repeat(4096));
    expect((await request(stream, 4096)).join('')).toHaveLength(4096);
  });

  it.each([true, false])(
    'refuses a body past maxResponseBytes with ParseError as it arrives, and closes the connection (stream: %s)',
    async (stream) => {
      // The server never ends the body: only a limit counted while the bytes arrive can stop it.
      const closed = new Promise<boolean>((resolve) => {
        respond = (res) => {
          res.on('close', () => resolve(res.writableFinished));
          res.writeHead(200, { 'content-type': 'text/plain' });
          for (let chunk = 0; chunk < 8; chunk += 1) res.write('y'.repeat(1024));
        };
      });
      const error = await request(stream, 4096).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ParseError);
      expect((error as ParseError).message).toMatch(/larger than maxResponseBytes \(4096 bytes\)/);
      expect(await closed).toBe(false);
    },
  );

  it('reads no more than 64 KiB of an error body, however long it is', async () => {
    respond = (res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.write('e'.repeat(200 * 1024));
    };
    const error = (await request(true).catch((caught: unknown) => caught)) as FailureSeen;
    expect(error.failure).toMatchObject({ kind: 'status', status: 500 });
    expect((error.failure as { body: string }).body).toBe('e'.repeat(64 * 1024));
  });
});

describe('httpRequest$ onResponse', () => {
  it.each([true, false])('hands over the status and lower-cased headers before the body, for failures too (stream: %s)', async (stream) => {
    respond = (res) => {
      res.writeHead(429, { 'Retry-After': '3', 'X-RateLimit-Remaining-Requests': '0' });
      res.end('{}');
    };
    const seen: unknown[] = [];
    const outcome = await lastValueFrom(
      httpRequest$({ url, headers: {}, body: {} }, { stream, maxResponseBytes: 1024, toError: () => new Error('failed'), onResponse: (head) => seen.push(head) }),
    ).catch((error: unknown) => error);
    expect(outcome).toEqual(new Error('failed'));
    expect(seen).toEqual([{ status: 429, headers: expect.objectContaining({ 'retry-after': '3', 'x-ratelimit-remaining-requests': '0' }) }]);
  });

  it('is told once, before the first body chunk', async () => {
    respond = (res) => res.end('body');
    const order: string[] = [];
    await lastValueFrom(
      httpRequest$({ url, headers: {}, body: {} }, {
        stream: true,
        maxResponseBytes: 1024,
        toError: (failure) => new FailureSeen(failure),
        onResponse: ({ status }) => order.push(`head ${status}`),
      }).pipe(toArray()),
    ).then((chunks) => order.push(...chunks));
    expect(order).toEqual(['head 200', 'body']);
  });
});
