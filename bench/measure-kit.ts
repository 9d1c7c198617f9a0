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
/** Requests per store for the rate, in blocks alternating between the two kits. */
const THROUGHPUT_REQUESTS = 4000;
const THROUGHPUT_BLOCK = 250;
const CONCURRENCY = 16;
/** Requests per store for the latency, one at a time, in blocks alternating between the two kits. */
const LATENCY_REQUESTS = 600;
const LATENCY_BLOCK = 10;

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

/** The kit process's CPU time so far, µs. */
async function cpuMicros(url: string): Promise<number> {
  const response = await fetch(`${url}/bench/cpu`);
  return ((await response.json()) as { micros: number }).micros;
}

/** Sends all `signed` with `CONCURRENCY` in flight, checking each was answered 200; the kit's CPU time and the wall time, ms. */
async function batch(url: string, signed: Signed[]): Promise<{ cpuMs: number; wallMs: number }> {
  let next = 0;
  const cpuBefore = await cpuMicros(url);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < signed.length) {
        const status = await post(url, signed[next++]!);
        if (status !== 200) throw new Error(`the kit answered ${status}`);
      }
    }),
  );
  const wallMs = performance.now() - started;
  return { cpuMs: ((await cpuMicros(url)) - cpuBefore) / 1000, wallMs };
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
    const signedBatch = (count: number) => {
      const signed = signMany(privateKey, publicKeyBase64, count, clock);
      clock += count;
      return signed;
    };
    const kits = { memory, redis: shared };
    const kinds = ['memory', 'redis'] as const;

    // Warm-up (JIT, connections, the Redis connection), then blocks alternating between the kits,
    // so a burst of load elsewhere on the machine falls on both.
    for (const kind of kinds) await batch(kits[kind].url, signedBatch(300));
    const totals = { memory: { cpuMs: 0, wallMs: 0 }, redis: { cpuMs: 0, wallMs: 0 } };
    for (let done = 0; done < THROUGHPUT_REQUESTS; done += THROUGHPUT_BLOCK) {
      const order = (done / THROUGHPUT_BLOCK) % 2 === 0 ? kinds : ([...kinds].reverse() as typeof kinds[number][]);
      for (const kind of order) {
        const { cpuMs, wallMs } = await batch(kits[kind].url, signedBatch(THROUGHPUT_BLOCK));
        totals[kind].cpuMs += cpuMs;
        totals[kind].wallMs += wallMs;
      }
    }
    const perCpuSecond = (kind: typeof kinds[number]) => THROUGHPUT_REQUESTS / (totals[kind].cpuMs / 1000);
    const perSecond = (kind: typeof kinds[number]) => THROUGHPUT_REQUESTS / (totals[kind].wallMs / 1000);

    // Latency: one request at a time, in short blocks alternating between the kits.
    const times = { memory: [] as number[], redis: [] as number[] };
    for (let done = 0; done < LATENCY_REQUESTS; done += LATENCY_BLOCK) {
      for (const kind of kinds) times[kind].push(...(await latencies(kits[kind].url, signedBatch(LATENCY_BLOCK))));
    }
    const memoryMs = median(times.memory);
    const redisMs = median(times.redis);
    const ratio = redisMs / memoryMs;
    const added = (redisMs - memoryMs) * 1000;
    const rows: Row[] = [
      {
        id: '7',
        measurement: `signed binding confirmations one kit instance verifies and answers per CPU-second of its process (Node http, ${CONCURRENCY} in flight, trivial adapter; ${THROUGHPUT_REQUESTS} per store)`,
        widget: `${Math.round(perCpuSecond('redis'))} / s with the Redis replay store`,
        baseline: `${Math.round(perCpuSecond('memory'))} / s in memory`,
        figure: `×${(perCpuSecond('redis') / perCpuSecond('memory')).toFixed(2)}`,
        target: '',
      },
      {
        id: '7',
        measurement: 'the same by the wall clock (for information: the load generator and redis-server share the machine, and so do other processes)',
        widget: `${Math.round(perSecond('redis'))} / s (Redis)`,
        baseline: `${Math.round(perSecond('memory'))} / s (memory)`,
        figure: `×${(perSecond('redis') / perSecond('memory')).toFixed(2)}`,
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
        `fixed basket. The rate is per CPU-second of the kit's process (user + system time read around each block of ${THROUGHPUT_BLOCK}), which ` +
        `the load of other processes does not move as it moves the wall clock; one core of this machine answers that many. ` +
        `CPU time (ms): memory ${totals.memory.cpuMs.toFixed(0)}, Redis ${totals.redis.cpuMs.toFixed(0)}; wall time (ms): memory ` +
        `${totals.memory.wallMs.toFixed(0)}, Redis ${totals.redis.wallMs.toFixed(0)}.`,
    ];
    return { rows, details };
  } finally {
    for (const instance of instances) await instance.stop();
    agent.destroy();
    await redis.stop();
  }
}
