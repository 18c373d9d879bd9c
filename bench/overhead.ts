import axios from 'axios';
import { createParser } from 'eventsource-parser';
import { performance } from 'node:perf_hooks';
import { lastValueFrom } from 'rxjs';
import { PersonaGenerator, parsePersonas } from '../lib';
import { startFakeLlmServer, type FakeLlmServer } from '../lib/testing';

const RUNS = 500;
const ROUNDS = 5;
const WARM_UP = 50;
const CANCELLED_STREAMS = 100;
const DATA = 'P1: "I want one dashboard." P2: "Exports are too slow, I hate waiting."';

type Once = () => Promise<unknown>;

/** Total time of `runs` sequential calls of each contender, interleaved in rounds so that drift in machine load hits all alike. */
export async function race(contenders: Record<string, Once>, { runs = RUNS, rounds = ROUNDS } = {}): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const [name, once] of Object.entries(contenders)) {
    totals[name] = 0;
    for (let index = 0; index < WARM_UP; index += 1) await once();
  }
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, once] of Object.entries(contenders)) {
      const start = performance.now();
      for (let index = 0; index < runs / rounds; index += 1) await once();
      totals[name] += performance.now() - start;
    }
  }
  return totals;
}

/** The body text of the streamed chat completion, decoded as little as possible. */
function contentOfStream(raw: string): string {
  let text = '';
  const parser = createParser({
    onEvent: ({ data }) => {
      if (data !== '[DONE]') text += (JSON.parse(data) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content ?? '';
    },
  });
  parser.feed(raw);
  return text;
}

async function pipelineOverhead(server: FakeLlmServer, stream: boolean): Promise<void> {
  const generator = new PersonaGenerator({ provider: 'openai', baseURL: server.url, apiKey: 'sk-bench-000000', stream });
  const pipeline = () => lastValueFrom(generator.generate$({ count: 3, data: DATA }));
  await pipeline();
  const { body, headers } = server.requests[server.requests.length - 1];
  const post = async (): Promise<string> => {
    const response = await axios.post(`${server.url}/chat/completions`, body, {
      headers: { 'content-type': 'application/json', authorization: String(headers.authorization) },
      responseType: stream ? 'stream' : 'text',
      transformResponse: (data: unknown) => data,
    });
    if (!stream) return response.data as string;
    let text = '';
    for await (const chunk of response.data as AsyncIterable<Buffer>) text += chunk.toString('utf8');
    return text;
  };
  const decodeAndParse = async () => {
    const raw = await post();
    const content = stream ? contentOfStream(raw) : (JSON.parse(raw) as { choices: { message: { content: string } }[] }).choices[0].message.content;
    return parsePersonas(content);
  };
  const totals = await race({ 'raw axios': post, 'axios + decode + parse': decodeAndParse, 'generate$': pipeline });
  const line = Object.entries(totals)
    .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`)
    .join(', ');
  console.log(`  ${stream ? 'streamed' : 'whole'}: ${line}`);
  console.log(
    `    ratio generate$ / raw axios ${(totals['generate$'] / totals['raw axios']).toFixed(3)} (target <= 1.10); ` +
      `generate$ / (axios + decode + parse) ${(totals['generate$'] / totals['axios + decode + parse']).toFixed(3)}`,
  );
}

/** From unsubscribe to the server seeing the connection close, over many cancelled streams. */
async function cancelLatencies(server: FakeLlmServer): Promise<number[]> {
  const generator = new PersonaGenerator({ provider: 'openai', baseURL: server.url, apiKey: 'sk-bench-000000' });
  const latencies: number[] = [];
  for (let index = 1; index <= CANCELLED_STREAMS; index += 1) {
    server.enqueue({ chunkDelayMs: 10, chunkSize: 4 });
    let cancel: () => void = () => undefined;
    await new Promise<void>((firstToken) => {
      const subscription = generator.generate$({ count: 3, data: DATA }).subscribe((event) => {
        if (event.type === 'token') firstToken();
      });
      cancel = () => subscription.unsubscribe();
    });
    const closed = server.waitForClientClose(index);
    const start = performance.now();
    cancel();
    await closed;
    latencies.push(performance.now() - start);
  }
  return latencies;
}

const percentile = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

export async function runOverheadBench(): Promise<void> {
  const server = await startFakeLlmServer();
  try {
    console.log(`overhead: ${RUNS} sequential generations each, zero latency, loopback server`);
    await pipelineOverhead(server, false);
    await pipelineOverhead(server, true);
    const latencies = await cancelLatencies(server);
    console.log(
      `cancel: ${CANCELLED_STREAMS} cancelled streams, unsubscribe to server-side close: ` +
        `p50 ${percentile(latencies, 0.5).toFixed(2)} ms, p99 ${percentile(latencies, 0.99).toFixed(2)} ms, ` +
        `max ${Math.max(...latencies).toFixed(2)} ms (target max <= 50 ms)`,
    );
  } finally {
    await server.close();
  }
}
