import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lastValueFrom, toArray } from 'rxjs';
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

const request = (stream: boolean) =>
  lastValueFrom(
    httpRequest$({ url, headers: { 'content-type': 'application/json' }, body: { hello: 'world' } }, {
      stream,
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
        toError: (failure) => {
          failures.push(failure);
          return new Error('seen');
        },
      }),
    ).catch(() => undefined);
    expect(failures).toEqual([{ kind: 'network', code: expect.any(String) }]);
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
      httpRequest$({ url, headers: {}, body: {} }, { stream, toError: () => new Error('failed'), onResponse: (head) => seen.push(head) }),
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
        toError: (failure) => new FailureSeen(failure),
        onResponse: ({ status }) => order.push(`head ${status}`),
      }).pipe(toArray()),
    ).then((chunks) => order.push(...chunks));
    expect(order).toEqual(['head 200', 'body']);
  });
});
