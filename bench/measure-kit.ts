// 7. The merchant kit on one instance: signed callbacks (binding confirmations) per second it
// verifies and answers, with the in-memory replay store and with the Redis one, and the latency
// the Redis replay check adds, as a ratio against the in-memory store in the same run. Each kit
// runs in its own process (bench/kit-server.ts) behind Node's http server; a real redis-server on
// a free port; the requests are signed beforehand, each with its own signature (a new timestamp),
// so signing costs the measurement nothing and no request is refused as a replay.
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startRedisServer } from '../dev/redis-server.js';
import { generateSigningKey, signRequest } from '../src/merchant/testing.js';
import { median, type Result, type Row } from './lib.js';

const MERCHANT = 'MERCHANT-BENCH';
const THROUGHPUT_REQUESTS = 2000;
const CONCURRENCY = 16;
const LATENCY_REQUESTS = 600;
const LATENCY_BLOCK = 50;
const ROUNDS = 4;

const CONFIRMATION = JSON.stringify({
  status: 'SUCCESS',
  inpost_basket_id: '0b1c7d6e-2f41-4c9a-8a3e-5d6f7a8b9c0d',
  phone_number: { country_prefix: '+48', phone: '600100200' },
  browser: { browser_trusted: true, browser_id: 'browser-1' },
  masked_phone_number: '60*****00',
  name: 'Jan',
  surname: 'Kowalski',
});

interface Instance {
  url: string;
  stop(): Promise<void>;
}

async function startKit(publicKey: string, store: string): Promise<Instance> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./kit-server.ts', import.meta.url)), publicKey, MERCHANT, store], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const found = /listening (\S+)/.exec(output);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`kit-server exited with ${code}: ${output}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

type Signed = Record<string, string>;

/** `count` sets of signature headers over the confirmation, each with its own timestamp. */
function signMany(privateKey: ReturnType<typeof generateSigningKey>['privateKey'], publicKey: string, count: number, start: number): Signed[] {
  return Array.from({ length: count }, (_, i) => ({
    'content-type': 'application/json',
    ...signRequest({ body: CONFIRMATION, merchantExternalId: MERCHANT, keyVersion: '1', privateKey, publicKey, timestamp: new Date(start + i).toISOString() }),
  }));
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** One confirmation; resolves its status. */
function post(url: string, headers: Signed): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}/inpost/v1/izi/basket/b-1/confirmation`, { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(CONFIRMATION)) } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end(CONFIRMATION);
  });
}

/** Sends all `signed` with `CONCURRENCY` in flight; returns callbacks per second, checking each was answered 200. */
async function throughput(url: string, signed: Signed[]): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < signed.length) {
        const status = await post(url, signed[next++]!);
        if (status !== 200) throw new Error(`the kit answered ${status}`);
      }
    }),
  );
  return signed.length / ((performance.now() - started) / 1000);
}

/** One request at a time; the time of each, ms. */
async function latencies(url: string, signed: Signed[]): Promise<number[]> {
  const times: number[] = [];
  for (const headers of signed) {
    const started = performance.now();
    const status = await post(url, headers);
    times.push(performance.now() - started);
    if (status !== 200) throw new Error(`the kit answered ${status}`);
  }
  return times;
}

export async function measureKit(): Promise<Result> {
  const redis = await startRedisServer();
  const { privateKey, publicKeyBase64 } = generateSigningKey();
  const instances: Instance[] = [];
  try {
    const memory = await startKit(publicKeyBase64, 'memory');
    instances.push(memory);
    const shared = await startKit(publicKeyBase64, redis.url);
    instances.push(shared);
    let clock = Date.now();
    const batch = (count: number) => {
      const signed = signMany(privateKey, publicKeyBase64, count, clock);
      clock += count;
      return signed;
    };

    // Warm-up (JIT, connections, the Redis connection), then rounds alternating the order.
    await throughput(memory.url, batch(300));
    await throughput(shared.url, batch(300));
    const rates = { memory: [] as number[], redis: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['memory', 'redis'] as const) : (['redis', 'memory'] as const);
      for (const kind of order) rates[kind].push(await throughput(kind === 'memory' ? memory.url : shared.url, batch(THROUGHPUT_REQUESTS)));
    }

    // Latency: blocks of sequential requests, alternating between the two instances.
    const times = { memory: [] as number[], redis: [] as number[] };
    for (let done = 0; done < LATENCY_REQUESTS; done += LATENCY_BLOCK) {
      times.memory.push(...(await latencies(memory.url, batch(LATENCY_BLOCK))));
      times.redis.push(...(await latencies(shared.url, batch(LATENCY_BLOCK))));
    }
    const memoryMs = median(times.memory);
    const redisMs = median(times.redis);
    const ratio = redisMs / memoryMs;
    const added = (redisMs - memoryMs) * 1000;
    const range = (values: number[]) => `${Math.round(Math.min(...values))}–${Math.round(Math.max(...values))}`;
    const rows: Row[] = [
      {
        id: '7',
        measurement: `signed binding confirmations one kit instance verifies and answers per second (Node http, ${CONCURRENCY} in flight, trivial adapter; median of ${ROUNDS} rounds of ${THROUGHPUT_REQUESTS})`,
        widget: `${Math.round(median(rates.redis))} / s with the Redis replay store (${range(rates.redis)})`,
        baseline: `${Math.round(median(rates.memory))} / s in memory (${range(rates.memory)})`,
        figure: `×${(median(rates.redis) / median(rates.memory)).toFixed(2)}`,
        target: '',
      },
      {
        id: '7',
        measurement: `one signed confirmation, request to answer (median of ${LATENCY_REQUESTS}, one at a time): Redis replay check against the in-memory one`,
        widget: `${(redisMs * 1000).toFixed(0)} µs (Redis)`,
        baseline: `${(memoryMs * 1000).toFixed(0)} µs (memory)`,
        figure: `×${ratio.toFixed(2)} (${added >= 0 ? '+' : '−'}${Math.abs(added).toFixed(0)} µs)`,
        target: '',
      },
    ];
    const details = [
      `**7. The merchant kit alone.** Two kit processes (\`bench/kit-server.ts\`), one with the in-memory replay store and one with ` +
        `\`redisReplayStore\` on a local redis-server (one \`SET NX EX\` per callback), each behind Node's http server; every request a ` +
        `binding confirmation with its own RSA-SHA256 signature (signed beforehand), checked, remembered, validated and answered with a ` +
        `fixed basket. Rates (per s): memory ${rates.memory.map(Math.round).join(', ')}; Redis ${rates.redis.map(Math.round).join(', ')}. ` +
        `The load generator and redis-server share the machine with the kit, so the rate is a floor.`,
    ];
    return { rows, details };
  } finally {
    for (const instance of instances) await instance.stop();
    agent.destroy();
    await redis.stop();
  }
}
